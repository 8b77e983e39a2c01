"""The engine's per-stage cache asks the stage graph what each stage reads."""

from __future__ import annotations

import random

import pytest

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile, Position, Span
from tests.model.test_stage_facts import PIECES, random_dockerfile


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


def _edits_agree(text: str, edits: list[tuple[Span, str]], settings: Settings) -> None:
    """Linting after each edit with the cache gives what linting a fresh parse gives (a
    fresh parse: facts are also kept on the document's instructions and nodes)."""
    cache = engine.LintCache()
    document = Dockerfile.parse(text)
    engine.lint(document, settings, cache=cache)
    for span, new_text in edits:
        document = document.apply_edit(span, new_text)
        fresh = engine.lint(Dockerfile.parse(document.text), settings)
        assert engine.lint(document, settings, cache=cache) == fresh


def test_an_edit_at_the_root_of_a_chain_reaches_every_stage_built_on_it() -> None:
    # Each stage compares the one it is built on by a token, not by walking its ancestors:
    # a change three stages up must still reach it (DF602: an absolute WORKDIR above
    # anchors the relative ones below).
    text = "FROM alpine AS s0\nWORKDIR /app\nFROM s0 AS s1\nFROM s1 AS s2\nFROM s2\nWORKDIR x\n"
    at = Span(Position(1, 8), Position(1, 9))
    settings = Settings(select=("DF602", "DF401", "DF217"))
    _edits_agree(text, [(at, ""), (Span(Position(1, 8), Position(1, 8)), "/")], settings)
    cache = engine.LintCache()
    document = Dockerfile.parse(text)
    assert not engine.lint(document, settings, cache=cache).violations
    relative = engine.lint(document.apply_edit(at, ""), settings, cache=cache)
    assert [v.span.start.line for v in relative.violations] == [1, 5]


def test_a_stage_is_checked_again_when_a_stage_it_copies_from_changes_content() -> None:
    text = "FROM alpine AS a\nUSER app\nFROM alpine AS b\nCOPY --from=a /x /y\nRUN sudo make\n"
    text += "FROM b\nRUN echo\n"
    edits = [
        (Span(Position(1, 5), Position(1, 8)), "root"),
        (Span(Position(0, 0), Position(0, 0)), "# moved\n"),
        (Span(Position(4, 0), Position(4, 0)), 'SHELL ["powershell"]\n'),
    ]
    _edits_agree(text, edits, Settings(select=("ALL",)))


def test_findings_kept_with_moved_nodes_follow_them() -> None:
    # DF212 keeps its finding with the RUN's node and moves it along when lines are added
    # above; rules find the RUNs they act on through tags kept with the node. Lines added
    # between the two RUNs, a comment between them, or a SHELL above change the finding.
    text = "FROM debian:12\nRUN a\nRUN b\nRUN c\nRUN sudo apt-get install -y gcc | tee x\n"
    at = Position(1, 0)
    edits = [
        (Span(at, at), "\n"),  # everything moves down
        (Span(Position(3, 5), Position(3, 5)), "\n"),  # a blank line between RUN a and b
        (Span(Position(4, 0), Position(4, 0)), "# why\n"),  # a comment between them
        (Span(at, at), 'SHELL ["powershell", "-c"]\n'),  # no `&&`: no fix
        (Span(at, Position(2, 0)), ""),
        (Span(Position(0, 0), Position(0, 0)), "ARG X\n"),
    ]
    _edits_agree(text, edits, Settings(select=("ALL",)))


@pytest.mark.parametrize("seed", range(60))
def test_random_edits_lint_as_a_fresh_parse_does(seed: int) -> None:
    # Facts kept across versions (the engine's caches, the facts of instructions and of
    # nodes that moved) must never make a result differ from linting the text afresh.
    rng = random.Random(seed)
    lines = random_dockerfile(seed).split("\n")
    edits: list[tuple[Span, str]] = []
    for _ in range(12):
        line = rng.randrange(len(lines))
        column = rng.randrange(len(lines[line]) + 1)
        at = Position(line, column)
        kind = rng.random()
        if kind < 0.3:
            edits.append((Span(at, at), "\n"))
        elif kind < 0.6:
            edits.append((Span(Position(line, 0), Position(line, 0)), rng.choice(PIECES) + "\n"))
        elif kind < 0.8 and line + 1 < len(lines):
            edits.append((Span(Position(line, 0), Position(line + 1, 0)), ""))
        else:
            edits.append((Span(at, at), rng.choice('a $|\\"')))
    _edits_agree("\n".join(lines), edits, Settings(select=("ALL",)))
