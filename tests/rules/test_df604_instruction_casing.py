from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("FROM a:1\nrun echo\n", 1),
        ("from a:1\nrun echo\n", 2),
        ("FROM a:1\nRun echo\n", 1),
        ("FROM a:1\nONBUILD run make\n", 1),
        ('FROM a:1\nRUN a \\\n && b\ncmd ["x"]\n', 1),
    ],
)
def test_flags_in_upper_style(text: str, count: int) -> None:
    assert_flags("DF604", text, count=count, style="upper")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("from a:1\nrun a\nRUN b\n", 1),
        ("FROM a:1\nRUN a\nrun b\n", 1),
        ("from a:1\nRun a\n", 1),
    ],
)
def test_flags_in_consistent_style(text: str, count: int) -> None:
    assert_flags("DF604", text, count=count, style="consistent")
    assert_flags("DF604", text, count=count)  # the default


@pytest.mark.parametrize(
    "text",
    [
        "FROM a:1\nRUN echo\n",
        "FROM a:1\nCOPPY a b\n",  # unknown: DF603
        "FROM a:1 as build\n",  # AS: DF607
        "FROM a:1\nRUN <<EOF\nrun this\nEOF\n",
        "FROM a:1\n# dfls ignore=DF604\nrun a\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF604", text)


def test_consistent_style_accepts_an_all_lower_case_file() -> None:
    assert_clean("DF604", "from a:1\nrun a\nonbuild run b\n", style="consistent")
    assert_clean("DF604", "from a:1\nrun a\nonbuild run b\n")


def test_span_is_the_keyword() -> None:
    (violation,) = assert_flags("DF604", "FROM a:1\nONBUILD copy a b\n")
    assert violation.message.endswith("`COPY`")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 8, 12)


def test_fix_changes_only_the_case() -> None:
    text = "from a:1\nRun a \\\n  b\nonbuild copy x y\n"
    assert fixed("DF604", text, unsafe=False) == "from a:1\nrun a \\\n  b\nonbuild copy x y\n"
