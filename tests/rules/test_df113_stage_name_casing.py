from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    ["FROM alpine:3.20 AS Build\n", "from alpine:3.20 as BUILD\n", "FROM a:1 AS webApp\n"],
)
def test_flags(text: str) -> None:
    assert_flags("DF113", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20 AS build\n",
        "FROM alpine:3.20\n",
        "FROM Alpine:3.20\n",
        "FROM a AS b-2_c\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF113", text)


def test_span_is_the_name() -> None:
    (violation,) = assert_flags("DF113", "FROM alpine:3.20 AS BuildEnv\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (0, 20, 28)


def test_fix_lowercases_the_name_only() -> None:
    text = "FROM alpine:3.20 AS Build\nFROM Build\nCOPY --from=Build /a /a\n"
    assert fixed("DF113", text, unsafe=False) == (
        "FROM alpine:3.20 AS build\nFROM Build\nCOPY --from=Build /a /a\n"
    )
