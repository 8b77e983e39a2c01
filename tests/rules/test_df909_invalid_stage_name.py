from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    ("line", "span"),
    [
        ("FROM alpine:3.20 AS 1st", (20, 23)),
        ("FROM alpine:3.20 AS my@stage", (20, 28)),
        ("FROM alpine:3.20 as ${TARGET}", (20, 29)),
        ("FROM alpine:3.20 AS -x", (20, 22)),
    ],
)
def test_flags(line: str, span: tuple[int, int]) -> None:
    (violation,) = assert_flags("DF909", line + "\n")
    assert "is not a valid stage name" in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == (0, span[0], 0, span[1])


@pytest.mark.parametrize(
    "line",
    [
        "FROM alpine:3.20 AS build",
        "FROM alpine:3.20 AS Build-2_x.y",
        "FROM alpine:3.20",
        "FROM alpine:3.20 AS",
        "FROM alpine:3.20 AS a b",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF909", line + "\n")
