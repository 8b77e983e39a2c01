from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

FROM = "FROM alpine:3.20\n"


@pytest.mark.parametrize(
    ("line", "span", "words"),
    [
        ("ENV =x", (4, 6), "`=x` has no name before `=`: ENV names cannot be blank"),
        ("LABEL a=1 =2", (10, 12), "LABEL names cannot be blank"),
        ("ARG =v", (4, 6), "ARG names cannot be blank"),
        ("ENV a=1 b", (8, 9), "`b` has no `=`: every pair must be `name=value`"),
        ("ENV PATH", (4, 8), "`ENV PATH` has no value: write `PATH=<value>`"),
        ('LABEL "a=b', (6, 10), "the double quote is never closed"),
        ("ENV name='a\\'b'", (4, 15), "the single quote is never closed"),
        ("ONBUILD ENV a=1 b", (16, 17), "`b` has no `=`"),
    ],
)
def test_flags(line: str, span: tuple[int, int], words: str) -> None:
    (violation,) = assert_flags("DF906", FROM + line + "\n")
    assert words in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == (1, span[0], 1, span[1])


@pytest.mark.parametrize(
    "line",
    [
        "ENV A=1 B=2",
        "ENV A 1 2 3",
        'ENV A="x y" B=',
        "ARG A B=1",
        "LABEL a=b \\\n  c=d",
        'ENV name="a\\"b"',
        "ENV name='a\\'b''",
        "ENV",
        "ENV A=$B",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF906", FROM + line + "\n")


def test_every_pair_without_equals_is_reported() -> None:
    assert_flags("DF906", FROM + "ENV a=1 b c\n", count=2)
