from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("FROM a:1\nHEALTHCHECK CMD /a\nHEALTHCHECK CMD /b\n", 1),
        ("FROM a:1\nHEALTHCHECK NONE\nhealthcheck --interval=5s CMD /b\n", 1),
        ("FROM a:1\nHEALTHCHECK CMD /a\nHEALTHCHECK CMD /b\nHEALTHCHECK CMD /c\n", 2),
        ("FROM a:1 AS build\nHEALTHCHECK CMD /a\nHEALTHCHECK CMD /b\nFROM b:1\n", 1),
    ],
)
def test_flags(text: str, count: int) -> None:
    assert_flags("DF405", text, count=count)


@pytest.mark.parametrize(
    "text",
    [
        "FROM a:1\nHEALTHCHECK CMD /a\n",
        "FROM a:1 AS base\nHEALTHCHECK CMD /a\nFROM base\nHEALTHCHECK CMD /b\n",
        "FROM a:1\nONBUILD HEALTHCHECK CMD /a\nHEALTHCHECK CMD /b\n",
        "FROM a:1\n# hadolint ignore=DL3012\nHEALTHCHECK CMD /a\nHEALTHCHECK CMD /b\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF405", text)


def test_span_covers_the_continued_instruction() -> None:
    text = "FROM a:1\nHEALTHCHECK --interval=5s \\\n  CMD /a\nHEALTHCHECK CMD /b\n"
    (violation,) = assert_flags("DF405", text)
    assert (violation.span.start.line, violation.span.end.line) == (1, 2)
    assert "a later HEALTHCHECK in this stage" in violation.message


def test_fix_deletes_the_earlier_ones() -> None:
    text = "FROM a:1\nHEALTHCHECK CMD /a\nHEALTHCHECK \\\n  CMD /b\nHEALTHCHECK CMD /c\n"
    assert fixed("DF405", text, unsafe=False) == "FROM a:1\nHEALTHCHECK CMD /c\n"
