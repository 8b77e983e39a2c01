from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

FROM = "FROM node:22-slim\n"


@pytest.mark.parametrize(
    ("line", "span", "words"),
    [
        ("ONBUILD ONBUILD COPY . /app", (8, 15), "ONBUILD cannot trigger another ONBUILD"),
        ("onbuild from alpine", (8, 12), "FROM cannot be an ONBUILD trigger"),
        ("ONBUILD MAINTAINER me", (8, 18), "MAINTAINER cannot be an ONBUILD trigger"),
    ],
)
def test_flags(line: str, span: tuple[int, int], words: str) -> None:
    (violation,) = assert_flags("DF908", FROM + line + "\n")
    assert violation.message == words
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, *span)


@pytest.mark.parametrize("line", ["ONBUILD COPY . /app", "ONBUILD RUN npm ci", "ONBUILD"])
def test_does_not_flag(line: str) -> None:
    assert_clean("DF908", FROM + line + "\n")
