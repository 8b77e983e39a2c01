"""DF604: instruction keywords that are not written in the file's case."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from dfls.model.lexer import INSTRUCTIONS
from dfls.model.nodes import InstructionNode
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    Rule,
    RuleContext,
    RuleOptions,
    Severity,
    Violation,
    option,
)


@dataclass(frozen=True)
class Options(RuleOptions):
    style: Literal["upper", "consistent"] = option(
        "consistent",
        '`"consistent"` wants the case most keywords of the file use (BuildKit\'s check); '
        '`"upper"` wants every keyword in upper case.',
    )


def _in_case(node: InstructionNode, lower: bool) -> bool:
    """Whether the known keywords of ``node`` (and of the instruction an ONBUILD wraps) are
    written in the wanted case. Plain code: it runs for every instruction on every keystroke."""
    text = node.keyword_text
    if not (text.islower() if lower else text.isupper()) and node.keyword in INSTRUCTIONS:
        return False
    trigger = node.trigger
    if trigger is None:
        return True
    text = trigger.keyword_text
    return (text.islower() if lower else text.isupper()) or trigger.keyword not in INSTRUCTIONS


def majority_lower(nodes: Iterable[InstructionNode]) -> bool:
    """BuildKit's rule: the file's case is the case most keywords are written in (ties go
    to upper case)."""
    lower = upper = 0
    for node in nodes:
        trigger = node.trigger
        for keyword in (node,) if trigger is None else (node, trigger):
            if keyword.keyword not in INSTRUCTIONS:
                continue
            text = keyword.keyword_text
            if text.islower():
                lower += 1
            elif text.isupper():
                upper += 1
    return lower > upper


class InstructionCasing(Rule):
    """## What it does
    Checks that instruction keywords are all written in the same case: the case most
    keywords of the file use, as BuildKit does. With `style = "upper"`, every keyword must
    be in upper case (`FROM`, `RUN`).

    ## Why is this bad?
    Keywords are case-insensitive, so `run` works, but the Dockerfile reference, the
    guide and almost every Dockerfile write them in upper case. That convention is what
    lets a reader tell instructions from their arguments at a glance; a mix of `Run`,
    `run` and `RUN` reads as sloppy and hides typos.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    run apk add --no-cache curl
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl
    ```

    ## Exceptions
    Unknown words are DF603's business. The `AS` of `FROM ... AS name` is checked by
    DF607. By default a file written entirely in lower case is fine and only keywords
    that differ from the majority (or mix cases, like `From`) are flagged, as BuildKit
    does; with equal counts, upper case wins. Keywords of `ONBUILD` triggers are checked
    too (BuildKit does not look at them).

    ## Fix safety
    Safe: the fix changes only the case of the keyword, which Docker ignores.

    ## References
    - [Dockerfile reference: format](https://docs.docker.com/reference/dockerfile/#format)
    - BuildKit ConsistentInstructionCasing
    """

    code = "DF604"
    name = "instruction-casing"
    severity = Severity.STYLE
    fix_availability = FixAvailability.ALWAYS
    aliases = {"buildkit": ("ConsistentInstructionCasing",)}
    options_type = Options

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        consistent = ctx.options_as(Options).style == "consistent"
        instructions = ctx.dockerfile.instructions
        lower = consistent and majority_lower(i.node for i in instructions)
        # Only the instructions not already in the wanted case, found without building the
        # located views of the others: this runs on every keystroke.
        keywords = [
            k
            for i in instructions
            if not _in_case(i.node, lower)
            for k in (i, i.trigger)
            if k is not None and k.keyword in INSTRUCTIONS
        ]
        for instruction in keywords:
            written = instruction.keyword_text
            wanted = written.lower() if lower else written.upper()
            if written == wanted:
                continue
            if consistent:
                case = "lower" if lower else "upper"
                message = f"`{written}` is not in the {case} case most instructions here use"
            else:
                message = f"Write the instruction `{written}` in upper case"
            yield self.violation(
                instruction.keyword_span,
                f"{message}: `{wanted}`",
                Fix.safe(f"Change to {wanted}", Edit(instruction.keyword_span, wanted)),
            )
