"""The engine's per-stage cache asks the stage graph what each stage reads."""

from __future__ import annotations

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile, Position, Span


def test_a_stage_is_checked_again_when_the_parent_of_a_stage_it_copies_from_changes() -> None:
    # s2 is built on s1 (itself built on s0) and copies from s1: s0's USER decides whether
    # DF503 can offer to drop `sudo` in s2, so editing s0 must not leave s2's old findings.
    text = "FROM alpine AS s0\nUSER app\nFROM s0 AS s1\nFROM s1 AS s2\nCOPY --from=s1 /x /y\n"
    text += "RUN sudo make\n"
    settings = Settings(select=("DF503",))
    cache = engine.LintCache()
    document = Dockerfile.parse(text)
    (before,) = engine.lint(document, settings, cache=cache).violations
    assert before.fix is None  # `USER app`: sudo may be needed
    edited = document.apply_edit(Span(Position(1, 5), Position(1, 8)), "root")
    cached = engine.lint(edited, settings, cache=cache)
    assert cached == engine.lint(edited, settings)
    assert cached.violations[0].fix is not None  # root: `sudo` can go


def test_a_from_value_of_other_digits_is_a_name() -> None:
    # "²" is a digit to str.isdigit but no number to int(): it names no stage.
    text = "FROM alpine AS a\nFROM alpine\nCOPY --from=² /a /b\n"
    result = engine.lint(Dockerfile.parse(text), Settings())
    assert not result.rule_errors
