"""Applying fixes: non-overlapping edits, repeated until nothing changes (bounded).

Used by ``dfls check --fix`` and the editor's fix-all action. Only fixes allowed by the
applicability threshold are applied: safe ones always, unsafe ones on request, display-only
ones never.

A fix must make its finding go away. When a rule's finding comes back after its fix was
applied (same rule and message, inside the same instruction as it now reads), the fix did
not converge: it is not applied again and the finding is reported as remaining. A rule
whose fixes in one instruction keep coming with new messages is stopped after
``MAX_PER_REGION`` of them. So no rule bug can make ``--fix`` grow a file round after round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dfls.model import Dockerfile, Position
from dfls.model.text import split_lines
from dfls.rules.api import Applicability, Edit, NewFile, Violation

MAX_ROUNDS = 10
MAX_PER_REGION = 3
"""Fixes of one rule applied in one instruction before further ones count as a loop (a
legitimate second step: `npm cache clean` first, then `yarn cache clean` in the same RUN)."""


@dataclass(frozen=True)
class FixOutcome:
    text: str
    applied: tuple[Violation, ...]
    new_files: tuple[NewFile, ...]
    remaining: tuple[Violation, ...]
    rounds: int
    unconverged: tuple[Violation, ...] = ()
    """Findings whose fix was applied and came back: not applied again (a rule bug)."""


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


Region = tuple[str, str, int, int]
"""A rule code, message, and the character range (in the current text) its applied fix owned."""


def _placed(text: str, edits: Sequence[Edit]) -> list[tuple[int, int, str]]:
    starts = _offsets(text)
    return sorted(
        (_offset(starts, text, e.span.start), _offset(starts, text, e.span.end), e.new_text)
        for e in edits
    )


def _moved(offset: int, placed: Sequence[tuple[int, int, str]], is_end: bool) -> int:
    """Where ``offset`` of the old text lies after the edits (an end keeps what is inserted
    at it; a start does not move past what is inserted at it)."""
    delta = 0
    for start, end, new_text in placed:
        if end < offset or (end == offset and (is_end or start < end)):
            delta += len(new_text) - (end - start)
        elif start < offset < end:
            return start + delta + (len(new_text) if is_end else 0)
        else:
            break
    return offset + delta


def _region(dockerfile: Dockerfile, starts: list[int], text: str, violation: Violation) -> Region:
    """The instruction holding ``violation`` (or its own span) as a character range."""
    span = violation.span
    first, last = span.start.line, span.end.line
    for instruction in dockerfile.instructions:
        if instruction.line <= span.start.line <= instruction.last_line:
            first, last = instruction.line, max(instruction.last_line, last)
            break
    start = _offset(starts, text, Position(first, 0))
    end = starts[min(last + 1, len(starts) - 1)]
    return violation.code, violation.message, start, end


def fix_text(
    text: str,
    lint: Callable[[Dockerfile], Sequence[Violation]],
    unsafe: bool = False,
) -> FixOutcome:
    """Lint, apply the allowed fixes, and repeat until no fix applies (at most MAX_ROUNDS).

    Fixes that only create files (a missing ``.dockerignore``) are collected from the first
    round; the caller writes them. A fix whose finding comes back in its own region after
    it was applied is not applied again (see the module docs).
    """
    dockerfile = Dockerfile.parse(text)
    violations = list(lint(dockerfile))
    file_fixes = [v for v in violations if allowed(v, unsafe) and v.fix and not v.fix.edits]
    new_files = {f.path: f for v in file_fixes if v.fix for f in v.fix.new_files}
    applied: list[Violation] = list(file_fixes)
    owned: list[Region] = []
    rounds = 0
    while rounds < MAX_ROUNDS:
        starts = _offsets(text)
        candidates: list[Violation] = []
        for violation in violations:
            if not (allowed(violation, unsafe) and violation.fix and violation.fix.edits):
                continue
            if not _owned(owned, starts, text, violation):
                candidates.append(violation)
        chosen = pick_non_overlapping(candidates)
        if not chosen:
            break
        edits = [e for v in chosen if v.fix for e in v.fix.edits]
        new_text = apply_edits(text, edits)
        rounds += 1
        if new_text == text:
            break
        placed = _placed(text, edits)
        regions = owned + [_region(dockerfile, starts, text, v) for v in chosen]
        owned = [
            (code, message, _moved(a, placed, False), _moved(b, placed, True))
            for code, message, a, b in regions
        ]
        applied.extend(chosen)
        text = new_text
        dockerfile = Dockerfile.parse(text)
        violations = list(lint(dockerfile))
    starts = _offsets(text)
    return FixOutcome(
        text,
        tuple(applied),
        tuple(new_files.values()),
        tuple(violations),
        rounds,
        tuple(v for v in violations if allowed(v, unsafe) and _owned(owned, starts, text, v)),
    )


def _owned(owned: Sequence[Region], starts: list[int], text: str, violation: Violation) -> bool:
    """True if this finding's fix was already applied where it starts (or too many of the
    rule's fixes were)."""
    at = _offset(starts, text, violation.span.start)
    same = [m for code, m, a, b in owned if code == violation.code and a <= at < b]
    return violation.message in same or len(same) >= MAX_PER_REGION
