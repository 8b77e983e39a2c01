"""DF120: COPY --from an image without a pinned tag."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Stage, StageGraph
from dfls.model.stages import parse_image_ref
from dfls.rules.api import RuleContext, Severity, StageRule, Violation
from dfls.rules.instructions import meant_stage


class CopyFromImageTag(StageRule):
    """## What it does
    Checks that a `COPY --from` that names an image (not a stage) gives it a specific tag
    or a digest: not no tag, not `latest`.

    ## Why is this bad?
    `COPY --from=docker/buildx-bin /buildx /usr/libexec/docker/cli-plugins/` pulls that
    image at build time, exactly like a `FROM` does, so an untagged or `latest` image is
    just as unpinned: the files copied into your image change whenever the publisher
    pushes, and a cached build and a fresh one disagree. Pin a version (or a digest) as
    you would for a base image.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    COPY --from=docker/buildx-bin:latest /buildx /usr/libexec/docker/cli-plugins/docker-buildx
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    COPY --from=docker/buildx-bin:0.17.1 /buildx /usr/libexec/docker/cli-plugins/docker-buildx
    ```

    ## Exceptions
    Names of stages (and stage numbers) are not images, nor is a bare name that looks
    like a misspelt stage name (DF104 reports it). Values with variables
    (`--from=${TOOLS}`) are skipped. A bare name that is a named build context
    (`docker buildx build --build-context tools=...`) is indistinguishable from an image
    here: suppress the finding for that `COPY`. `RUN --mount=from=...` is not checked.
    ONBUILD triggers run in another build and are skipped.

    ## References
    - [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
    - DF101 (the same advice for `FROM`)
    """

    code = "DF120"
    name = "copy-from-image-tag"
    severity = Severity.WARNING

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        for instruction in stage.instructions:
            flag = instruction.flag("from") if instruction.keyword == "COPY" else None
            if flag is None or flag.value_span is None or not flag.value:
                continue
            value = flag.value
            if "$" in value or value.isdigit() or graph.resolve(value) is not None:
                continue
            if not any(ch in value for ch in ":/@") and meant_stage(value, _names(graph)):
                continue  # a misspelt stage name: DF104's
            image = parse_image_ref(value, value, flag.value_span)
            if image.digest or image.is_scratch:
                continue
            if image.tag is None:
                yield self.violation(
                    flag.value_span, f"`{value}` has no tag, so it means `latest`: pin a version"
                )
            elif image.tag == "latest":
                yield self.violation(flag.value_span, f"`{value}` floats: pin a version")


def _names(graph: StageGraph) -> list[str]:
    """The stage names, computed once per graph."""
    return graph.memoized("df120.names", lambda: [s.name for s in graph.stages if s.name])
