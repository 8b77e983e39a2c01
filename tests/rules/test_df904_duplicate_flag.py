from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

FROM = "FROM alpine:3.20 AS build\nFROM alpine:3.20\n"


@pytest.mark.parametrize(
    ("line", "columns"),
    [
        ("COPY --from=build --from=build a b", (20, 24)),
        ("COPY --link --chown=1 --link a b", (24, 28)),
        ("HEALTHCHECK --retries=1 --retries=2 CMD true", (26, 33)),
        ("ONBUILD RUN --network=none --network=host echo", (29, 36)),
    ],
)
def test_flags(line: str, columns: tuple[int, int]) -> None:
    (violation,) = assert_flags("DF904", FROM + line + "\n")
    assert "is given again" in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.character) == (2, *columns)


@pytest.mark.parametrize(
    "line",
    [
        "RUN --mount=type=cache,target=/a --mount=type=cache,target=/b echo",
        "COPY --exclude=*.md --exclude=*.txt a b",
        "RUN --device=a --device=b echo",
        "COPY --bogus --bogus a b",
        "COPY --from=build --FROM=build a b",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF904", FROM + line + "\n")


def test_three_times_is_two_findings() -> None:
    assert_flags("DF904", FROM + "COPY --link --link --link a b\n", count=2)
