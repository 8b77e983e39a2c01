"""Running the rules: select them from settings, isolate failures, apply overrides.

``lint`` is a pure function of the Dockerfile, the settings and the build context. A
:class:`LintCache` (one per open document in the server) remembers the findings of
instruction-scoped rules per instruction node, so after an edit only the re-lexed
instructions are checked again.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from dfls import suppress
from dfls.config import Settings
from dfls.model import Dockerfile
from dfls.model.nodes import InstructionNode
from dfls.rules import registry
from dfls.rules._api import (
    BuildContext,
    InstructionRule,
    Rule,
    RuleContext,
    Severity,
    Violation,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RuleError:
    code: str
    message: str
    details: str


@dataclass(frozen=True)
class LintResult:
    violations: tuple[Violation, ...]
    rule_errors: tuple[RuleError, ...] = ()


@dataclass
class LintCache:
    """Per-document memo of instruction-rule findings, keyed by node identity."""

    settings: Settings | None = None
    entries: dict[str, dict[int, tuple[InstructionNode, int, tuple[Violation, ...]]]] = field(
        default_factory=dict
    )


def selected_rules(settings: Settings) -> list[type[Rule]]:
    if settings.select is None:
        chosen = {r for r in registry.ALL_RULES if r.enabled_by_default}
    else:
        chosen = {r for s in settings.select for r in registry.select(s)}
    chosen.update(r for s in settings.extend_select for r in registry.select(s))
    chosen.difference_update(r for s in settings.ignore for r in registry.select(s))
    for selector, level in settings.severity.items():
        if level == "off":
            chosen.difference_update(registry.select(selector))
    return [r for r in registry.ALL_RULES if r in chosen]


def _severity_overrides(settings: Settings) -> dict[str, Severity]:
    overrides: dict[str, Severity] = {}
    # Prefixes first, so a specific rule's setting wins over its group's.
    for selector, level in sorted(settings.severity.items(), key=lambda kv: len(kv[0])):
        if level == "off":
            continue
        for rule in registry.select(selector):
            overrides[rule.code] = Severity.parse(level)
    return overrides


def _run_instruction_rule(
    rule: InstructionRule,
    ctx: RuleContext,
    memo: dict[int, tuple[InstructionNode, int, tuple[Violation, ...]]],
) -> list[Violation]:
    found: list[Violation] = []
    keywords = rule.keywords
    fresh: dict[int, tuple[InstructionNode, int, tuple[Violation, ...]]] = {}
    for instruction in ctx.dockerfile.instructions:
        if keywords and instruction.keyword not in keywords:
            continue
        node = instruction.node
        entry = memo.get(id(node))
        if entry is not None and entry[0] is node:
            _, line, cached = entry
            delta = instruction.line - line
            result = tuple(v.shifted(delta) for v in cached) if delta else cached
        else:
            result = tuple(rule.check_instruction(instruction, ctx))
        fresh[id(node)] = (node, instruction.line, result)
        found.extend(result)
    memo.clear()
    memo.update(fresh)
    return found


def lint(
    dockerfile: Dockerfile,
    settings: Settings | None = None,
    context: BuildContext | None = None,
    cache: LintCache | None = None,
) -> LintResult:
    settings = settings or Settings()
    context = context or BuildContext()
    if cache is not None and cache.settings is not settings:
        cache.entries.clear()
        cache.settings = settings
    violations: list[Violation] = []
    errors: list[RuleError] = []
    for rule_class in selected_rules(settings):
        rule = rule_class()
        options = {**rule.default_options, **settings.rules.get(rule.code, {})}
        ctx = RuleContext(dockerfile, options, settings.target_stage, context)
        try:
            if isinstance(rule, InstructionRule) and cache is not None:
                memo = cache.entries.setdefault(rule.code, {})
                violations.extend(_run_instruction_rule(rule, ctx, memo))
            else:
                violations.extend(rule.check(ctx))
        except Exception as error:  # a broken rule must not hide the others' findings
            log.exception("rule %s (%s) failed", rule.code, rule.name)
            if cache is not None:
                cache.entries.pop(rule.code, None)
            errors.append(
                RuleError(
                    rule.code,
                    f"rule {rule.code} ({rule.name}) failed: {type(error).__name__}: {error}",
                    traceback.format_exc(),
                )
            )
    return LintResult(tuple(_finish(violations, dockerfile, settings)), tuple(errors))


def _finish(
    violations: Iterable[Violation], dockerfile: Dockerfile, settings: Settings
) -> list[Violation]:
    overrides = _severity_overrides(settings)
    suppressions = suppress.collect(dockerfile)
    kept = []
    for violation in violations:
        if suppressions.is_suppressed(violation.code, violation.span.start.line):
            continue
        severity = overrides.get(violation.code)
        if severity is not None and severity is not violation.severity:
            violation = replace(violation, severity=severity)
        kept.append(violation)
    kept.sort(key=lambda v: (v.span.start, v.code, v.span.end))
    return kept
