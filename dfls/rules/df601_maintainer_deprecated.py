"""DF601: the deprecated MAINTAINER instruction."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction, Span
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Tag,
    Violation,
)

AUTHORS_LABEL = "org.opencontainers.image.authors"


def quoted(value: str, escape: str) -> str:
    """``value`` as a double-quoted Dockerfile word that LABEL reads back unchanged."""
    for special in (escape, '"', "$"):
        value = value.replace(special, escape + special)
    return f'"{value}"'


class MaintainerDeprecated(InstructionRule):
    """## What it does
    Checks for the `MAINTAINER` instruction.

    ## Why is this bad?
    `MAINTAINER` has been deprecated since Docker 1.13. It sets a field of the image
    configuration that tools no longer read, while the standard place for the same
    information is the OCI label `org.opencontainers.image.authors`, which registries,
    scanners and `docker inspect` users look for.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    MAINTAINER Jane Doe <jane@example.com>
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    ```

    ## Exceptions
    None. `ONBUILD MAINTAINER` is not allowed at all and is left to the build to reject.

    ## Fix safety
    Safe: the fix replaces the instruction with the equivalent `LABEL`, quoting the text
    so that it is read back exactly (quotes, `$` and the escape character are escaped).
    The image gains the standard label and loses the deprecated `Author` field, which
    Docker no longer displays.

    ## References
    - [Dockerfile reference: MAINTAINER (deprecated)](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
    - [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
    - hadolint DL4000; BuildKit MaintainerDeprecated
    """

    code = "DF601"
    name = "maintainer-deprecated"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    aliases = {"hadolint": ("DL4000",), "buildkit": ("MaintainerDeprecated",)}
    tags = frozenset({Tag.DEPRECATED})
    keywords = frozenset({"MAINTAINER"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        yield self.violation(
            instruction.keyword_span,
            f"MAINTAINER is deprecated: use `LABEL {AUTHORS_LABEL}=...`",
            self._fix(instruction, ctx.dockerfile.escape),
        )

    def _fix(self, instruction: Instruction, escape: str) -> Fix | None:
        args_span = instruction.args_span
        if args_span is None:
            return None
        keyword = "label" if instruction.keyword_text.islower() else "LABEL"
        text = f"{keyword} {AUTHORS_LABEL}={quoted(instruction.args, escape)}"
        span = Span(instruction.keyword_span.start, args_span.end)
        return Fix.safe(f"Replace with LABEL {AUTHORS_LABEL}", Edit(span, text))
