"""Running the rules: select them from settings, isolate failures, apply overrides.

``lint`` is a pure function of the Dockerfile, the settings and the build context. A
:class:`LintCache` (one per open document in the server) remembers the findings of
instruction-scoped rules per instruction node, so after an edit only the re-lexed
instructions are checked again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from operator import attrgetter, sub
from typing import Any

from dfls.engine import check_directive, shellcheck, suppress
from dfls.engine.config import Settings
from dfls.model import Comment, Dockerfile, Instruction
from dfls.model.document import comment_line
from dfls.model.nodes import InstructionNode
from dfls.model.sequences import common_ends
from dfls.model.stages import Stage
from dfls.rules import registry
from dfls.rules.api import (
    BuildContext,
    InstructionRule,
    Rule,
    RuleContext,
    RuleOptions,
    Severity,
    StageRule,
    Violation,
    global_instructions,
)
from dfls.rules.df901_unknown_rule_in_pragma import UnknownRuleInPragma
from dfls.rules.options import NO_OPTIONS
from dfls.rules.options import parse as parse_options

_NODE = attrgetter("node")
_LINE = attrgetter("line")
_ORDER = attrgetter("span.start", "code", "span.end")  # findings in file order


@dataclass(frozen=True)
class RuleError:
    code: str
    message: str
    details: str


@dataclass(frozen=True)
class LintResult:
    violations: tuple[Violation, ...]
    rule_errors: tuple[RuleError, ...] = ()


_Found = tuple[Violation, ...]


@dataclass
class LintCache:
    """Per-document memo of findings, so an edit re-checks only what it can affect.

    ``instructions`` maps an instruction node (by identity) to the line it was at and the
    findings of every instruction rule on it. ``stages`` maps a stage (by its FROM node)
    to the fingerprint of everything a stage rule may read, the stage's first line, and
    each stage rule's findings.
    """

    settings: Settings | None = None
    context: BuildContext | None = None
    seen: tuple[Instruction, ...] | None = None
    """The instructions of the last lint, and the findings of the instruction rules on
    each (``seen_found``, aligned)."""
    seen_found: list[_Found] = field(default_factory=list)
    instructions: dict[int, tuple[InstructionNode, int, _Found]] = field(default_factory=dict)
    stages: dict[int, _StageEntry] = field(default_factory=dict)
    stages_shared: object = None
    prepared: tuple[tuple[Rule, RuleOptions], ...] | None = None

    def reset(self, settings: Settings, context: BuildContext) -> None:
        self.settings = settings
        self.context = context
        self.seen = None
        self.seen_found = []
        self.instructions.clear()
        self.stages.clear()
        self.stages_shared = None
        self.prepared = None


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


def _shift(found: _Found, lines: int) -> _Found:
    return tuple(v.shifted(lines) for v in found) if lines else found


def _guarded(
    rule: Rule,
    errors: list[RuleError],
    run: Callable[[Any, RuleContext], Iterable[Violation]],
    subject: Any,
    ctx: RuleContext,
) -> _Found | None:
    """Run one rule's check; a crash becomes a RuleError, never an empty result."""
    try:
        return tuple(run(subject, ctx))
    except Exception as error:  # a broken rule must not hide the others' findings
        # Imported here: a run where no rule fails (`dfls check`) loads neither.
        import logging
        import traceback

        logging.getLogger(__name__).exception("rule %s (%s) failed", rule.code, rule.name)
        errors.append(
            RuleError(
                rule.code,
                f"rule {rule.code} ({rule.name}) failed: {type(error).__name__}: {error}",
                traceback.format_exc(),
            )
        )
        return None


def _check_file(rule: Rule, ctx: RuleContext) -> Iterable[Violation]:
    return rule.check(ctx)


