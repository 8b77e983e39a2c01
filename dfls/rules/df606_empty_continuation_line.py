"""DF606: empty lines inside an instruction continued with `\\`."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction, Position, Span
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)


class EmptyContinuationLine(InstructionRule):
    r"""## What it does
    Checks for empty lines in the middle of an instruction that is continued over several
    lines with `\` (or the escape character chosen with the `# escape=` directive).

    ## Why is this bad?
    Docker skips empty lines inside a continuation, so the instruction still works, but
    the file no longer shows where the instruction ends: the empty line looks like the end
    of the `RUN`, and the next line looks like a new instruction. It usually hides a
    mistake, such as a trailing `\` that should have been deleted. BuildKit warns about
    these lines and plans to make them an error.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && \

        apt-get install -y --no-install-recommends curl
    ```

    Use instead:
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && \
        apt-get install -y --no-install-recommends curl
    ```

    ## Exceptions
    Comment lines inside a continuation are allowed and not flagged. Lines of a heredoc
    body are not continuation lines.

    ## Fix safety
    Safe: the fix deletes the empty lines, which Docker ignores.

    ## References
    - [Dockerfile reference: format](https://docs.docker.com/reference/dockerfile/#format)
    - BuildKit NoEmptyContinuation
    """

    code = "DF606"
    name = "empty-continuation-line"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    aliases = {"buildkit": ("NoEmptyContinuation",)}

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        lines = ctx.dockerfile.lines
        for relative in instruction.node.empty_continuation_lines:
            line = instruction.line + relative
            if line == len(lines) - 1 and not lines[line]:
                continue  # the "line" after the file's last line end: BuildKit never reads it
            yield self.violation(
                Span(Position(line, 0), Position(line, len(lines[line]))),
                f"Empty line inside the continued {instruction.keyword}: delete it",
                Fix.safe(
                    "Delete the empty line",
                    Edit(Span(Position(line, 0), Position(line + 1, 0)), ""),
                ),
            )
