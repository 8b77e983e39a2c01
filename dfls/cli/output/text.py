"""``--format text`` (the default): one line per finding, then a summary.

``path:line:col: DF101 [warning] message`` with the line and column counted from 1, as
compilers, grep and every editor's "go to file:line:col" expect (``--format json`` keeps
the model's 0-based positions). Colours only when asked (a TTY without ``NO_COLOR``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from dfls.cli.output import Report, printable
from dfls.cli.results import FileResult
from dfls.rules.api import Severity, Violation

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
RED = "\x1b[31m"
GREEN = "\x1b[32m"
YELLOW = "\x1b[33m"
BLUE = "\x1b[34m"
CYAN = "\x1b[36m"
COLORS = {
    Severity.ERROR: RED,
    Severity.WARNING: YELLOW,
    Severity.INFO: BLUE,
    Severity.STYLE: DIM,
}
ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.STYLE)


def _paint(text: str, *codes: str, color: bool) -> str:
    return f"{''.join(codes)}{text}{RESET}" if color else text


def plural(count: int, word: str) -> str:
    if count == 1 or word in ("info", "style"):
        return f"{count} {word}"
    return f"{count} {word}s"


def line(path: str, violation: Violation, color: bool = False) -> str:
    start = violation.span.start
    where = f"{printable(path)}:{start.line + 1}:{start.character + 1}:"
    severity = violation.severity
    message = printable(violation.message)
    if not color:
        return f"{where} {violation.code} [{severity.value}] {message}"
    return (
        f"{_paint(where, BOLD, color=True)} {_paint(violation.code, BOLD, COLORS[severity], color=True)}"
        f" {_paint(f'[{severity.value}]', COLORS[severity], color=True)} {message}"
    )


def _by_severity(violations: Iterable[Violation]) -> str:
    counts = Counter(v.severity for v in violations)
    return ", ".join(plural(counts[s], s.value) for s in ORDER if counts[s])


def _fixed_line(result: FileResult, color: bool) -> str:
    counts = Counter(v.code for v in result.fixed)
    codes = ", ".join(f"{code} x{n}" if n > 1 else code for code, n in sorted(counts.items()))
    text = f"{result.path}: fixed {plural(len(result.fixed), 'problem')} ({codes})"
    if result.created:
        text += f"; created {', '.join(result.created)}"
    return _paint(text, GREEN, color=color)


def summary(report: Report) -> list[str]:
    results = report.results
    color = report.color
    checked = [r for r in results if r.error is None]
    files = plural(len(checked), "file")
    remaining = [v for r in results for v in r.violations]
    with_findings = sum(1 for r in results if r.violations)
    lines: list[str] = []
    if report.fix:
        fixed = sum(len(r.fixed) for r in results)
        lines.extend(_fixed_line(r, color) for r in results if r.fixed)
        head = f"Fixed {plural(fixed, 'problem')}" if fixed else "No fixes applied"
        if remaining:
            head += (
                f"; {len(remaining)} remaining ({_by_severity(remaining)})"
                f" in {plural(with_findings, 'file')}"
            )
        else:
            head += f"; no problems remain in {files}"
        lines.append(_paint(head + ".", BOLD, color=color))
    elif remaining:
        where = (
            plural(with_findings, "file")
            if with_findings == len(checked)
            else f"{with_findings} of {plural(len(checked), 'file')}"
        )
        lines.append(
            _paint(
                f"Found {plural(len(remaining), 'problem')} ({_by_severity(remaining)}) in {where}.",
                BOLD,
                color=color,
            )
        )
    elif not checked:
        lines.append(_paint("No Dockerfiles checked.", BOLD, color=color))
    else:
        passed = f"No problems found in {files}."
        lines.append(_paint(passed, BOLD, *(() if report.unchecked else (GREEN,)), color=color))
    if report.unchecked:
        lines.append(
            _paint(
                f"{plural(report.unchecked, 'path')} could not be checked (see above).",
                BOLD,
                RED,
                color=color,
            )
        )
    safe = sum(r.fixable[0] for r in results)
    unsafe = sum(r.fixable[1] for r in results)
    if report.fix and not report.unsafe_fixes and unsafe:
        lines.append(_paint(f"[*] {unsafe} more fixable with --unsafe-fixes.", CYAN, color=color))
    elif report.fix:
        pass
    elif report.unsafe_fixes and safe + unsafe:
        lines.append(_paint(f"[*] {safe + unsafe} fixable with --fix.", CYAN, color=color))
    elif safe and unsafe:
        lines.append(
            _paint(
                f"[*] {safe} fixable with --fix ({unsafe} more with --fix --unsafe-fixes).",
                CYAN,
                color=color,
            )
        )
    elif safe:
        lines.append(_paint(f"[*] {safe} fixable with --fix.", CYAN, color=color))
    elif unsafe:
        lines.append(_paint(f"[*] {unsafe} fixable with --fix --unsafe-fixes.", CYAN, color=color))
    return lines


def write(report: Report, out: TextIO) -> None:
    for result in report.results:
        for violation in result.violations:
            out.write(line(result.path, violation, report.color) + "\n")
    if not report.quiet:
        for text in summary(report):
            out.write(text + "\n")
