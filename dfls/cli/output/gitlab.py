"""``--format gitlab``: GitLab Code Quality report (a JSON array, CodeClimate-style).

Each issue has ``description``, ``check_name``, ``fingerprint`` (stable while the file's
path, the rule, the message and the finding's rank among identical ones stay the same:
moving a line does not make it a "new" issue), ``severity`` (error -> critical,
warning -> major, info -> minor, style -> info) and ``location`` with ``path`` and
``lines.begin`` (from 1).
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from typing import Any, TextIO

from dfls.cli.output import Report, printable
from dfls.cli.output.json import write_array
from dfls.rules.api import Severity

SEVERITIES = {
    Severity.ERROR: "critical",
    Severity.WARNING: "major",
    Severity.INFO: "minor",
    Severity.STYLE: "info",
}


def _path(path: str) -> str:
    return PurePath(path).as_posix().removeprefix("./")


def write(report: Report, out: TextIO) -> None:
    issues: list[dict[str, Any]] = []
    for result in report.results:
        path = _path(result.path)
        seen: dict[tuple[str, str], int] = {}
        for violation in result.violations:
            key = (violation.code, violation.message)
            rank = seen.get(key, 0)
            seen[key] = rank + 1
            digest = hashlib.sha256(
                "\0".join((path, violation.code, violation.message, str(rank))).encode()
            ).hexdigest()
            span = violation.span
            issues.append(
                {
                    "type": "issue",
                    "check_name": f"{violation.code} {violation.name}",
                    "description": f"{violation.code} {printable(violation.message)}",
                    "categories": ["Style" if violation.severity is Severity.STYLE else "Bug Risk"],
                    "severity": SEVERITIES[violation.severity],
                    "fingerprint": digest,
                    "location": {
                        "path": path,
                        "lines": {"begin": span.start.line + 1, "end": span.end.line + 1},
                    },
                }
            )
    write_array(issues, out)