def _instruction_findings(
    rules: list[tuple[InstructionRule, RuleContext]],
    dockerfile: Dockerfile,
    cache: LintCache,
    errors: list[RuleError],
) -> list[Violation]:
    """Instruction rules' findings; those of the instructions before and after the ones
    that changed since the last lint (the same objects at both ends) are the last ones."""
    instructions = dockerfile.instructions
    count = len(instructions)
    old_found = cache.seen_found
    if cache.seen is None:
        start, end = 0, count
    else:
        prefix, suffix = common_ends(cache.seen, instructions)
        start, end = prefix, count - suffix
    nodes = cache.instructions
    middle: list[_Found] = []
    failed = False
    for instruction in instructions[start:end]:
        node = instruction.node
        key = id(node)
        entry = nodes.get(key)
        if entry is None or entry[0] is not node:
            result: list[Violation] = []
            for rule, ctx in rules:
                if rule.keywords and node.keyword not in rule.keywords:
                    continue
                one = _guarded(rule, errors, rule.check_instruction, instruction, ctx)
                if one is None:
                    failed = True
                else:
                    result.extend(one)
            entry = (node, instruction.line, tuple(result))
            nodes[key] = entry
        elif entry[1] != instruction.line:
            entry = (node, instruction.line, _shift(entry[2], instruction.line - entry[1]))
            nodes[key] = entry
        middle.append(entry[2])
    found = old_found[:start] + middle + old_found[len(old_found) - (count - end) :]
    if failed:
        nodes.clear()
    elif len(nodes) > 2 * count + 64:  # forget the nodes edited away
        nodes_now = {id(i.node) for i in instructions}
        for key in [k for k in nodes if k not in nodes_now]:
            del nodes[key]
    cache.seen_found = found
    # These findings belong to these instructions; after a failure, check everything again.
    cache.seen = None if failed else instructions
    return list(chain.from_iterable(found))


@dataclass
class _StageEntry:
    """A stage as last linted: the Stage object, what it may read, and its findings."""

    stage: Stage
    comments: tuple[Comment, ...]  # the document's comments then (the same object if unchanged)
    parent_token: object  # the token of the stage it is built on (None: an image)
    copied: tuple[Stage, ...]  # the stages its COPY --from names
    own: object  # its instructions and comment lines, relative to its first line
    key: object  # own, parent_token and the own keys of the stages it copies from
    token: object
    """The same object for as long as the findings of this stage, and so what every stage
    built on it reads from it, are the same: a child compares its parent by identity, so
    a chain of N stages costs N comparisons, not N squared."""
    start: int
    by_rule: dict[str, _Found]


def _own_key(stage: Stage, comments: tuple[Comment, ...]) -> object:
    """A stage's instructions and comment lines, relative to its first line."""
    instructions = stage.instructions
    start = instructions[0].line
    end = instructions[-1].last_line
    # Comment lines inside the stage count too: a rule may look at them (a fix that would
    # swallow a comment is not offered, for instance).
    first = bisect_left(comments, start, key=comment_line)
    last = bisect_right(comments, end, key=comment_line)
    return (
        tuple(map(_NODE, instructions)),
        tuple(map(sub, map(_LINE, instructions), repeat(start))),
        tuple((c.text, c.span.start.line - start) for c in comments[first:last]),
    )


def _check_stage(
    rules: list[tuple[StageRule, RuleContext]], stage: Stage, errors: list[RuleError]
) -> tuple[dict[str, _Found], bool, bool]:
    """The stage rules' findings on ``stage`` by code, whether they can be reused (all
    inside the stage, as the contract says) and whether a rule failed."""
    by_rule: dict[str, _Found] = {}
    start, end = stage.instructions[0].line, stage.instructions[-1].last_line
    reusable = True
    failed = False
    for rule, ctx in rules:
        if rule.shipped_only and not ctx.ships(stage):
            continue
        checked = _guarded(rule, errors, rule.check_stage, stage, ctx)
        if checked is None:
            failed = True
            continue
        if any(not start <= v.span.start.line <= end for v in checked):
            reusable = False  # breaks the contract: correct, but not reusable
        if checked:
            by_rule[rule.code] = checked
    return by_rule, reusable, failed


