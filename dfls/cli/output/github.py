"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

``::warning file=F,line=L,endLine=L,col=C,endColumn=C,title=T::message``; lines and
columns from 1. Control characters in messages (ANSI escapes from the Dockerfile) are shown
as ``\x1b``-style escapes; values are then escaped as the Actions runner expects (``%``,
CR and LF everywhere; ``:`` and ``,`` too inside properties).
"""

from __future__ import annotations

from typing import TextIO

from dfls.cli.output import Report, printable
from dfls.rules.api import Severity

LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.STYLE: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write(report: Report, out: TextIO) -> None:
    for result in report.results:
        for violation in result.violations:
            span = violation.span
            properties = {
                "file": result.path,
                "line": str(span.start.line + 1),
                "endLine": str(span.end.line + 1),
                "col": str(span.start.character + 1),
                "endColumn": str(span.end.character + 1),
                "title": f"dfls {violation.code} ({violation.name})",
            }
            joined = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
            message = (
                f"{violation.code} [{violation.severity.value}] {printable(violation.message)}"
            )
            out.write(f"::{LEVELS[violation.severity]} {joined}::{escape_data(message)}\n")
