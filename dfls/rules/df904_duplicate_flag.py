"""DF904: a flag given twice on one instruction."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.reference import REPEATABLE_FLAGS, accepted_flags
from dfls.model import Instruction
from dfls.model.lexer import INSTRUCTIONS
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation
from dfls.rules.instructions import flag_targets


class DuplicateFlag(InstructionRule):
    """## What it does
    Checks that no flag appears twice on one instruction, except those meant to be
    repeated: `RUN --mount`, `RUN --device` and `--exclude` of `COPY` and `ADD`.

    ## Why is this bad?
    BuildKit stops with "duplicate flag specified" rather than guess which value you
    meant. Two `--from` or `--chown` flags usually come from a copy-paste or a merge.

    ## Example
    ```dockerfile
    FROM golang:1.22 AS build
    FROM alpine:3.20 AS assets
    FROM scratch
    COPY --from=build --from=assets /app /app
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22 AS build
    FROM alpine:3.20 AS assets
    FROM scratch
    COPY --from=build /app /app
    ```

    ## Exceptions
    Flags the instruction does not accept are DF608's, however often they appear. Names
    are compared as written, as BuildKit does.

    ## References
    - [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
    """

    code = "DF904"
    name = "duplicate-flag"
    severity = Severity.ERROR
    keywords = INSTRUCTIONS

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for target in flag_targets(instruction):
            accepted = accepted_flags(target.keyword)
            seen: set[str] = set()
            for flag in target.flags:
                name = flag.name
                if name not in accepted or name in REPEATABLE_FLAGS:
                    continue
                if name in seen:
                    yield self.violation(
                        flag.name_span,
                        f"`--{name}` is given again: {target.keyword} accepts it once",
                    )
                seen.add(name)
