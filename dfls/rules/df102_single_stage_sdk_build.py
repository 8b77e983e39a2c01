"""DF102: building and shipping in one stage on a compiler image."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.builds import describe, shipped_build
from dfls.rules.api import Rule, RuleContext, Severity, Violation


class SingleStageSdkBuild(Rule):
    """## What it does
    Checks for an image that compiles or packages the application in the same stage that
    ships, on a toolchain image: `golang`, `rust`, `gcc`, `maven`, `gradle`, a JDK,
    `mcr.microsoft.com/dotnet/sdk`, or a full (non-slim) `node` or `python` image.

    ## Why is this bad?
    Everything the build needed ships with the result: the compiler, headers, package
    caches and the source tree. The guide measures a Go API server: on `golang:1.22` the
    image is about 1050 MB (an ~800 MB base, source and build cache), while a multi-stage
    build that copies the binary into `alpine:3.19` weighs about 22 MB, and about 12 MB on
    `scratch`. Besides size, every tool left in the image is attack surface and something
    to patch. A second `FROM` that copies only the build output leaves all of it behind.

    ## Example
    ```dockerfile
    FROM golang:1.22
    WORKDIR /app
    COPY . .
    RUN CGO_ENABLED=0 go build -o /server .
    CMD ["/server"]
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22 AS build
    WORKDIR /app
    COPY . .
    RUN CGO_ENABLED=0 go build -o /server .

    FROM scratch
    COPY --from=build /server /server
    USER 65534
    CMD ["/server"]
    ```

    ## Exceptions
    Only the shipped stages count: the target stage and the stages it is built `FROM`.
    A build stage on `golang` is what this rule asks for. A full `node` or `python`
    image is only flagged when it runs a build step (`npm run build`, `tsc`,
    `python -m build`); installing dependencies alone is DF103's concern (use `-slim`).
    Images meant to be development or CI toolboxes can ignore this rule.

    ## References
    - [Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
    - Guide: *Writing good Dockerfiles*, section "Multi-Stage Builds"
    """

    code = "DF102"
    name = "single-stage-sdk-build"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        found = shipped_build(ctx.shipped_stages())
        if found is None or found.base.image is None:
            return
        image = found.base.image
        size = f" ({found.info.size_text})" if found.info.size_text else ""
        step = describe(found.command)
        info = found.info
        final = f"a {info.slimmer} final stage" if info.slimmer else "a slim final stage"
        advice = info.instead or f"a build stage plus {final}"
        yield self.violation(
            image.span,
            f"`{image.text}`{size} builds (`{step}`) and ships in the same stage, so the "
            f"toolchain ships too: use {advice}, and copy only the build output",
        )
