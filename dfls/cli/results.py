"""What checking a file found, and what the findings add up to: the exit code, statistics.

A :class:`FileResult` pickles, so a pool worker can send it back to the parent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from dfls.engine import fixes
from dfls.engine.linting import RuleError
from dfls.rules.api import Severity, Violation

# A NamedTuple, not a dataclass: making a dataclass compiles its methods at import, a
# millisecond or so of every start of `dfls check`.


class FileResult(NamedTuple):
    path: str
    violations: tuple[Violation, ...] = ()
    """What is left (after fixing, with --fix)."""
    fixed: tuple[Violation, ...] = ()
    """Fixes applied (or, with --diff, that would be)."""
    fixed_found: int = 0
    """How many fixable findings there were before fixing (what ``dfls check`` reports as
    fixable); :attr:`fixed` can hold more, since fixes repeat until nothing changes."""
    rule_errors: tuple[RuleError, ...] = ()
    error: str | None = None
    """Why the file could not be checked at all (unreadable, binary, too large)."""
    warnings: tuple[str, ...] = ()
    fail_level: str = "warning"
    diff: str = ""
    """With --diff: the Dockerfile's changes as a unified diff."""
    created_diffs: tuple[tuple[str, str], ...] = ()
    """With --diff: (path, diff) of each file fixes would create (shared ones repeat)."""
    created: tuple[str, ...] = ()
    """Files created by fixes (e.g. a ``.dockerignore``), as paths shown to the user."""
    text: str | None = None
    """The fixed text of stdin input (``--fix -`` prints it)."""
    encoding: str = "utf-8"
    """The encoding of ``text`` on standard output: the one standard input came in."""
    fixable: tuple[int, int] = (0, 0)
    """How many remaining findings ``--fix`` / ``--unsafe-fixes`` could fix."""
    skipped: str | None = None
    """Why a file found by a directory search was not checked after all (binary, or not a
    regular file: a FIFO, a device, a socket)."""

    @property
    def failing(self) -> tuple[Violation, ...]:
        threshold = None if self.fail_level == "none" else Severity.parse(self.fail_level)
        if threshold is None:
            return ()
        return tuple(v for v in self.violations if v.severity.rank >= threshold.rank)


def exit_code(results: Iterable[FileResult], config_errors: bool = False) -> int:
    """2 for unreadable files, crashed rules or bad config; else 1 for failing findings."""
    code = 2 if config_errors else 0
    for result in results:
        if result.error is not None or result.rule_errors:
            return 2
        if code == 0 and result.failing:
            code = 1
    return code


def count_fixable(violations: Sequence[Violation]) -> tuple[int, int]:
    """How many findings ``--fix`` could fix, and how many more ``--unsafe-fixes`` could."""
    safe = sum(1 for v in violations if fixes.allowed(v, unsafe=False))
    unsafe = sum(1 for v in violations if fixes.allowed(v, unsafe=True)) - safe
    return safe, unsafe


@dataclass(frozen=True)  # a NamedTuple cannot have a field named count
class Statistic:
    code: str
    name: str
    count: int
    fixable: int


def statistics(results: Iterable[FileResult]) -> list[Statistic]:
    """Findings per rule, most frequent first (``--statistics``)."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    fixable: dict[str, int] = {}
    for result in results:
        for violation in result.violations:
            names[violation.code] = violation.name
            counts[violation.code] = counts.get(violation.code, 0) + 1
            if fixes.allowed(violation, unsafe=True):
                fixable[violation.code] = fixable.get(violation.code, 0) + 1
    rows = [Statistic(code, names[code], counts[code], fixable.get(code, 0)) for code in counts]
    rows.sort(key=lambda row: (-row.count, row.code))
    return rows
