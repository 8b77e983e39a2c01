"""Pragma insertion and merging, minimal fix-all edits, quick-fix titles."""

from __future__ import annotations

import pytest

from dfls.engine import fixes
from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.features import actions
from dfls.model import Dockerfile
from dfls.rules.api import Applicability, BuildContext, Violation


def _apply(text: str, line: int, code: str) -> str:
    edit = actions.pragma_edit(Dockerfile.parse(text), line, code)
    assert edit is not None
    return fixes.apply_edits(text, [edit])


def test_inserts_a_pragma_above_the_instruction() -> None:
    text = "FROM a\n  RUN x \\\n    && y\n"
    assert _apply(text, 2, "DF201") == "FROM a\n  # dfls ignore=DF201\n  RUN x \\\n    && y\n"


def test_keeps_crlf() -> None:
    assert _apply("FROM a\r\nCMD x\r\n", 1, "DF401") == "FROM a\r\n# dfls ignore=DF401\r\nCMD x\r\n"
    assert _apply("CMD x", 0, "DF401") == "# dfls ignore=DF401\nCMD x"


def test_merges_into_an_existing_pragma() -> None:
    text = "FROM a\n# dfls ignore=DF101\n# why: legacy\nCMD x\n"
    assert _apply(text, 3, "DF401") == "FROM a\n# dfls ignore=DF101,DF401\n# why: legacy\nCMD x\n"


def test_merging_keeps_the_reason_after_the_codes() -> None:
    text = "FROM a\n# dfls ignore=DF101 because the base is ours\nCMD x\n"
    merged = _apply(text, 2, "DF401")
    assert merged == "FROM a\n# dfls ignore=DF101,DF401 because the base is ours\nCMD x\n"
    result = engine.lint(Dockerfile.parse(merged), Settings(select=("DF401", "DF901")))
    assert result.violations == ()


def test_does_not_merge_into_global_or_other_tools_pragmas() -> None:
    text = "FROM a\n# dfls global ignore=DF101\n# hadolint ignore=DL3025\nCMD x\n"
    assert _apply(text, 3, "DF401") == (
        "FROM a\n# dfls global ignore=DF101\n# hadolint ignore=DL3025\n# dfls ignore=DF401\nCMD x\n"
    )


def test_already_listed_or_outside_an_instruction() -> None:
    text = "FROM a\n# dfls ignore=df401\nCMD x\n\n# comment\n"
    assert actions.pragma_edit(Dockerfile.parse(text), 2, "DF401") is None
    assert actions.pragma_edit(Dockerfile.parse(text), 4, "DF401") is None


def test_merged_pragma_really_suppresses() -> None:
    text = "FROM python:latest\n# dfls ignore=DF101\nCMD python app.py\n"
    fixed = _apply(text, 2, "DF401")
    result = engine.lint(Dockerfile.parse(fixed), Settings(select=("DF401",)))
    assert result.violations == ()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("abc", "abc"),
        ("abc", "aXc"),
        ("a\r\nb", "a\nb"),
        ("a\nb\n", "a\nB\nc\n"),
        ("", "x"),
        ("x", ""),
        ("aa\r\n", "aa\r\n\r\n"),
        ("😋a", "😋b"),
    ],
)
def test_minimal_edit_round_trips(old: str, new: str) -> None:
    edit = actions.minimal_edit(old, new)
    if old == new:
        assert edit is None
        return
    assert edit is not None
    assert fixes.apply_edits(old, [edit]) == new


def test_minimal_edit_is_minimal() -> None:
    edit = actions.minimal_edit("FROM a\nCMD x y\nRUN z\n", 'FROM a\nCMD ["x", "y"]\nRUN z\n')
    assert edit is not None
    assert edit.span.start.line == edit.span.end.line == 1


def test_fix_all_applies_safe_fixes_only_by_default() -> None:
    text = "FROM python:3.12\nCMD python app.py\n"

    def lint(dockerfile: Dockerfile) -> tuple[Violation, ...]:
        settings = Settings(select=("DF401",))
        return engine.lint(dockerfile, settings, BuildContext()).violations

    assert actions.fix_all(text, lint) is None  # DF401's fix is unsafe
    edit = actions.fix_all(text, lint, unsafe=True)
    assert edit is not None
    assert fixes.apply_edits(text, [edit]) == 'FROM python:3.12\nCMD ["python", "app.py"]\n'


def test_titles() -> None:
    assert actions.quick_fix_title("DF1", "Pin", Applicability.SAFE) == "Pin (DF1)"
    assert "unsafe" in actions.quick_fix_title("DF1", "Pin", Applicability.UNSAFE)
    assert "review" in actions.quick_fix_title("DF1", "Pin", Applicability.DISPLAY)
    assert actions.disable_title("DF401") == "Disable DF401 for this instruction"


def _lint(text: str, *codes: str) -> tuple[Dockerfile, tuple[Violation, ...]]:
    dockerfile = Dockerfile.parse(text)
    return dockerfile, engine.lint(dockerfile, Settings(select=codes), BuildContext()).violations


def test_for_findings_offers_a_fix_and_one_disable_per_code_and_instruction() -> None:
    dockerfile, violations = _lint("FROM a:1\nUSER 1000\nCMD python app.py\n", "DF401")
    found = actions.for_findings(dockerfile, [*violations, *violations])
    assert [a.title for a in found] == [
        "Convert to exec form (DF401, unsafe: may change behaviour)",
        "Disable DF401 for this instruction",
        "Convert to exec form (DF401, unsafe: may change behaviour)",
    ]
    fix, disable = found[0], found[1]
    assert not fix.preferred and fix.violation is violations[0]
    text = dockerfile.text
    assert fixes.apply_edits(text, fix.edits) == 'FROM a:1\nUSER 1000\nCMD ["python", "app.py"]\n'
    assert fixes.apply_edits(text, disable.edits) == (
        "FROM a:1\nUSER 1000\n# dfls ignore=DF401\nCMD python app.py\n"
    )


def test_fix_all_action_follows_the_unsafe_setting() -> None:
    dockerfile, violations = _lint("FROM a:1\nCMD python app.py\n", "DF401")
    context = BuildContext()
    assert (
        actions.fix_all_action(dockerfile, violations, Settings(select=("DF401",)), context) is None
    )
    assert not actions.can_fix_all(violations, unsafe=False)
    assert actions.can_fix_all(violations, unsafe=True)
    unsafe = Settings(select=("DF401",), unsafe_fixes=True)
    action = actions.fix_all_action(dockerfile, violations, unsafe, context)
    assert action is not None and action.title == actions.FIX_ALL_TITLE
    assert (
        fixes.apply_edits(dockerfile.text, action.edits) == 'FROM a:1\nCMD ["python", "app.py"]\n'
    )
