from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

FROM = "FROM alpine:3.20 AS build\nFROM alpine:3.20\n"


@pytest.mark.parametrize(
    ("line", "columns", "words"),
    [
        (
            "HEALTHCHECK --timeout CMD true",
            (12, 21),
            "`--timeout` needs a value: `--timeout=<duration>`",
        ),
        ("COPY --from build /a /b", (5, 11), "`--from` needs a value: `--from=<value>`"),
        ("COPY --link= a b", (5, 12), "`--link=` has no value"),
        ("RUN --mount echo", (4, 11), "`--mount` needs a value"),
        ("FROM --platform alpine:3.20", (5, 15), "`--platform` needs a value"),
        ("ONBUILD ADD --chown a b", (12, 19), "`--chown` needs a value"),
    ],
)
def test_flags(line: str, columns: tuple[int, int], words: str) -> None:
    (violation,) = assert_flags("DF903", FROM + line + "\n")
    assert words in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == (2, columns[0], 2, columns[1])


@pytest.mark.parametrize(
    "line",
    [
        "COPY --link --parents --from=build a b",
        "ADD --keep-git-dir --unpack=true https://x/y.tgz /y",
        "HEALTHCHECK --timeout= CMD true",
        "HEALTHCHECK NONE --timeout",
        "COPY --bogus a b",
        "ARG --foo",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF903", FROM + line + "\n")
