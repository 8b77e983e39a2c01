"""DF112: global ARG defaults that leave a FROM without a valid image (InvalidDefaultArgInFrom)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.build_args import PLATFORM_DEFAULTS
from dfls.knowledge.references import is_valid_reference
from dfls.model import Stage
from dfls.model.semantics import global_args, substitute
from dfls.rules.api import RuleContext, Severity, StageRule, Violation


class InvalidDefaultArgInFrom(StageRule):
    """## What it does
    Checks that a `FROM` whose image comes from global ARGs still names a valid image when
    the build passes no `--build-arg`: each ARG then has its default, or is empty.

    ## Why is this bad?
    `ARG VERSION` followed by `FROM alpine:$VERSION` only builds when every caller passes
    `--build-arg VERSION=...`; with the defaults the image is `alpine:`, which is not a
    valid reference, and a plain `docker build .` fails. A default (`ARG VERSION=3.20`)
    makes the Dockerfile build on its own and documents which version it was written for.

    ## Example
    ```dockerfile
    ARG VERSION
    FROM alpine:$VERSION
    ```

    Use instead:
    ```dockerfile
    ARG VERSION=3.20
    FROM alpine:$VERSION
    ```

    ## Exceptions
    A variable that is empty by default but leaves a valid name is fine
    (`FROM alpine${VARIANT}`, `FROM busybox:stable${SUFFIX}`), as are `${VAR:-default}`
    forms. The predefined platform arguments count with a value (`TARGETOS` is `linux`).
    Variables no global ARG declares are DF111's business; they count as empty here.

    ## Fix safety
    No fix: only the author knows the right default.

    ## References
    - [Dockerfile reference: understand how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
    - BuildKit InvalidDefaultArgInFrom
    """

    code = "DF112"
    name = "invalid-default-arg-in-from"
    severity = Severity.WARNING
    aliases = {"buildkit": ("InvalidDefaultArgInFrom",)}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        words = stage.from_instruction.words
        if not words or "$" not in words[0].text:
            return
        graph = ctx.dockerfile.stage_graph
        globals_ = graph.memoized(("global args",), lambda: global_args(ctx.dockerfile))
        defaults = {**PLATFORM_DEFAULTS, **{k: v for k, v in globals_.items() if v is not None}}
        image = substitute(words[0].text, defaults, ctx.dockerfile.escape, unset="")
        if "$" in image or is_valid_reference(image):
            return  # a default that itself holds an unexpanded variable: not known
        shown = f"`{image}`" if image else "an empty name"
        yield self.violation(
            words[0].span,
            f"with the default values of its ARGs this image is {shown}, which is not a "
            "valid image: give the ARG a default",
        )
