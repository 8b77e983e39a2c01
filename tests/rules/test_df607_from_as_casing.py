from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM golang:1.22 as build\n",
        "from golang:1.22 AS build\n",
        "FROM golang:1.22 As build\n",
        "FROM --platform=$BUILDPLATFORM golang:1.22 as build\n",
        "ARG V=1.22\nFROM golang:${V} as build\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF607", text)


@pytest.mark.parametrize(
    "text",
    [
        "FROM golang:1.22 AS build\n",
        "from golang:1.22 as build\n",
        "From golang:1.22 as build\n",  # no case to match: DF604's concern
        "FROM golang:1.22\n",
        "# dfls ignore=DF607\nFROM golang:1.22 as build\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF607", text)


def test_span_is_the_as_word() -> None:
    (violation,) = assert_flags("DF607", "FROM golang:1.22 as build\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (0, 17, 19)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("FROM a:1 as b\n", "FROM a:1 AS b\n"),
        ("from a:1 AS b\n", "from a:1 as b\n"),
    ],
)
def test_fix(before: str, after: str) -> None:
    assert fixed("DF607", before, unsafe=False) == after
