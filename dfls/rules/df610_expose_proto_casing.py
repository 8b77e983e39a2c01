"""DF610: an EXPOSE protocol not in lower case (BuildKit's ExposeProtoCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge import ports
from dfls.model import Instruction, Span
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)


class ExposeProtoCasing(InstructionRule):
    """## What it does
    Checks that the protocol of an `EXPOSE` port is written in lower case: `80/tcp`,
    `53/udp`.

    ## Why is this bad?
    Docker lower-cases the protocol anyway, so `80/TCP` works, but the reference, the image
    config (`ExposedPorts`) and every tool that reads it write `tcp`, `udp` and `sctp`.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    EXPOSE 80/TCP
    ```

    Use instead:
    ```dockerfile
    FROM nginx:1.27
    EXPOSE 80/tcp
    ```

    ## Exceptions
    An unknown protocol (`80/tcpx`) is a syntax error, reported on its own; ports written
    with variables are not checked.

    ## Fix safety
    Safe: the protocol is lower-cased by Docker in any case.

    ## References
    - [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
    - BuildKit ExposeProtoCasing
    """

    code = "DF610"
    name = "expose-proto-casing"
    severity = Severity.STYLE
    fix_availability = FixAvailability.ALWAYS
    aliases = {"buildkit": ("ExposeProtoCasing",)}
    keywords = frozenset({"EXPOSE"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for word in instruction.words:
            text = word.text
            if "$" in text or "/" not in text or word.span.start.line != word.span.end.line:
                continue
            port, _, protocol = text.rpartition("/")
            lowered = protocol.lower()
            if lowered not in ports.PROTOCOLS or protocol == lowered:
                continue
            start = word.span.start.character + len(port) + 1
            span = Span.on_line(word.span.start.line, start, start + len(protocol))
            yield self.violation(
                word.span,
                f"The protocol of `{text}` should be lower case: `{port}/{lowered}`",
                Fix.safe(f"Change to {lowered}", Edit(span, lowered)),
            )
