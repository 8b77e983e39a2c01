"""DF105: two stages with the same name."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.rules.api import Rule, RuleContext, Severity, Violation


class DuplicateStageName(Rule):
    """## What it does
    Checks that no two stages share a name (`FROM ... AS build` twice). Names are compared
    case-insensitively, as BuildKit does.

    ## Why is this bad?
    BuildKit refuses to build a Dockerfile with duplicate stage names, and with builders
    that accept it, `COPY --from=build` silently means only one of the two stages, so the
    other stage's output never reaches the image.

    ## Example
    ```dockerfile
    FROM node:20-alpine AS build
    RUN npm ci

    FROM golang:1.22-alpine AS build
    RUN go build -o /server .
    ```

    Use instead:
    ```dockerfile
    FROM node:20-alpine AS web
    RUN npm ci

    FROM golang:1.22-alpine AS api
    RUN go build -o /server .
    ```

    ## Exceptions
    None: duplicate names are always a mistake.

    ## References
    - [Dockerfile reference: FROM ... AS](https://docs.docker.com/reference/dockerfile/#from)
    - hadolint DL3024; BuildKit DuplicateStageName
    """

    code = "DF105"
    name = "duplicate-stage-name"
    severity = Severity.ERROR
    aliases = {"hadolint": ("DL3024",), "buildkit": ("DuplicateStageName",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        for stage in graph.stages:
            if not stage.name or stage.name_span is None:
                continue
            first = graph.named(stage.name)  # the stage the name means
            if first is not None and first is not stage:
                line = first.from_instruction.line + 1
                yield self.violation(
                    stage.name_span,
                    f"stage name `{stage.name}` is already used by the stage on line {line}",
                )
