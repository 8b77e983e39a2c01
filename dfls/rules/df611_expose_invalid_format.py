"""DF611: EXPOSE with an IP address or a host port (BuildKit's ExposeInvalidFormat)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)


class ExposeInvalidFormat(InstructionRule):
    """## What it does
    Checks for `EXPOSE` ports written with a host port or an IP address, as in
    `docker run -p`: `EXPOSE 8080:80`, `EXPOSE 127.0.0.1:80:80`.

    ## Why is this bad?
    `EXPOSE` documents the ports the container listens on; it publishes nothing. Which
    host port and address to publish on is decided by `docker run -p` or compose. Docker
    ignores the host part (only the last port counts, `8080:80` exposes `80`), and BuildKit
    says this will become an error.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    EXPOSE 8080:80
    ```

    Use instead:
    ```dockerfile
    FROM nginx:1.27
    EXPOSE 80
    ```

    ## Exceptions
    Ports written with variables are not checked.

    ## Fix safety
    Safe: the fix keeps the container port and protocol, which is all Docker records.

    ## References
    - [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
    - BuildKit ExposeInvalidFormat
    """

    code = "DF611"
    name = "expose-invalid-format"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    aliases = {"buildkit": ("ExposeInvalidFormat",)}
    keywords = frozenset({"EXPOSE"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for word in instruction.words:
            text = word.text
            if "$" in text or ":" not in word.value:
                continue
            container = word.value.rsplit(":", 1)[1]
            if not container:
                continue
            yield self.violation(
                word.span,
                f"EXPOSE takes the container port only, not an IP address or host port: "
                f"`{container}` instead of `{text}`",
                Fix.safe(f"Change to {container}", Edit(word.span, container)),
            )
