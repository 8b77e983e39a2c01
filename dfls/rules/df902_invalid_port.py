"""DF902: an EXPOSE port or protocol Docker cannot read (``EXPOSE 80/tcpx``)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge import ports
from dfls.model import Instruction, Span, Word
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation


class InvalidPort(InstructionRule):
    """## What it does
    Checks each port of `EXPOSE` (also as an `ONBUILD` trigger): a number from 0 to 65535 or a range such as
    `8000-8010`, optionally followed by `/tcp`, `/udp` or `/sctp`.

    ## Why is this bad?
    Docker cannot parse the port (`invalid containerPort: 8o`) or the protocol
    (`invalid proto: tcpx`), and the build fails at this line. A typo in a port is easy to
    miss in review, and the build only reports the first one.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    EXPOSE 80/tcpx 8o43
    ```

    Use instead:
    ```dockerfile
    FROM nginx:1.27
    EXPOSE 80/tcp 8043
    ```

    ## Exceptions
    Ports with variables (`EXPOSE $PORT`) are not checked. A host port or an IP address
    (`EXPOSE 8080:80`) is valid syntax that `EXPOSE` ignores: only its own port and
    protocol are checked here. An upper-case protocol (`80/TCP`) is accepted (its casing
    is a style matter).

    ## References
    - [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
    - hadolint DL3011 (ports outside 0-65535)
    """

    code = "DF902"
    name = "invalid-port"
    severity = Severity.ERROR
    aliases = {"hadolint": ("DL3011",)}
    keywords = frozenset({"EXPOSE", "ONBUILD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for target in (instruction, instruction.trigger):
            if target is not None and target.keyword == "EXPOSE":
                yield from self._check(target)

    def _check(self, instruction: Instruction) -> Iterator[Violation]:
        for word in instruction.words:
            if "$" in word.value or not word.value:
                continue
            spec = ports.split(word.value)
            for part in (spec.host, spec.port):
                if part is None or (part is spec.host and not part.text):
                    continue
                problem = ports.range_error(part.text)
                if problem is not None:
                    what = "port" if part is spec.port else "host port"
                    yield self.violation(
                        _span(word, part), f"`{part.text}` is not a valid {what}: {problem}"
                    )
            protocol = spec.protocol
            if protocol is not None:
                problem = ports.protocol_error(protocol.text)
                if problem is not None:
                    yield self.violation(
                        _span(word, protocol), f"protocol `{protocol.text}` is {problem}"
                    )


def _span(word: Word, part: ports.Part) -> Span:
    """The part's span when the word is written plainly on one line; else the word's."""
    span = word.span
    plain = word.text == word.value and span.start.line == span.end.line
    if not plain:
        return span
    column = span.start.character
    return Span.on_line(span.start.line, column + part.start, column + part.end)
