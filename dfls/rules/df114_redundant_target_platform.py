"""DF114: `FROM --platform=$TARGETPLATFORM`, which is the default (RedundantTargetPlatform)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction, Span
from dfls.model.semantics import substitute
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)

_MARK = "\0platform\0"


class RedundantTargetPlatform(InstructionRule):
    """## What it does
    Checks for `FROM --platform=$TARGETPLATFORM`.

    ## Why is this bad?
    A stage is built for the target platform unless `--platform` says otherwise, so the
    flag repeats the default. It also hides the one `--platform` that matters in a
    cross-compiling Dockerfile, `--platform=$BUILDPLATFORM` on the build stage.

    ## Example
    ```dockerfile
    FROM --platform=$TARGETPLATFORM alpine:3.20
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    ```

    ## Exceptions
    A value that only contains `$TARGETPLATFORM` (`--platform=$TARGETPLATFORM-x`, or with a
    second variable) is not the default and is not reported.

    ## Fix safety
    Safe: the fix removes the flag, and the stage is built for the same platform.

    ## References
    - [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
    - [Multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
    - BuildKit RedundantTargetPlatform
    """

    code = "DF114"
    name = "redundant-target-platform"
    severity = Severity.INFO
    fix_availability = FixAvailability.ALWAYS
    aliases = {"buildkit": ("RedundantTargetPlatform",)}
    keywords = frozenset({"FROM"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        flag = instruction.flag("platform")
        if flag is None or flag.value is None or "TARGETPLATFORM" not in flag.value:
            return
        expanded = substitute(flag.value, {"TARGETPLATFORM": _MARK}, ctx.dockerfile.escape, "")
        if expanded != _MARK:
            return
        fix = None
        words = instruction.words
        if words and words[0].span.start.line == flag.span.start.line:
            fix = Fix.safe(
                "Remove --platform", Edit(Span(flag.span.start, words[0].span.start), "")
            )
        yield self.violation(
            flag.span,
            f"`--platform={flag.value}` is what FROM does by default: remove the flag",
            fix,
        )
