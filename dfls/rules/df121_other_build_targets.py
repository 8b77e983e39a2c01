"""DF121: stages that look like build targets of their own, checked as build-only stages."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.stage_index import keyword, select
from dfls.model import Span, Stage
from dfls.rules.api import Rule, RuleContext, Severity, Violation

_COMMANDS = (keyword("CMD"), keyword("ENTRYPOINT"))


class OtherBuildTargets(Rule):
    """## What it does
    When no target stage is configured, says once per file which named stages look like
    build targets of their own: they set a `CMD` or an `ENTRYPOINT`, no stage is built
    `FROM` them, and they are not the last stage.

    ## Why is this bad?
    dfls checks the advice about what ships (a non-root `USER`, a small base image, no
    build tools or caches left in layers) on the image the build produces: the last stage
    and the stages it is built on. A `dev` or `debug` stage with its own `CMD` is usually
    built on purpose with `docker build --target dev`, and then it is an image that runs,
    but without a target dfls treats it as a build-only stage and says nothing about it.
    This note makes that choice visible; set `target-stage` (or `--target-stage`) to
    check such a stage as the image that ships.

    ## Example
    ```dockerfile
    FROM python:3.12-slim AS dev
    CMD ["python", "-m", "app", "--reload"]

    FROM python:3.12-slim
    USER 10001
    CMD ["python", "-m", "app"]
    ```

    Use instead (or run dfls with `--target-stage dev` as well, to check that image too):
    ```dockerfile
    # dfls ignore=DF121 because dev is a local image that is never pushed
    FROM python:3.12-slim AS dev
    CMD ["python", "-m", "app", "--reload"]

    FROM python:3.12-slim
    USER 10001
    CMD ["python", "-m", "app"]
    ```

    ## Exceptions
    Nothing is reported when a target stage is configured: that stage is checked as the
    one that ships. Stages without a name cannot be a `--target` and are left out. The
    finding is information only: it asks for no change to the Dockerfile.

    ## References
    - [Docker docs: multi-stage builds, stop at a specific build stage](https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage)
    - Guide: *Writing good Dockerfiles*, section "Multi-Stage Builds"
    """

    code = "DF121"
    name = "other-build-targets"
    severity = Severity.INFO

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        if ctx.target_stage_name:
            return
        graph = ctx.dockerfile.stage_graph
        stages = graph.stages
        parents = {stage.parent for stage in stages}
        found = [
            stage
            for stage in stages[:-1]
            if stage.name
            and stage.index not in parents
            and not ctx.ships(stage)
            and select(graph, stage, *_COMMANDS)
        ]
        if not found:
            return
        first = found[0]
        names = ", ".join(f"`{stage.name}`" for stage in found)
        if len(found) == 1:
            what = f"stage {names} sets its own CMD or ENTRYPOINT and no stage is built FROM it"
        else:
            what = f"stages {names} set their own CMD or ENTRYPOINT and no stage is built FROM them"
        yield self.violation(
            _span(first),
            f"{what}: a build target of its own? It was checked as a build-only stage; set "
            "`target-stage` to check it as the image that ships",
        )


def _span(stage: Stage) -> Span:
    return stage.name_span or stage.from_instruction.keyword_span
