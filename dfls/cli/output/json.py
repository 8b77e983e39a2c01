"""``--format json``: a JSON array of findings, a stable contract.

``{"file", "code", "name", "severity", "message", "range": {"start": {"line",
"character"}, "end": {...}}, "fix": null | {"applicability", "edits": [{"range", "newText"}]}}``
with 0-based lines and characters counted in code points, as in the model and ``inspect``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from dfls.cli.output import Report
from dfls.model import Span
from dfls.rules.api import Violation


def _range(span: Span) -> dict[str, dict[str, int]]:
    return {
        "start": {"line": span.start.line, "character": span.start.character},
        "end": {"line": span.end.line, "character": span.end.character},
    }


def finding(path: str, violation: Violation) -> dict[str, Any]:
    fix = violation.fix
    return {
        "file": path,
        "code": violation.code,
        "name": violation.name,
        "severity": violation.severity.value,
        "message": violation.message,
        "range": _range(violation.span),
        "fix": None
        if fix is None
        else {
            "applicability": fix.applicability.value,
            "edits": [{"range": _range(e.span), "newText": e.new_text} for e in fix.edits],
        },
    }


def write(report: Report, out: TextIO) -> None:
    """One finding per line inside the array: valid JSON, readable, grep-able, and fast
    (the C encoder does each line; an indented dump runs in pure Python)."""
    findings = [finding(r.path, v) for r in report.results for v in r.violations]
    write_array(findings, out)


def write_array(items: list[dict[str, Any]], out: TextIO) -> None:
    if not items:
        out.write("[]\n")
        return
    encode = json.JSONEncoder(ensure_ascii=False).encode
    out.write("[\n  " + ",\n  ".join(encode(item) for item in items) + "\n]\n")
