"""DF603: an instruction keyword Docker does not know."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfls.knowledge.spelling import close_match
from dfls.knowledge.stage_index import keyword, keywords, select
from dfls.model import Instruction, Stage, StageGraph
from dfls.model.lexer import INSTRUCTIONS
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    RuleContext,
    Severity,
    StageRule,
    Violation,
)
from dfls.rules.quoting import ELLIPSIS, shorten


class UnknownInstruction(StageRule):
    """## What it does
    Checks for lines that start with a word that is not a Dockerfile instruction, and
    suggests the instruction that was probably meant (`COPPY` -> `COPY`).

    ## Why is this bad?
    The build stops at the first unknown instruction with `unknown instruction: ...`,
    after any earlier steps have run. Catching the typo in the editor saves that round
    trip. An unknown word at the start of a line is also the usual sign of a `RUN` whose
    previous line lost its trailing `\\`, so that the rest of the command became a line of
    its own.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    COPPY app /app
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    COPY app /app
    ```

    ## Exceptions
    None: BuildKit rejects every unknown instruction. Keywords are case-insensitive, so
    `copy` is known (DF604 reports its casing). A lower-case unknown word right after a
    `RUN` is reported as a lost line continuation, without a suggestion: `cd /app` there
    is a shell command, not a misspelt `CMD`.

    ## Fix safety
    Unsafe: the fix replaces the word with the closest instruction name, which is a
    guess. It is only offered when a known instruction is close enough to suggest.

    ## References
    - [Dockerfile reference: overview of instructions](https://docs.docker.com/reference/dockerfile/#overview)
    """

    code = "DF603"
    name = "unknown-instruction"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES

    # Not an InstructionRule: the message depends on the instruction before, which is in
    # the same stage (a stage starts with its FROM) or, before the first FROM, global.
    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        for instruction in select(graph, stage, *_unknown_or_onbuild(graph, stage)):
            yield from self._check(instruction, ctx)

    def check_globals(
        self, instructions: tuple[Instruction, ...], ctx: RuleContext
    ) -> Iterator[Violation]:
        for instruction in instructions:
            yield from self._check(instruction, ctx)

    def _check(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        target = instruction.trigger or instruction
        keyword = target.keyword
        if keyword in INSTRUCTIONS or not keyword:
            return
        text = _quoted(target.keyword_text)
        lower = target.keyword_text.islower()
        if instruction.trigger is None and _after_run(instruction, ctx) and lower:
            # `apt-get install ...` after `RUN apt-get update` with no trailing escape.
            yield self.violation(
                target.keyword_span,
                f"Unknown instruction `{text}`: if it continues the RUN above, end the "
                f"previous line with `{ctx.dockerfile.escape}`",
            )
            return
        candidates = INSTRUCTIONS if instruction.trigger is None else _TRIGGERS
        suggestion = close_match(keyword, candidates)
        if suggestion is None:
            yield self.violation(target.keyword_span, f"Unknown instruction `{text}`")
            return
        replacement = suggestion.lower() if lower else suggestion
        yield self.violation(
            target.keyword_span,
            f"Unknown instruction `{text}`: did you mean `{replacement}`?",
            Fix.unsafe(f"Replace with {replacement}", Edit(target.keyword_span, replacement)),
        )


# ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.
KEYWORD_QUOTE_LIMIT = 16
"""How much of an unknown keyword a message quotes."""
_NAME_LIKE = re.compile(r"[A-Za-z0-9_-]*")


def _quoted(keyword: str) -> str:
    """What a message quotes of an unknown keyword: what could be a misspelt instruction
    name (the longest has 11 letters), not the rest of a line that is something else
    (``root:x:0:0:...`` from a file that is not a Dockerfile), which says nothing useful."""
    match = _NAME_LIKE.match(keyword)
    name = match.group() if match else ""
    if len(name) < len(keyword):
        return shorten(name, KEYWORD_QUOTE_LIMIT - 1) + ELLIPSIS
    return shorten(keyword, KEYWORD_QUOTE_LIMIT)


_TRIGGERS = INSTRUCTIONS - {"ONBUILD", "FROM", "MAINTAINER"}


def _unknown_or_onbuild(graph: StageGraph, stage: Stage) -> list[str]:
    """The tags of the instructions that may be unknown: an unknown keyword, or ONBUILD
    (its trigger may be)."""
    found = [keyword("ONBUILD")]
    for name in keywords(graph, stage):
        if name not in INSTRUCTIONS:
            found.append(keyword(name))
    return found


def _after_run(instruction: Instruction, ctx: RuleContext) -> bool:
    index = instruction.index
    return index > 0 and ctx.dockerfile.instructions[index - 1].keyword == "RUN"
