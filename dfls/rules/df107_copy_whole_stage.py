"""DF107: COPY --from=stage / — copying another stage's entire filesystem."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.images import stage_image
from dfls.model import Instruction, StageGraph
from dfls.rules.api import Rule, RuleContext, Severity, Violation


class CopyWholeStage(Rule):
    """## What it does
    Checks for `COPY --from=<stage>` whose source is the root directory `/`, which copies
    the whole filesystem of that stage (or image).

    ## Why is this bad?
    A multi-stage build saves space by copying only the build output into a clean final
    image. Copying `/` brings everything along again: the compiler, package caches, source
    code and the other stage's own system files, which also overwrite the final image's
    (`/etc/passwd`, CA certificates, shared libraries). The image ends up about as big as
    the build stage, and the guide's 90% saving is lost.

    ## Example
    ```dockerfile
    FROM golang:1.22 AS build
    RUN CGO_ENABLED=0 go build -o /out/server .

    FROM scratch
    COPY --from=build / /
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22 AS build
    RUN CGO_ENABLED=0 go build -o /out/server .

    FROM scratch
    COPY --from=build /out/server /server
    ```

    ## Exceptions
    Only the shipped stages (the target stage and the stages it is built `FROM`) are
    checked: a build stage that borrows a helper's filesystem ships nothing. A stage built
    `FROM scratch` holds only the files that were copied into it on purpose (an export
    stage of binaries), so copying all of it is fine. A stage prepared as a root filesystem
    elsewhere can be copied with `COPY --from=build /rootfs/ /`, which this rule accepts.

    ## References
    - [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
    - hadolint DL3067
    - Guide: *Writing good Dockerfiles*, section "Multi-Stage Builds"
    """

    code = "DF107"
    name = "copy-whole-stage"
    severity = Severity.WARNING
    aliases = {"hadolint": ("DL3067",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        for stage in ctx.shipped_stages():
            for instruction in stage.instructions:
                if instruction.keyword == "COPY":
                    yield from self._check(instruction, graph)

    def _check(self, instruction: Instruction, graph: StageGraph) -> Iterator[Violation]:
        flag = instruction.flag("from")
        if flag is None or not flag.value or _export_stage(flag.value, graph):
            return
        form = instruction.exec_form
        words = form if form is not None else instruction.words
        for word in words[:-1]:
            value = word.value.strip()
            if value.startswith("/") and not value.strip("/.*"):  # /, /., /*, //
                yield self.violation(
                    word.span,
                    f"copies the whole filesystem of `{flag.value}` into this stage: "
                    "copy only the files the image needs",
                )


def _export_stage(value: str, graph: StageGraph) -> bool:
    """A stage built on ``scratch``: its filesystem holds only what was put there on purpose."""
    stage = graph.resolve(value)
    return stage is not None and stage_image(graph, stage).is_scratch
