"""DF106: a stage named like a reserved word (scratch, context)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.rules.api import Rule, RuleContext, Severity, Violation

_RESERVED = {
    "scratch": "`FROM scratch` means the empty image",
    "context": "`context` is the name BuildKit gives the build context",
}


class ReservedStageName(Rule):
    """## What it does
    Checks for stages named `scratch` or `context`.

    ## Why is this bad?
    Both names already mean something: `scratch` is the empty base image, and `context` is
    how BuildKit refers to the build context. With a stage of that name, a later
    `FROM scratch` or `COPY --from=context` can be read as either, by people and by tools,
    and BuildKit warns about it.

    ## Example
    ```dockerfile
    FROM alpine:3.20 AS scratch
    RUN echo hi > /hello
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20 AS workspace
    RUN echo hi > /hello
    ```

    ## Exceptions
    None. Names are compared case-insensitively.

    ## References
    - [BuildKit check: ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
    - hadolint DL3063
    """

    code = "DF106"
    name = "reserved-stage-name"
    severity = Severity.WARNING
    aliases = {"hadolint": ("DL3063",), "buildkit": ("ReservedStageName",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for stage in ctx.dockerfile.stages:
            if not stage.name or stage.name_span is None:
                continue
            why = _RESERVED.get(stage.name.lower())
            if why is not None:
                yield self.violation(
                    stage.name_span,
                    f"`{stage.name}` is a reserved stage name ({why}): rename the stage",
                )
