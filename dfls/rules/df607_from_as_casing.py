"""DF607: the AS of `FROM image AS name` in a different case than FROM."""

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


class FromAsCasing(InstructionRule):
    """## What it does
    Checks that the `AS` keyword of a named stage is written in the same case as its
    `FROM`: `FROM golang:1.22 AS build` or `from golang:1.22 as build`, not a mix.

    ## Why is this bad?
    `AS` is part of the instruction, like `FROM` itself. Writing one in upper case and the
    other in lower case makes the stage name harder to spot, and BuildKit warns about it
    on every build.

    ## Example
    ```dockerfile
    FROM golang:1.22-alpine as build
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22-alpine AS build
    ```

    ## Exceptions
    A `FROM` in mixed case (`From`) has no case to match; DF604 reports it instead.

    ## Fix safety
    Safe: the fix changes only the case of `AS`, which Docker ignores.

    ## References
    - [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
    - BuildKit FromAsCasing
    """

    code = "DF607"
    name = "from-as-casing"
    severity = Severity.STYLE
    fix_availability = FixAvailability.ALWAYS
    aliases = {"buildkit": ("FromAsCasing",)}
    keywords = frozenset({"FROM"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        words = instruction.words
        if len(words) < 3 or words[1].value.lower() != "as":
            return
        written = instruction.keyword_text
        if written.isupper():
            wanted = "AS"
        elif written.islower():
            wanted = "as"
        else:
            return
        word = words[1]
        if word.text == wanted:
            return
        yield self.violation(
            word.span,
            f"`{word.text}` does not match the case of `{written}`: write `{wanted}`",
            Fix.safe(f"Change to {wanted}", Edit(word.span, wanted)),
        )
