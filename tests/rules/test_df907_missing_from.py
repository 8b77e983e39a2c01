from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    ("text", "span", "words"),
    [
        ("LABEL a=b\nFROM alpine:3.20\n", (0, 0, 0, 5), "LABEL comes before any FROM"),
        ("# syntax=docker/dockerfile:1\nARG V=1\nRUN x\nFROM a\n", (2, 0, 2, 3), "RUN comes"),
        ("ARG A\nARG B\n", (0, 0, 0, 3), "the file has no FROM"),
        ("", (0, 0, 0, 0), "the file has no FROM"),
        ("# only a comment\n", (0, 0, 0, 16), "the file has no FROM"),
    ],
)
def test_flags(text: str, span: tuple[int, int, int, int], words: str) -> None:
    (violation,) = assert_flags("DF907", text)
    assert words in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == span


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\n",
        "# escape=`\nARG BASE=alpine:3.20\nFROM ${BASE}\nRUN x\n",
        "COPPY a b\nFROM alpine:3.20\n",
        "from alpine\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF907", text)


def test_only_the_first_is_reported() -> None:
    assert_flags("DF907", "LABEL a=b\nRUN x\nFROM a\n", count=1)
