"""DF907: instructions before the first FROM, or no FROM at all."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Position, Span
from dfls.model.lexer import INSTRUCTIONS
from dfls.rules.api import Rule, RuleContext, Severity, Violation


class MissingFrom(Rule):
    """## What it does
    Checks that the Dockerfile has a `FROM`, and that nothing but `ARG` comes before the
    first one (parser directives and comments may).

    ## Why is this bad?
    Every instruction but a global `ARG` belongs to a build stage, and a stage starts with
    `FROM`. BuildKit stops with "no build stage in current context" at the first
    instruction before it, or with "file with no instructions" when there is nothing to
    build.

    ## Example
    ```dockerfile
    LABEL org.opencontainers.image.title=demo
    FROM alpine:3.20
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.title=demo
    ```

    ## Exceptions
    Unknown instructions are DF603's. Only the first instruction out of place is
    reported: the rest of the file is then read as usual.

    ## References
    - [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
    - [Dockerfile reference: how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
    """

    code = "DF907"
    name = "missing-from"
    severity = Severity.ERROR
    aliases = {"hadolint": ("DL3061",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        dockerfile = ctx.dockerfile
        for instruction in dockerfile.instructions:
            keyword = instruction.keyword
            if keyword == "FROM":
                return
            if keyword in INSTRUCTIONS and keyword != "ARG":
                yield self.violation(
                    instruction.keyword_span,
                    f"{keyword} comes before any FROM: only ARG may come before the first FROM",
                )
                return
        if dockerfile.instructions:
            span = dockerfile.instructions[0].keyword_span
        else:
            end = len(dockerfile.lines[0]) if dockerfile.lines else 0
            span = Span(Position(0, 0), Position(0, end))
        yield self.violation(span, "the file has no FROM: nothing to build")
