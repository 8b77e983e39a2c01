from __future__ import annotations

import pytest

from dfls.rules.api import Tag
from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ('FROM a:1\nCMD ["a"]\nCMD ["b"]\n', 1),
        ('FROM a:1\nCMD ["a"]\nCMD ["b"]\nCMD ["c"]\n', 2),
        ('FROM a:1\nENTRYPOINT ["a"]\nentrypoint ["b"]\n', 1),
        ('FROM a:1\nENTRYPOINT ["a"]\nCMD ["x"]\nENTRYPOINT ["b"]\nCMD ["y"]\n', 2),
    ],
)
def test_flags(text: str, count: int) -> None:
    assert_flags("DF403", text, count=count)


def test_flags_build_stages_too() -> None:
    assert_flags("DF403", 'FROM a:1 AS build\nCMD ["a"]\nCMD ["b"]\nFROM scratch\n', count=1)


@pytest.mark.parametrize(
    "text",
    [
        'FROM a:1\nENTRYPOINT ["tini", "--"]\nCMD ["python", "main.py"]\n',
        'FROM a:1 AS base\nCMD ["a"]\nFROM base\nCMD ["b"]\n',
        'FROM a:1\nCMD ["a"]\nFROM b:1\nCMD ["b"]\n',
        'FROM a:1\nONBUILD CMD ["a"]\nCMD ["b"]\n',
        'FROM a:1\n# hadolint ignore=DL4003\nCMD ["a"]\nCMD ["b"]\n',
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF403", text)


def test_span_is_the_overridden_instruction_and_points_to_the_last() -> None:
    text = 'FROM a:1\nCMD python \\\n    migrate.py\nCMD ["python", "app.py"]\n'
    (violation,) = assert_flags("DF403", text)
    assert (violation.span.start.line, violation.span.end.line) == (1, 2)
    assert "a later CMD in this stage" in violation.message
    assert Tag.UNNECESSARY in violation.tags


def test_fix_deletes_the_earlier_instructions() -> None:
    text = 'FROM a:1\nCMD ["a"]\nCMD a \\\n  b\nENTRYPOINT ["e"]\nCMD ["c"]\n'
    assert fixed("DF403", text, unsafe=False) == 'FROM a:1\nENTRYPOINT ["e"]\nCMD ["c"]\n'