def _stage_findings(
    rules: list[tuple[StageRule, RuleContext]],
    dockerfile: Dockerfile,
    cache: LintCache,
    errors: list[RuleError],
) -> list[Violation]:
    """Stage rules' findings, per stage; a stage whose content and related stages are what
    they were (as the same objects, or equal relative to the first line) keeps its findings.

    Everything every stage may read (global ARGs, all FROM lines, the build context, the
    target and the shipped stages) is compared once; when it changes, all stages are
    checked again.
    """
    found: list[Violation] = []
    globals_ = global_instructions(dockerfile)
    for rule, ctx in rules:
        found.extend(_guarded(rule, errors, rule.check_globals, globals_, ctx) or ())
    stages = dockerfile.stages
    if not rules or not stages:
        return found
    ctx = rules[0][1]
    shared = (
        tuple(map(_NODE, globals_)),
        tuple(s.instructions[0].node for s in stages),
        ctx.build_context,
        ctx.target_stage_name,
        ctx.shipped_indexes,
    )
    old: dict[int, _StageEntry] = cache.stages if cache.stages_shared == shared else {}
    cache.stages_shared = shared
    walk = _StageWalk(rules, dockerfile, old, errors)
    for stage in stages:
        entry = walk.visit(stage)
        for result in entry.by_rule.values():
            found.extend(result)
    cache.stages = {} if walk.failed else walk.fresh
    return found


class _StageWalk:
    """The stages in order, each reusing its last findings when it can (see
    :func:`_stage_findings`); a stage's parent comes before it."""

    def __init__(
        self,
        rules: list[tuple[StageRule, RuleContext]],
        dockerfile: Dockerfile,
        old: dict[int, _StageEntry],
        errors: list[RuleError],
    ) -> None:
        self.rules, self.old, self.errors = rules, old, errors
        self.stages = dockerfile.stages
        self.comments = dockerfile.comments
        self.graph = dockerfile.stage_graph
        self.fresh: dict[int, _StageEntry] = {}
        self.tokens: list[object] = []  # by stage index, for the stages visited so far
        self.own: dict[int, object] = {}
        self.failed = False

    def own_key(self, index: int) -> object:
        """The stage's own key; the last lint's object when it is equal, so that keys
        holding it compare by identity."""
        if index not in self.own:
            stage = self.stages[index]
            key = _own_key(stage, self.comments)
            entry = self.old.get(id(stage.instructions[0].node))
            self.own[index] = entry.own if entry is not None and entry.own == key else key
        return self.own[index]

    def visit(self, stage: Stage) -> _StageEntry:
        ident = id(stage.instructions[0].node)
        entry = self.old.get(ident)
        parent = self.graph.parent(stage)
        parent_token = None if parent is None else self.tokens[parent.index]
        if entry is not None and entry.stage is stage:
            copied = tuple(self.stages[s.index] for s in entry.copied)  # as they are now
            if (
                entry.comments is self.comments
                and entry.parent_token is parent_token
                and all(a is b for a, b in zip(copied, entry.copied, strict=True))
            ):
                return self._keep(ident, entry)  # the same objects: the same findings
        else:
            copied = self.graph.copy_sources(stage)
        own = self.own_key(stage.index)
        copies = tuple(self.own_key(s.index) for s in copied if s.index != stage.index)
        key: object = (stage.index, own, parent_token, copies)
        start = stage.instructions[0].line
        if entry is not None and entry.key == key:
            by_rule = entry.by_rule
            delta = start - entry.start
            if delta:
                by_rule = {code: _shift(v, delta) for code, v in by_rule.items()}
            token = entry.token
        else:
            by_rule, reusable, broke = _check_stage(self.rules, stage, self.errors)
            self.failed = self.failed or broke
            if not reusable:
                key = object()
            token = object()
        fresh = _StageEntry(
            stage, self.comments, parent_token, copied, own, key, token, start, by_rule
        )
        return self._keep(ident, fresh)

    def _keep(self, ident: int, entry: _StageEntry) -> _StageEntry:
        self.fresh[ident] = entry
        self.tokens.append(entry.token)
        return entry


