"""DF909: a stage name BuildKit rejects (`FROM alpine AS 2nd`, `AS my@stage`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfls.model import Instruction
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation

# BuildKit's rule, applied to the name in lower case.
_VALID = re.compile(r"^[a-z][a-z0-9\-_.]*$")


class InvalidStageName(InstructionRule):
    """## What it does
    Checks that the name after `FROM ... AS` starts with a letter and has only letters,
    digits, `-`, `_` and `.`.

    ## Why is this bad?
    BuildKit stops with "invalid name for build stage: ..., name can't start with a number
    or contain symbols" before anything builds. Stage names are not expanded either, so
    `AS ${TARGET}` is rejected too.

    ## Example
    ```dockerfile
    FROM golang:1.22 AS 1st-build
    RUN go build -o /app .

    FROM gcr.io/distroless/static-debian12
    COPY --from=1st-build /app /app
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22 AS build
    RUN go build -o /app .

    FROM gcr.io/distroless/static-debian12
    COPY --from=build /app /app
    ```

    ## Exceptions
    Upper-case letters are valid (BuildKit lowercases the name; its `StageNameCasing`
    check is about style). A `FROM` with a missing or extra name is DF905's.

    ## References
    - [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
    """

    code = "DF909"
    name = "invalid-stage-name"
    severity = Severity.ERROR
    keywords = frozenset({"FROM"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        words = instruction.words
        if len(words) != 3 or words[1].value.upper() != "AS":
            return
        name = words[2]
        if not _VALID.match(name.value.lower()):
            yield self.violation(
                name.span,
                f"`{name.value}` is not a valid stage name: start with a letter, then use "
                "letters, digits, `-`, `_` and `.`",
            )
