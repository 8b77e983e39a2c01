"""Golden examples: each ``golden/NAME/input.Dockerfile`` formats to ``expected.Dockerfile``
(with the options in ``options.toml``, if any), builds the same, and stays as it is when
formatted again."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfls.features.format import format_text
from tests.format.checks import GOLDEN, case_options, oracle, read, same_build

CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path) -> None:
    options = case_options(case)
    source = read(case / "input.Dockerfile")
    expected = read(case / "expected.Dockerfile")
    result = format_text(source, options)
    assert result.refused is None
    assert result.text == expected
    assert same_build(source, expected)
    assert oracle(source) == oracle(expected)
    again = format_text(expected, options)
    assert again.text == expected and not again.changed


def test_every_case_changes_something_or_says_why() -> None:
    """A case whose input is already formatted tests nothing."""
    for case in CASES:
        assert read(case / "input.Dockerfile") != read(case / "expected.Dockerfile"), case.name


def test_syntax_error_keeps_the_broken_instruction_and_says_so() -> None:
    case = GOLDEN / "syntax_error"
    result = format_text(read(case / "input.Dockerfile"))
    assert result.text.startswith("FROM alpine\nRUN echo ok\n")
    assert result.text.endswith("RUN <<EOF\necho never ends\n")
    assert any("never terminated" in note for note in result.notes)


def test_line_endings_and_bom_are_kept() -> None:
    crlf = format_text(read(GOLDEN / "crlf" / "input.Dockerfile")).text
    assert "\n" not in crlf.replace("\r\n", "")
    bom = format_text(read(GOLDEN / "bom" / "input.Dockerfile")).text
    assert bom.startswith("\ufeffFROM alpine\n")
