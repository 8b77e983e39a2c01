"""DF104: COPY --from names a stage that does not exist before it."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Flag, Instruction, Stage, StageGraph
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    RuleContext,
    Severity,
    StageRule,
    Violation,
)
from dfls.rules.instructions import meant_stage


class CopyFromUnknownStage(StageRule):
    """## What it does
    Checks that `COPY --from=<number>` is the index of an earlier stage, that `--from` does
    not name the current stage or one defined later, and that a name which is not a stage
    is not a near miss of one (a likely typo: "did you mean").

    ## Why is this bad?
    A name that is not a stage is taken as an image: `COPY --from=build` in a file whose
    stage is called `builder` makes Docker try to pull `docker.io/library/build:latest`,
    which fails with a confusing registry error, or worse, succeeds with someone else's
    image. A stage cannot copy from itself, and copying from a stage defined further down
    makes the build order hard to follow (the classic builder rejects it outright).

    ## Example
    ```dockerfile
    FROM golang:1.22 AS builder
    RUN go build -o /server .

    FROM scratch
    COPY --from=build /server /server
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22 AS builder
    RUN go build -o /server .

    FROM scratch
    COPY --from=builder /server /server
    ```

    ## Exceptions
    BuildKit takes a `--from` value that is not a stage name as an image
    (`--from=busybox`) or as a named build context (`docker buildx build
    --build-context ctx=...`, or a bake target's `contexts`), so a name that is not close
    to any stage name is not reported: the linter cannot tell a typo from a context.
    A value with `:`, `/` or `@` is an image reference (`--from=nginx:1.27`,
    `--from=ghcr.io/org/tools`) and is not checked. Values with build arguments
    (`--from=${BASE}`) are skipped. ONBUILD triggers run in another build and are skipped.
    Stage names are matched case-insensitively, as BuildKit does.

    ## Fix safety
    Unsafe: when a stage name is one typo away, the fix replaces the value with it. That
    is almost always what was meant, but it changes what is copied.

    ## References
    - [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
    - hadolint DL3022, DL3023
    """

    code = "DF104"
    name = "copy-from-unknown-stage"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3022", "DL3023")}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        for instruction in stage.instructions:
            flag = instruction.flag("from") if instruction.keyword == "COPY" else None
            if (
                instruction.stage is None
                or flag is None
                or flag.value_span is None
                or not flag.value
            ):
                continue
            value = flag.value
            if "$" in value or any(ch in value for ch in ":/@"):
                continue
            found = self._check(flag, value, instruction, graph)
            if found is not None:
                yield found

    def _check(
        self, flag: Flag, value: str, instruction: Instruction, graph: StageGraph
    ) -> Violation | None:
        assert flag.value_span is not None
        current = instruction.stage or 0  # never None here: checked by the caller
        named = graph.resolve(value)  # any stage: BuildKit builds a later one first
        if named is not None and named.index < current:
            return None
        if named is not None and named.index == current:
            message = (
                f"`--from={value}` names the stage this COPY is in: a stage cannot copy from itself"
            )
        elif named is not None:
            message = f"`--from={value}` names a stage defined later: define it before this one"
        elif value.isascii() and value.isdigit():
            message = (
                f"`--from={value}`: there is no stage {value} before this one (stages count from 0)"
            )
        else:
            earlier = [s.name for s in graph.stages[:current] if s.name]
            match = meant_stage(value, earlier)
            if match is not None:
                return self.violation(
                    flag.value_span,
                    f"`--from={value}` names no stage: did you mean `{match}`?",
                    Fix.unsafe(f"Copy from `{match}`", Edit(flag.value_span, match)),
                )
            return None  # an image (`busybox`) or a named build context (`--build-context`)
        return self.violation(flag.value_span, message)
