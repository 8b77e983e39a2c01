"""Catches / does-not-catch helpers for rule tests (hadolint's ruleCatches, ShellCheck's verify)."""

from __future__ import annotations

from textwrap import dedent

from dfls.engine import fixes
from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from dfls.rules import registry
from dfls.rules.api import BuildContext, Violation

NO_CONTEXT = BuildContext()


def findings(
    code: str,
    text: str,
    context: BuildContext = NO_CONTEXT,
    settings: Settings | None = None,
    **options: object,
) -> list[Violation]:
    """The violations of one rule (selected alone, options applied) on ``text``."""
    rule = registry.get(code)
    assert rule is not None, f"no rule {code}"
    base = settings or Settings()
    rules = dict(base.rules)
    if options:
        rules[rule.code] = options
    chosen = Settings(
        select=(rule.code,),
        rules=rules,
        target_stage=base.target_stage,
        severity=base.severity,
    )
    result = engine.lint(Dockerfile.parse(dedent(text)), chosen, context)
    assert not result.rule_errors, result.rule_errors
    return [v for v in result.violations if v.code == rule.code]


def assert_flags(
    code: str, text: str, count: int | None = None, **kwargs: object
) -> list[Violation]:
    found = findings(code, text, **kwargs)  # type: ignore[arg-type]
    assert found, f"{code} should flag:\n{dedent(text)}"
    if count is not None:
        assert len(found) == count, found
    return found


def assert_clean(code: str, text: str, **kwargs: object) -> None:
    found = findings(code, text, **kwargs)  # type: ignore[arg-type]
    assert not found, f"{code} should not flag:\n{dedent(text)}\nbut found {found}"


def fixed(code: str, text: str, unsafe: bool = True, context: BuildContext = NO_CONTEXT) -> str:
    """``text`` after applying the rule's fixes to a fixed point."""

    def lint(dockerfile: Dockerfile) -> list[Violation]:
        return [
            v
            for v in engine.lint(dockerfile, Settings(select=(code,)), context).violations
            if v.code == code
        ]

    return fixes.fix_text(dedent(text), lint, unsafe=unsafe).text
