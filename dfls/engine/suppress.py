"""Suppression comments: which findings the file itself says to ignore.

- ``# dfls ignore=DF201,apt-no-recommends`` on the comment line(s) right above an
  instruction ignores those rules for that instruction (its whole range);
- ``# dfls global ignore=...`` anywhere ignores them for the whole file;
- hadolint's ``# hadolint ignore=DL3008`` and ``# hadolint global ignore=`` are honoured
  through the rules' hadolint aliases;
- ShellCheck's codes (``SC2086``) in either pragma ignore ShellCheck's findings;
- BuildKit's ``# check=skip=JSONArgsRecommended,...`` (or ``skip=all``) parser directive is
  honoured through the rules' BuildKit aliases.

A name in a ``# dfls`` pragma that matches no rule is reported here too, as DF901: this
pass resolves every name against the registry anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

from dfls.knowledge import shellcheck
from dfls.knowledge.spelling import close_match
from dfls.model import Dockerfile, Span
from dfls.model.pragmas import parse_pragma
from dfls.rules import registry
from dfls.rules.api import Violation
from dfls.rules.df901_unknown_rule_in_pragma import UnknownRuleInPragma

__all__ = ["Suppressions", "collect", "parse_pragma", "unknown_rules"]


@dataclass(frozen=True)
class Suppressions:
    everywhere: frozenset[str] = frozenset()
    all_buildkit: bool = False
    by_line: dict[int, frozenset[str]] = field(default_factory=dict)
    """For each instruction's line range, the codes ignored there."""
    unknown: tuple[tuple[Span, str], ...] = ()
    """The names in ``# dfls`` pragmas that match no rule, with their comment's span."""

    def is_suppressed(self, code: str, line: int) -> bool:
        if code in self.everywhere:
            return True
        codes = self.by_line.get(line)
        return codes is not None and code in codes


def _resolve(tool: str, names: list[str], span: Span, unknown: list[tuple[Span, str]]) -> set[str]:
    codes: set[str] = set()
    for name in names:
        if shellcheck.is_code(name):
            codes.add(shellcheck.normalized(name))  # ShellCheck's codes are used as they are
        elif tool == "dfls":
            rules = registry.select(name)
            if not rules:
                unknown.append((span, name))
            codes.update(rule.code for rule in rules)
        else:
            codes.update(registry.alias_map("hadolint").get(name.lower(), ()))
    return codes


def collect(dockerfile: Dockerfile) -> Suppressions:
    everywhere: set[str] = set()
    all_buildkit = False
    check = dockerfile.directive("check")
    if check is not None:
        for part in check.value.split(";"):
            key, _, value = part.partition("=")
            if key.strip().lower() != "skip":
                continue
            for name in value.split(","):
                if name.strip().lower() == "all":
                    all_buildkit = True
                everywhere.update(registry.alias_map("buildkit").get(name.strip().lower(), ()))
    if all_buildkit:
        everywhere.update(
            code for codes in registry.alias_map("buildkit").values() for code in codes
        )
    unknown: list[tuple[Span, str]] = []
    pending: set[str] = set()
    pending_line = -2
    by_line: dict[int, frozenset[str]] = {}
    comments = iter(dockerfile.comments)
    comment = next(comments, None)
    for instruction in dockerfile.instructions:
        while comment is not None and comment.span.start.line < instruction.line:
            pragma = parse_pragma(comment.text)
            if pragma is not None:
                tool, is_global, names = pragma
                codes = _resolve(tool, names, comment.span, unknown)
                if is_global:
                    everywhere.update(codes)
                else:
                    if comment.span.start.line != pending_line + 1:
                        pending = set()
                    pending.update(codes)
                    pending_line = comment.span.start.line
            comment = next(comments, None)
        if pending and _only_comments_between(dockerfile, pending_line, instruction.line):
            frozen = frozenset(pending)
            for line in range(instruction.line, instruction.last_line + 1):
                by_line[line] = frozen
        pending = set()
    # After the last instruction (from the comment the loop above stopped at), only global
    # pragmas apply.
    rest = comments if comment is None else chain((comment,), comments)
    for after in rest:
        pragma = parse_pragma(after.text)
        if pragma is not None:
            codes = _resolve(pragma[0], pragma[2], after.span, unknown)
            if pragma[1]:
                everywhere.update(codes)
    return Suppressions(frozenset(everywhere), all_buildkit, by_line, tuple(unknown))


def unknown_rules(suppressions: Suppressions, rule: UnknownRuleInPragma) -> Iterator[Violation]:
    """DF901's findings: one for each name in a ``# dfls`` pragma that matches no rule."""
    if not suppressions.unknown:
        return
    known = [r.code for r in registry.ALL_RULES] + [r.name for r in registry.ALL_RULES]
    for span, name in suppressions.unknown:
        yield rule.unknown(span, name, close_match(name, known))


def _only_comments_between(dockerfile: Dockerfile, pragma_line: int, line: int) -> bool:
    """A pragma applies to the next instruction if only comment lines separate them."""
    for between in range(pragma_line + 1, line):
        if not dockerfile.lines[between].lstrip().startswith("#"):
            return False
    return True
