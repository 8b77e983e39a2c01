"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; the driver lists every rule with its summary and its full docs as help text
(plain and markdown). A SARIF file is read on another machine (GitHub code scanning), where
the pages shipped with dfls are not: ``helpUri`` is given only when the user configured
``docs-url``, and there is no ``informationUri`` (dfls has no website). Each result has the rule id and index, a level
(error, warning, note), the message, and a region with start and end line and column
counted from 1 (columns in Unicode code points, ``endColumn`` just past the last one).
Relative paths stay relative to the ``%SRCROOT%`` base (the repository root in CI);
absolute ones become ``file://`` URIs. Safe and unsafe fixes are included as SARIF fixes.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from dfls import __version__
from dfls.cli.output import Report
from dfls.features import docs
from dfls.knowledge import shellcheck
from dfls.model import Span
from dfls.rules import registry
from dfls.rules.api import Applicability, Rule, Severity, Violation

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.STYLE: "note",
}


def artifact_location(path: str) -> dict[str, str]:
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": "file://" + quote(pure.as_posix())}
    return {"uri": quote(pure.as_posix().removeprefix("./")), "uriBaseId": "%SRCROOT%"}


def region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.start.line + 1,
        "startColumn": span.start.character + 1,
        "endLine": span.end.line + 1,
        "endColumn": span.end.character + 1,
    }


def rule_descriptor(rule: type[Rule], docs_url: str | None = None) -> dict[str, Any]:
    parsed = docs.parse_docs(rule)
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": parsed.summary or rule.name},
        "fullDescription": {"text": parsed.summary or rule.name},
        "help": {"text": docs.render_plain(rule), "markdown": docs.render_markdown(rule)},
        "defaultConfiguration": {
            "level": LEVELS[rule.severity],
            "enabled": rule.enabled_by_default,
        },
        "properties": {
            "tags": sorted({"dockerfile", *(t.value for t in rule.tags)}),
            "fix": rule.fix_availability.value,
        },
    }
    if docs_url:
        descriptor["helpUri"] = docs.url(rule, docs_url)
    aliases = [alias for ids in rule.aliases.values() for alias in ids]
    if aliases:
        descriptor["properties"]["aliases"] = aliases
    return descriptor


def _shellcheck_descriptor(code: str) -> dict[str, Any]:
    """A ShellCheck code as a SARIF rule: its wiki page is its documentation."""
    url = shellcheck.wiki_url(code)
    return {
        "id": code,
        "name": "shellcheck",
        "shortDescription": {"text": f"ShellCheck {code}"},
        "helpUri": url,
        "help": {"text": f"See {url}", "markdown": f"See [{code}]({url}) on the ShellCheck wiki."},
        "properties": {"tags": ["dockerfile", "shell", "shellcheck"]},
    }


def _fixes(path: str, violation: Violation) -> list[dict[str, Any]]:
    fix = violation.fix
    if fix is None or not fix.edits or fix.applicability is Applicability.DISPLAY:
        return []
    return [
        {
            "description": {"text": f"{fix.title} ({fix.applicability.value} fix)"},
            "artifactChanges": [
                {
                    "artifactLocation": artifact_location(path),
                    "replacements": [
                        {
                            "deletedRegion": region(edit.span),
                            "insertedContent": {"text": edit.new_text},
                        }
                        for edit in fix.edits
                    ],
                }
            ],
        }
    ]


def document(report: Report) -> dict[str, Any]:
    rules = list(registry.ALL_RULES)
    index = {rule.code: i for i, rule in enumerate(rules)}
    extra: list[dict[str, Any]] = []  # ShellCheck's codes, as they are found
    results: list[dict[str, Any]] = []
    for file_result in report.results:
        for violation in file_result.violations:
            result: dict[str, Any] = {
                "ruleId": violation.code,
                "level": LEVELS[violation.severity],
                "message": {"text": violation.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": artifact_location(file_result.path),
                            "region": region(violation.span),
                        }
                    }
                ],
            }
            if violation.code not in index and shellcheck.is_code(violation.code):
                index[violation.code] = len(rules) + len(extra)
                extra.append(_shellcheck_descriptor(violation.code))
            if violation.code in index:
                result["ruleIndex"] = index[violation.code]
            fixes = _fixes(file_result.path, violation)
            if fixes:
                result["fixes"] = fixes
            results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dfls",
                        "version": __version__,
                        "rules": [
                            *(rule_descriptor(rule, report.docs_url) for rule in rules),
                            *extra,
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write(report: Report, out: TextIO) -> None:
    json.dump(document(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
