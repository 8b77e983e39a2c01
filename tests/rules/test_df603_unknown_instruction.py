from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("FROM a:1\nCOPPY a /a\n", "`COPY`"),
        ('FROM a:1\nENTRYPIONT ["a"]\n', "`ENTRYPOINT`"),
        ("FROM a:1\nworkdri /app\n", "`workdir`"),
        ("FORM a:1\n", "`FROM`"),
        ("FROM a:1\nONBUILD RUNN make\n", "`RUN`"),
    ],
)
def test_flags_with_a_suggestion(text: str, suggestion: str) -> None:
    (violation,) = assert_flags("DF603", text)
    assert f"did you mean {suggestion}?" in violation.message
    assert violation.fix is not None


def test_a_lost_continuation_is_explained_without_a_guess() -> None:
    text = "FROM a:1\nRUN apt-get update &&\n    cd /app\n"
    (violation,) = assert_flags("DF603", text)
    assert "end the previous line with `\\`" in violation.message
    assert violation.fix is None
    start, end = violation.span
    assert (start.line, start.character, end.character) == (2, 4, 6)


def test_unknown_word_without_a_close_match() -> None:
    (violation,) = assert_flags("DF603", "FROM a:1\nXYZZY foo\n")
    assert violation.message == "Unknown instruction `XYZZY`"
    assert violation.fix is None


@pytest.mark.parametrize(
    "text",
    [
        "FROM a:1\nrun echo\nCopy a b\n",
        "FROM a:1\nRUN <<EOF\napt-get update\nEOF\n",
        "FROM a:1\nRUN a \\\n  && b\n",
        "FROM a:1\n# dfls ignore=DF603\nCOPPY a b\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF603", text)


def test_fix_is_unsafe_and_keeps_the_case() -> None:
    assert fixed("DF603", "FROM a:1\ncoppy a b\n", unsafe=False) == "FROM a:1\ncoppy a b\n"
    assert fixed("DF603", "FROM a:1\ncoppy a b\n") == "FROM a:1\ncopy a b\n"
