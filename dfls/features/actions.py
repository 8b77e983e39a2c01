"""Code actions in core terms: quick fixes, suppression pragmas, fix-all, and their titles.

Every action is computed from one lint result of one text, so its edits are valid for that
text only; the LSP layer labels them with that text's version and turns these edits
(code-point spans) into workspace edits. Nothing here knows about LSP.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dfls.engine import fixes, shellcheck
from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.engine.suppress import parse_pragma
from dfls.model import Dockerfile, Position, Span
from dfls.model.text import split_lines
from dfls.rules.api import Applicability, BuildContext, Edit, NewFile
from dfls.rules.api import Violation as Violation  # re-exported: the LSP layer's type

PRAGMA = "# dfls ignore="
FIX_ALL_TITLE = "Fix all auto-fixable problems (dfls)"


@dataclass(frozen=True)
class Action:
    """A code action in core terms: edits of the linted text, files to create."""

    title: str
    edits: tuple[Edit, ...]
    new_files: tuple[NewFile, ...] = ()
    preferred: bool = False
    violation: Violation | None = None
    """The finding it acts on (None for fix-all)."""


def for_findings(dockerfile: Dockerfile, violations: Sequence[Violation]) -> list[Action]:
    """A quick fix per fixable finding and one "disable" action per code and instruction.

    ``violations`` must come from linting ``dockerfile`` itself: the edits are its spans.
    """
    found: list[Action] = []
    disabled: set[tuple[str, int]] = set()
    for violation in violations:
        fix = violation.fix
        if fix is not None and (fix.edits or fix.new_files):
            found.append(
                Action(
                    quick_fix_title(violation.code, fix.title, fix.applicability),
                    fix.edits,
                    fix.new_files,
                    preferred=fix.applicability is Applicability.SAFE,
                    violation=violation,
                )
            )
        line = violation.span.start.line
        instruction = dockerfile.instruction_at(line)
        if instruction is None or (violation.code, instruction.line) in disabled:
            continue
        pragma = pragma_edit(dockerfile, line, violation.code)
        if pragma is None:
            continue
        disabled.add((violation.code, instruction.line))
        found.append(Action(disable_title(violation.code), (pragma,), violation=violation))
    return found


def can_fix_all(violations: Sequence[Violation], unsafe: bool) -> bool:
    """Whether fix-all has anything to apply to the text these findings came from."""
    return any(fixes.allowed(v, unsafe) and v.fix is not None and v.fix.edits for v in violations)


def fix_all_action(
    dockerfile: Dockerfile,
    violations: Sequence[Violation],
    settings: Settings,
    context: BuildContext,
) -> Action | None:
    """``source.fixAll``: every allowed fix (safe ones; unsafe ones too when the settings
    say so), iterated to a fixed point, as one edit. None when nothing changes."""
    unsafe = settings.unsafe_fixes
    if not can_fix_all(violations, unsafe):
        return None

    def lint(fixed: Dockerfile) -> Sequence[Violation]:
        # ShellCheck's findings from the server's cache; only scripts a fix changed run.
        extra = shellcheck.findings(fixed, settings, background=True)
        return engine.lint(fixed, settings, context, extra=extra).violations

    edit = fix_all(dockerfile.text, lint, unsafe)
    return None if edit is None else Action(FIX_ALL_TITLE, (edit,))


def quick_fix_title(code: str, title: str, applicability: Applicability) -> str:
    """The title of a quick fix, telling unsafe and display-only fixes apart."""
    if applicability is Applicability.SAFE:
        return f"{title} ({code})"
    if applicability is Applicability.UNSAFE:
        return f"{title} ({code}, unsafe: may change behaviour)"
    return f"{title} ({code}, suggestion: review before applying)"


def disable_title(code: str) -> str:
    return f"Disable {code} for this instruction"


def pragma_edit(dockerfile: Dockerfile, line: int, code: str) -> Edit | None:
    """The edit that suppresses ``code`` for the instruction containing ``line``.

    If the comment lines right above the instruction already hold a ``# dfls ignore=``
    pragma, the code is added to its list (its reason, if any, stays after the codes); otherwise a new pragma line is inserted above the
    instruction, with its indentation and line ending. None when ``line`` is not inside
    an instruction or the code is already listed.
    """
    instruction = dockerfile.instruction_at(line)
    if instruction is None:
        return None
    lines = dockerfile.lines
    above = instruction.line - 1
    while above >= dockerfile.body_start and lines[above].lstrip().startswith("#"):
        text = lines[above].lstrip()[1:]
        pragma = parse_pragma(text)
        if pragma is not None and pragma.tool == "dfls" and not pragma.is_global:
            codes = pragma.codes
            if any(c.upper() == code.upper() for c in codes):
                return None
            indent = lines[above][: len(lines[above]) - len(lines[above].lstrip())]
            reason = f" {pragma.reason}" if pragma.reason else ""
            merged = f"{indent}{PRAGMA}{','.join([*codes, code])}{reason}"
            return Edit(Span.on_line(above, 0, len(lines[above])), merged)
        above -= 1
    first = lines[instruction.line]
    indent = first[: len(first) - len(first.lstrip())]
    ending = dockerfile.endings[instruction.line] or (
        dockerfile.endings[instruction.line - 1] if instruction.line > 0 else ""
    )
    start = Position(instruction.line, 0)
    return Edit(Span(start, start), f"{indent}{PRAGMA}{code}{ending or chr(10)}")


def minimal_edit(old: str, new: str) -> Edit | None:
    """One edit turning ``old`` into ``new``: the changed region only (code points)."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    start, end = prefix, len(old) - suffix
    # Never split a "\r\n": widen the edit to take both characters.
    if 0 < start < len(old) and old[start - 1] == "\r" and old[start] == "\n":
        start -= 1
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        end += 1
    new_end = len(new) - (len(old) - end)
    return Edit(
        Span(_position(old, start), _position(old, end)),
        new[start:new_end] if start <= new_end else "",
    )


def _position(text: str, offset: int) -> Position:
    lines, endings = split_lines(text)
    consumed = 0
    for number, (line, ending) in enumerate(zip(lines, endings, strict=True)):
        if offset <= consumed + len(line):
            return Position(number, offset - consumed)
        consumed += len(line) + len(ending)
    return Position(len(lines) - 1, len(lines[-1]))


def fix_all(
    text: str, lint: Callable[[Dockerfile], Sequence[Violation]], unsafe: bool = False
) -> Edit | None:
    """All applicable fixes, iterated to a fixed point, as one edit (None: nothing to do)."""
    outcome = fixes.fix_text(text, lint, unsafe)
    return minimal_edit(text, outcome.text)
