"""Findings quote the file briefly and never a credential (issue 17: a Dockerfile that was
a symlink to another file put that file's lines, tokens included, into CI annotations)."""

from __future__ import annotations

import io

from dfls.cli.output import Report
from dfls.cli.output import github as github_output
from dfls.cli.results import FileResult
from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from dfls.rules.api import BuildContext
from dfls.rules.quoting import QUOTE_LIMIT, bounded, brief, shorten

TOKEN = "npm_" + "a1B2c3D4e5" * 3 + "f6G7h8"
NOT_A_DOCKERFILE = (
    "root:x:0:0:root:/root:/bin/bash\n"
    f"//registry.npmjs.org/:_authToken={TOKEN}\n"
    "FROM python:3.12-slim\n"
    f"ENV NPM_CONFIG_TOKEN={TOKEN}\n"
    f"COPY {'averyveryverylongdirectoryname/' * 6}app.py /app/\n"
)


def test_long_quotes_are_shortened() -> None:
    assert (
        bounded("`" + "x" * 100 + "` is long") == "`" + "x" * (QUOTE_LIMIT - 1) + "\u2026` is long"
    )
    assert bounded("`short` stays") == "`short` stays"
    assert shorten("abcdef", 4) == "abc\u2026"


def test_credentials_in_quotes_are_masked() -> None:
    assert bounded(f"`x={TOKEN}`") == "`x=***`"
    assert bounded("`AKIAABCDEFGHIJKLMNOP`") == "`***`"


def test_brief_bounds_depth_and_length() -> None:
    nested: list[object] = []
    for _ in range(500):
        nested = [nested]
    assert brief(nested) == "[[[...]]]"
    assert len(brief("y" * 10_000)) <= QUOTE_LIMIT


def test_no_finding_quotes_a_credential_or_a_whole_foreign_line() -> None:
    result = engine.lint(
        Dockerfile.parse(NOT_A_DOCKERFILE), Settings(select=("ALL",)), BuildContext()
    )
    assert result.violations
    for violation in result.violations:
        assert TOKEN not in violation.message
        assert "root:x:0:0:root" not in violation.message
        for quoted in violation.message.split("`")[1::2]:
            assert len(quoted) <= QUOTE_LIMIT, violation.message
        if violation.fix is not None:
            assert TOKEN not in violation.fix.title
    out = io.StringIO()
    github_output.write(Report([FileResult("Dockerfile", result.violations)]), out)
    assert TOKEN not in out.getvalue()
    assert "/root:/bin/bash" not in out.getvalue()
