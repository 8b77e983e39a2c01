"""DF111: a FROM line that uses a variable no global ARG declares (BuildKit's UndefinedArgInFrom)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.build_args import PLATFORM_ARGS
from dfls.knowledge.spelling import nearest_name
from dfls.model import Instruction, Span, Stage, VariableRef
from dfls.model.semantics import global_args
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    RuleContext,
    Severity,
    StageRule,
    Violation,
)


def from_variables(instruction: Instruction) -> Iterator[VariableRef]:
    """The variables of a FROM that BuildKit expands: in the image and in ``--platform``."""
    words = instruction.words
    platform = instruction.flag("platform")
    for variable in instruction.variables:
        span = variable.span
        in_image = bool(words) and words[0].span.start <= span.start <= words[0].span.end
        in_platform = (
            platform is not None
            and platform.value_span is not None
            and platform.value_span.start <= span.start <= platform.value_span.end
        )
        if in_image or in_platform:
            yield variable


class UndefinedArgInFrom(StageRule):
    """## What it does
    Checks that the variables of a `FROM` line (in the image and in `--platform`) are global
    `ARG`s, declared before the first `FROM`, or predefined platform arguments
    (`BUILDPLATFORM`, `TARGETARCH`...).

    ## Why is this bad?
    A `FROM` line only sees the global ARGs. A variable declared inside a stage, or not at
    all, expands to an empty string there: `FROM alpine:${VERSION}` becomes
    `FROM alpine:` (a build error), and `FROM --platform=$BULIDPLATFORM` has no platform.

    ## Example
    ```dockerfile
    FROM --platform=$BULIDPLATFORM golang:1.22 AS build
    ```

    Use instead:
    ```dockerfile
    FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    ```

    ## Exceptions
    A variable declared by an `ARG` anywhere before the first `FROM` is fine, with or without
    a default (its value may come from `--build-arg`).

    ## Fix safety
    Unsafe: when a declared name is one or two edits away, the fix replaces the typo with it,
    which changes the image or platform the stage is built on.

    ## References
    - [Dockerfile reference: understand how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
    - BuildKit UndefinedArgInFrom
    """

    code = "DF111"
    name = "undefined-arg-in-from"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"buildkit": ("UndefinedArgInFrom",)}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        instruction = stage.from_instruction
        graph = ctx.dockerfile.stage_graph
        globals_ = graph.memoized(("global args",), lambda: global_args(ctx.dockerfile))
        known = [*globals_, *PLATFORM_ARGS]
        for variable in from_variables(instruction):
            if variable.name in globals_ or variable.name in PLATFORM_ARGS:
                continue
            message = f"`${variable.name}` is not a global ARG, so it is empty on this FROM line"
            suggestion = nearest_name(variable.name, known)
            fix = None
            if suggestion is not None:
                message += f": did you mean `${suggestion}`?"
                start = variable.span.start
                offset = start.character + (2 if variable.braced else 1)
                span = Span.on_line(start.line, offset, offset + len(variable.name))
                fix = Fix.unsafe(f"Change to ${suggestion}", Edit(span, suggestion))
            else:
                message += f": declare `ARG {variable.name}` before the first FROM"
            yield self.violation(variable.span, message, fix)
