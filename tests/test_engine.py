from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import ClassVar

import pytest

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile, Instruction, Position, Span
from dfls.rules import registry
from dfls.rules.api import InstructionRule, Rule, RuleContext, Severity, Violation

TEXT = "FROM python\nCMD python app.py\n"
# Two rules stand for all of them, so new rules do not change these tests' expectations.
TWO = ("DF101", "DF401")


def codes(text: str, settings: Settings | None = None) -> list[str]:
    found = engine.lint(Dockerfile.parse(text), settings).violations
    return [v.code for v in found if v.code in TWO]


def test_default_selection_and_sorting() -> None:
    assert codes(TEXT) == ["DF101", "DF401"]


def test_select_ignore_extend_by_code_name_and_prefix() -> None:
    assert codes(TEXT, Settings(select=("DF4",))) == ["DF401"]
    assert codes(TEXT, Settings(ignore=("image-tag",))) == ["DF401"]
    assert codes(TEXT, Settings(select=("DF101",), extend_select=("DF401",))) == ["DF101", "DF401"]
    assert codes(TEXT, Settings(severity={"DF401": "off"})) == ["DF101"]


def test_severity_override_specific_beats_prefix() -> None:
    settings = Settings(severity={"DF4": "info", "DF401": "error", "DF1": "style"})
    result = engine.lint(Dockerfile.parse(TEXT), settings).violations
    assert [v.severity for v in result if v.code in TWO] == [Severity.STYLE, Severity.ERROR]


def test_global_and_buildkit_suppressions() -> None:
    assert codes("# dfls global ignore=DF401\n" + TEXT) == ["DF101"]
    assert codes("# check=skip=JSONArgsRecommended\n" + TEXT) == ["DF101"]
    assert codes("# check=skip=all\n" + TEXT) == ["DF101"]
    assert codes("FROM python\n# hadolint global ignore=DL3025,DL3006\nCMD python app.py\n") == []


def test_global_pragma_after_the_last_instruction() -> None:
    # Regression: the first comment after the last instruction was skipped.
    assert codes(TEXT + "# dfls global ignore=DF401\n") == ["DF101"]
    assert codes(TEXT + "# note\n# dfls global ignore=DF401\n") == ["DF101"]
    assert codes(TEXT + "# dfls ignore=DF401\n") == ["DF101", "DF401"]  # not global


def test_pragma_applies_to_the_next_instruction_only() -> None:
    text = "FROM a:1\n# dfls ignore=DF401\nCMD a b\nCMD c d\n"
    result = engine.lint(Dockerfile.parse(text), Settings(select=TWO)).violations
    assert [(v.code, v.span.start.line) for v in result] == [("DF401", 3)]


class _Boom(Rule):
    code = "DF999"
    name = "boom"
    severity = Severity.ERROR

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        raise ValueError("kaput")


def test_a_crashing_rule_is_reported_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry, "ALL_RULES", (*registry.ALL_RULES, _Boom))
    monkeypatch.setitem(registry._BY_KEY, "DF999", _Boom)
    registry.select.cache_clear()
    try:
        result = engine.lint(Dockerfile.parse(TEXT), Settings(select=(*TWO, "DF999")))
    finally:
        registry.select.cache_clear()
    assert [v.code for v in result.violations] == ["DF101", "DF401"]
    (error,) = result.rule_errors
    assert error.code == "DF999" and "kaput" in error.message and "ValueError" in error.details


class _Counting(InstructionRule):
    code = "DF998"
    name = "counting"
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    seen: ClassVar[list[int]] = []

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        self.seen.append(instruction.line)
        yield self.violation(instruction.span, "run")


def test_instruction_rule_results_are_reused_and_shifted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "ALL_RULES", (_Counting,))
    monkeypatch.setitem(registry._BY_KEY, "DF998", _Counting)
    registry.select.cache_clear()
    try:
        settings = Settings(select=("DF998",))
        cache = engine.LintCache()
        text = "FROM a:1\n" + "".join(f"RUN step{i}\n" for i in range(20))
        first = Dockerfile.parse(text)
        engine.lint(first, settings, cache=cache)
        assert len(_Counting.seen) == 20
        _Counting.seen.clear()
        # Type into RUN step5 and add a line after it: only step5 is checked again; the
        # findings of the instructions below it are reused, shifted one line down.
        edited = first.apply_edit(Span(Position(6, 9), Position(6, 9)), "x\n")
        result = engine.lint(edited, settings, cache=cache)
        assert _Counting.seen == [6]
        assert [v.span.start.line for v in result.violations][-1] == 21
        fresh = engine.lint(edited, settings)
        assert result.violations == fresh.violations
    finally:
        registry.select.cache_clear()


def test_a_findings_kept_hash_does_not_travel_to_another_process() -> None:
    # Violation keeps its hash (the server looks findings up after every keystroke); a
    # string's hash differs between processes, so the CLI's pool must not carry it over.
    (found, *_) = engine.lint(
        Dockerfile.parse("FROM alpine\nRUN x\nRUN y\n"), Settings()
    ).violations
    before = hash(found)
    copy = pickle.loads(pickle.dumps(found))
    assert "_hash" not in copy.__dict__
    assert copy == found and hash(copy) == before
    assert {found: 1}[copy] == 1