def _prepared(settings: Settings) -> tuple[tuple[Rule, RuleOptions], ...]:
    """The selected rules, instantiated, with their options (kept per settings object in
    the :class:`LintCache`). Rules without options share one options object, so they
    share one RuleContext per lint. Config validation reported bad options already;
    here they keep their defaults."""
    prepared = []
    for rule_class in selected_rules(settings):
        rule = rule_class()
        options, _ = parse_options(rule.options_type, settings.rules.get(rule.code, {}))
        prepared.append((rule, options))
    return tuple(prepared)


def lint(
    dockerfile: Dockerfile,
    settings: Settings | None = None,
    context: BuildContext | None = None,
    cache: LintCache | None = None,
    extra: Iterable[Violation] = (),
) -> LintResult:
    """The rules' findings on ``dockerfile``, with ``extra`` findings made elsewhere
    (ShellCheck's, see :mod:`dfls.engine.shellcheck`) suppressed and sorted with them."""
    settings = settings or Settings()
    context = context or BuildContext()
    if cache is None:
        cache = LintCache()
    if cache.settings is not settings or cache.context != context:
        cache.reset(settings, context)
    violations: list[Violation] = []
    errors: list[RuleError] = []
    instruction_rules: list[tuple[InstructionRule, RuleContext]] = []
    stage_rules: list[tuple[StageRule, RuleContext]] = []
    if cache.prepared is None:
        cache.prepared = _prepared(settings)
    pragma_rule: UnknownRuleInPragma | None = None
    shared = RuleContext(dockerfile, NO_OPTIONS, settings.target_stage, context)
    shipped = shared.shipped_indexes  # computed once, handed to every rule's context
    contexts: dict[int, RuleContext] = {}  # rules with the same options share one
    for rule, options in cache.prepared:
        ctx = contexts.get(id(options))
        if ctx is None:
            ctx = RuleContext(dockerfile, options, settings.target_stage, context, shipped)
            contexts[id(options)] = ctx
        if isinstance(rule, InstructionRule):
            instruction_rules.append((rule, ctx))
        elif isinstance(rule, StageRule):
            stage_rules.append((rule, ctx))
        elif isinstance(rule, UnknownRuleInPragma):
            pragma_rule = rule  # reported by the suppression pass, which reads the pragmas
        else:
            violations.extend(_guarded(rule, errors, _check_file, rule, ctx) or ())
    violations.extend(_instruction_findings(instruction_rules, dockerfile, cache, errors))
    violations.extend(_stage_findings(stage_rules, dockerfile, cache, errors))
    violations.extend(extra)
    directive = check_directive.parse(dockerfile)
    selected = {type(rule) for rule, _ in cache.prepared}
    for experimental in check_directive.experimental_rules(directive, settings, selected):
        rule = experimental()  # turned on by `# check=experimental=`: not cached, run whole
        violations.extend(_guarded(rule, errors, _check_file, rule, shared) or ())
    found = _finish(violations, dockerfile, settings, pragma_rule, directive.error)
    return LintResult(tuple(found), tuple(errors))


def _finish(
    violations: list[Violation],
    dockerfile: Dockerfile,
    settings: Settings,
    pragma_rule: UnknownRuleInPragma | None,
    checks_fail: bool = False,
) -> list[Violation]:
    overrides = _severity_overrides(settings)
    if checks_fail:  # `# check=error=true`: BuildKit's checks fail the build
        for code in check_directive.buildkit_codes():
            overrides.setdefault(code, Severity.ERROR)
    suppressions = suppress.collect(dockerfile)
    if pragma_rule is not None:
        violations.extend(suppress.unknown_rules(suppressions, pragma_rule))
    kept = []
    for violation in violations:
        if suppressions.is_suppressed(violation.code, violation.span.start.line):
            continue
        severity = overrides.get(violation.code)
        if severity is not None and severity is not violation.severity:
            violation = replace(violation, severity=severity)
        kept.append(violation)
    kept = shellcheck.without_twins(kept)
    kept.sort(key=_ORDER)
    return kept
