"""Suppression comments: which findings the file itself says to ignore.

- ``# dfls ignore=DF201,apt-no-recommends`` on the comment line(s) right above an
  instruction ignores those rules for that instruction (its whole range);
- ``# dfls global ignore=...`` anywhere ignores them for the whole file;
- hadolint's ``# hadolint ignore=DL3008`` and ``# hadolint global ignore=`` are honoured
  through the rules' hadolint aliases;
- ShellCheck's codes (``SC2086``) in either pragma ignore ShellCheck's findings;
- BuildKit's ``# check=skip=JSONArgsRecommended,...`` (or ``skip=all``) parser directive is
  honoured through the rules' BuildKit aliases; the same comment among the comments right
  above an instruction skips those checks for that instruction only, as BuildKit does
  (the first ``check=`` comment since the previous instruction counts; an empty ``#``
  line ends the block, blank lines do not).
- text after the codes of a pragma is a reason (``# dfls ignore=DF401 because ...``).

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
from dfls.model.pragmas import CheckSkip, parse_check_comment, parse_check_value, parse_pragma
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


def _buildkit_codes(skip: CheckSkip) -> set[str]:
    """The dfls codes a ``check=skip=`` skips: the rules with those BuildKit aliases."""
    aliases = registry.alias_map("buildkit")
    if skip.skip_all:
        return {code for codes in aliases.values() for code in codes}
    return {code for name in skip.names for code in aliases.get(name.lower(), ())}


def collect(dockerfile: Dockerfile) -> Suppressions:
    everywhere: set[str] = set()
    all_buildkit = False
    check = dockerfile.directive("check")
    if check is not None:
        skip = parse_check_value(check.value)
        all_buildkit = skip.skip_all
        everywhere.update(_buildkit_codes(skip))
    unknown: list[tuple[Span, str]] = []
    pending: set[str] = set()
    pending_line = -2
    checked: CheckSkip | None = None  # the first check= comment since the last instruction
    by_line: dict[int, frozenset[str]] = {}
    comments = iter(dockerfile.comments)
    comment = next(comments, None)
    for instruction in dockerfile.instructions:
        while comment is not None and comment.span.start.line < instruction.line:
            if not comment.text:
                checked = None  # an empty comment line ends BuildKit's comment block
            elif checked is None:
                checked = parse_check_comment(comment.text)
            pragma = parse_pragma(comment.text)
            if pragma is not None:
                codes = _resolve(pragma.tool, pragma.codes, comment.span, unknown)
                if pragma.is_global:
                    everywhere.update(codes)
                else:
                    if comment.span.start.line != pending_line + 1:
                        pending = set()
                    pending.update(codes)
                    pending_line = comment.span.start.line
            comment = next(comments, None)
        ignored = set()
        if pending and _only_comments_between(dockerfile, pending_line, instruction.line):
            ignored = pending
        if checked is not None:
            ignored = ignored | _buildkit_codes(checked)
        if ignored:
            frozen = frozenset(ignored)
            for line in range(instruction.line, instruction.last_line + 1):
                by_line[line] = frozen
        pending = set()
        checked = None
    # After the last instruction (from the comment the loop above stopped at), only global
    # pragmas apply.
    rest = comments if comment is None else chain((comment,), comments)
    for after in rest:
        pragma = parse_pragma(after.text)
        if pragma is not None:
            codes = _resolve(pragma.tool, pragma.codes, after.span, unknown)
            if pragma.is_global:
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
