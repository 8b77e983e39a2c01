"""Applying fixes: non-overlapping edits, repeated until nothing changes (bounded).

Used by ``dfls check --fix`` and the editor's fix-all action. Only fixes allowed by the
applicability threshold are applied: safe ones always, unsafe ones on request, display-only
ones never.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dfls.model import Dockerfile, Position
from dfls.model.text import split_lines
from dfls.rules._api import Applicability, Edit, NewFile, Violation

MAX_ROUNDS = 10


@dataclass(frozen=True)
class FixOutcome:
    text: str
    applied: tuple[Violation, ...]
    new_files: tuple[NewFile, ...]
    remaining: tuple[Violation, ...]
    rounds: int


def allowed(violation: Violation, unsafe: bool) -> bool:
    fix = violation.fix
    if fix is None:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def _offsets(text: str) -> list[int]:
    lines, endings = split_lines(text)
    starts = [0]
    for line, ending in zip(lines, endings, strict=True):
        starts.append(starts[-1] + len(line) + len(ending))
    return starts


def _offset(starts: list[int], text: str, position: Position) -> int:
    line = min(position.line, len(starts) - 2)
    line_end = starts[line + 1]
    return min(starts[line] + position.character, line_end, len(text))


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply edits that do not overlap (callers ensure it), last first."""
    starts = _offsets(text)
    placed = sorted(
        (
            (_offset(starts, text, e.span.start), _offset(starts, text, e.span.end), e.new_text)
            for e in edits
        ),
        reverse=True,
    )
    for start, end, new_text in placed:
        text = text[:start] + new_text + text[end:]
    return text


def pick_non_overlapping(violations: Iterable[Violation]) -> list[Violation]:
    """Fixes whose edits do not touch each other's ranges, in document order."""
    chosen: list[Violation] = []
    taken: list[tuple[Position, Position]] = []
    for violation in sorted(violations, key=lambda v: v.span.start):
        assert violation.fix is not None
        ranges = [(e.span.start, e.span.end) for e in violation.fix.edits]
        if any(
            not (b <= s or e <= a) or (a == s and b == e == a) for a, b in ranges for s, e in taken
        ):
            continue
        chosen.append(violation)
        taken.extend(ranges)
    return chosen


def fix_text(
    text: str,
    lint: Callable[[Dockerfile], Sequence[Violation]],
    unsafe: bool = False,
) -> FixOutcome:
    """Lint, apply the allowed fixes, and repeat until no fix applies (at most MAX_ROUNDS).

    Fixes that only create files (a missing ``.dockerignore``) are collected from the first
    round; the caller writes them.
    """
    violations = list(lint(Dockerfile.parse(text)))
    file_fixes = [v for v in violations if allowed(v, unsafe) and v.fix and not v.fix.edits]
    new_files = {f.path: f for v in file_fixes if v.fix for f in v.fix.new_files}
    applied: list[Violation] = list(file_fixes)
    rounds = 0
    while rounds < MAX_ROUNDS:
        chosen = pick_non_overlapping(
            v for v in violations if allowed(v, unsafe) and v.fix and v.fix.edits
        )
        if not chosen:
            break
        new_text = apply_edits(text, [e for v in chosen if v.fix for e in v.fix.edits])
        rounds += 1
        if new_text == text:
            break
        applied.extend(chosen)
        text = new_text
        violations = list(lint(Dockerfile.parse(text)))
    return FixOutcome(text, tuple(applied), tuple(new_files.values()), tuple(violations), rounds)
