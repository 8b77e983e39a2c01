"""DF506: curl/wget output piped straight into a shell."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction, Span
from dfls.model.shell import Command, Script, scripts
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation

_DOWNLOADERS = frozenset({"curl", "wget"})
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})


class PipeToShell(InstructionRule):
    """## What it does
    Checks for a download piped into a shell (`curl -fsSL URL | sh`,
    `wget -qO- URL | bash`) or run through one (`sh -c "$(curl -fsSL URL)"`) in `RUN`.

    ## Why is this bad?
    The script runs the moment it arrives, unverified. Whoever controls the URL, its DNS or
    a proxy on the way decides what runs in your build as root, and the next build may run
    something else: the image is neither reproducible nor auditable. A truncated download
    can also run half a script. Download to a file, check it against a known SHA-256, then
    run it; or use a package manager, or `ADD --checksum=sha256:...`.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN curl -fsSL https://example.com/install.sh | sh
    ```

    Use instead:
    ```dockerfile
    FROM debian:12-slim
    ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/install.sh /tmp/install.sh
    RUN sh /tmp/install.sh
    ```

    ## Exceptions
    A shell that gets its script some other way (`curl ... | sh -c 'cat > file'`) is not
    reported. ONBUILD triggers are skipped.

    ## References
    - [Dockerfile reference: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
    """

    code = "DF506"
    name = "pipe-to-shell"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for script in scripts(instruction):
            yield from self._check_script(script)

    def _check_script(self, script: Script) -> Iterator[Violation]:
        commands = script.commands
        for index, command in enumerate(commands):
            plain = command.unwrapped()
            previous = commands[index - 1].unwrapped() if index else None
            if _process_substitution(previous, command):
                assert previous is not None
                span = script.span(previous.start, command.end)
                yield self._violation(span, plain.name, previous.name)
            if plain.name not in _SHELLS:
                continue
            if command.operator == "|" and previous is not None:
                if previous.name in _DOWNLOADERS and not plain.has_option("-c"):
                    span = script.span(previous.start, command.end)
                    yield self._violation(span, previous.name, plain.name)
            elif _runs_download(plain):
                yield self._violation(script.command_span(command), _downloader(plain), plain.name)

    def _violation(self, span: Span, downloader: str, shell: str) -> Violation:
        return self.violation(
            span,
            f"`{downloader}` output runs in `{shell}` unverified: download to a file, check "
            "its SHA-256, then run it",
        )


def _process_substitution(previous: Command | None, command: Command) -> bool:
    """``bash <(curl ...)``: the shell reads its script from a download."""
    return (
        previous is not None
        and previous.name in _SHELLS
        and previous.words[-1].value == "<"
        and command.operator == "("
        and command.unwrapped().name in _DOWNLOADERS
    )


def _runs_download(command: Command) -> bool:
    """``sh -c "$(curl ...)"``: the shell runs what a command substitution downloads."""
    return command.has_option("-c") and _downloader(command) != ""


def _downloader(command: Command) -> str:
    for word in command.words[1:]:
        for name in _DOWNLOADERS:
            if f"$({name} " in word.value or f"`{name} " in word.value:
                return name
    return ""
