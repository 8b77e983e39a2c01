from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3 AS build\nFROM alpine:3 AS build\n",
        "FROM alpine:3 AS build\nfrom alpine:3 as BUILD\n",
        "FROM alpine:3 AS a\nFROM alpine:3 AS b\nFROM a AS a\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF105", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3 AS build\nFROM alpine:3 AS runtime\n",
        "FROM alpine:3\nFROM alpine:3\n",
        "FROM alpine:3 AS build\n# dfls ignore=DF105\nFROM alpine:3 AS build\n",
        "# check=skip=DuplicateStageName\nFROM alpine:3 AS build\nFROM alpine:3 AS build\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF105", text)


def test_span_and_message_point_at_the_second_name() -> None:
    (violation,) = assert_flags("DF105", "FROM alpine:3 AS build\nFROM debian:12 AS build\n")
    assert violation.span.start.line == 1
    assert (violation.span.start.character, violation.span.end.character) == (18, 23)
    assert "line 1" in violation.message
