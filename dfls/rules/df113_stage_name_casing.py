"""DF113: a stage name with upper-case letters (BuildKit's StageNameCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)


class StageNameCasing(InstructionRule):
    """## What it does
    Checks that stage names (`FROM image AS name`) are written in lower case.

    ## Why is this bad?
    Stage names are case-insensitive: `COPY --from=Build` and `--target build` both find
    `AS BUILD`. Writing them in mixed case suggests a difference that does not exist, and
    image references, which stage names stand in for in `FROM` and `COPY --from`, must
    be lower case.

    ## Example
    ```dockerfile
    FROM golang:1.22 AS BuildStage
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22 AS buildstage
    ```

    ## Exceptions
    None.

    ## Fix safety
    Safe: BuildKit compares stage names case-insensitively, so references to the stage
    (`FROM`, `COPY --from`, `--target`) keep working with the lower-case name.

    ## References
    - [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
    - BuildKit StageNameCasing
    """

    code = "DF113"
    name = "stage-name-casing"
    severity = Severity.STYLE
    fix_availability = FixAvailability.ALWAYS
    aliases = {"buildkit": ("StageNameCasing",)}
    keywords = frozenset({"FROM"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        words = instruction.words
        if len(words) != 3 or words[1].value.lower() != "as":
            return
        name = words[2]
        wanted = name.text.lower()
        if name.text == wanted:
            return
        yield self.violation(
            name.span,
            f"Stage name `{name.text}` should be lower case: `{wanted}`",
            Fix.safe(f"Change to {wanted}", Edit(name.span, wanted)),
        )
