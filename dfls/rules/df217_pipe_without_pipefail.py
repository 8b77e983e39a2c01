"""DF217: a pipe in RUN whose first commands can fail unnoticed (no `pipefail`)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.images import stage_image
from dfls.knowledge.shells import parent_shell
from dfls.knowledge.stage_index import PIPE, keyword, select
from dfls.model import Instruction, Span, Stage
from dfls.model.shell import Command, Script, parse_commands, scripts
from dfls.rules.api import RuleContext, Severity, StageRule, Violation

_NOT_POSIX = frozenset({"powershell", "pwsh", "cmd"})


class PipeWithoutPipefail(StageRule):
    """## What it does
    Checks for a `RUN` whose shell script has a pipe (`curl -fsSL URL | tar -xz`) while
    `pipefail` is not set: neither by `set -o pipefail` in the script nor by the stage's
    `SHELL` (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`).

    ## Why is this bad?
    A pipeline's exit status is that of its last command. When `curl` fails (a 404, a
    network error) and `tar` reads an empty input, or `wget -O- ... | sh` downloads
    nothing, the `RUN` still succeeds and the build goes on with a missing or broken
    file, to fail later in a confusing way, or not at all. `set -e` does not help: it
    sees only the pipeline's status. `pipefail` makes the pipeline fail when any of its
    commands fails, so the build stops at the real error.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
    ```

    Use instead:
    ```dockerfile
    FROM debian:12-slim
    SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    RUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
    ```

    ## Exceptions
    - `set -o pipefail` (or `set -euo pipefail`) in the same script, or a `SHELL` with
      `-o pipefail` set in the stage or a stage it is built on.
    - Stages whose `SHELL` is PowerShell or `cmd` (the default on Windows bases): their
      pipes work differently.
    - ONBUILD triggers are not checked.
    The default `/bin/sh` of Debian-based images (dash) only knows `pipefail` from
    Debian 13; use `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` where bash exists, as
    hadolint's DL4006 advises.

    ## References
    - [hadolint DL4006](https://github.com/hadolint/hadolint/wiki/DL4006)
    - [bash manual: pipelines](https://www.gnu.org/software/bash/manual/html_node/Pipelines.html)
    """

    code = "DF217"
    name = "pipe-without-pipefail"
    severity = Severity.INFO
    aliases = {"hadolint": ("DL4006",)}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        shell = _inherited_shell(stage, ctx)
        if shell is None and stage_image(ctx.dockerfile.stage_graph, stage).is_windows:
            shell = ("cmd", "/S", "/C")
        for instruction in select(ctx.dockerfile.stage_graph, stage, keyword("SHELL"), PIPE):
            if instruction.keyword == "SHELL" and instruction.exec_form:
                shell = tuple(w.value for w in instruction.exec_form)
            elif instruction.keyword == "RUN":
                if shell is not None and not _posix(shell):
                    continue
                if shell is not None and "pipefail" in shell:
                    continue
                found = self._check(instruction)
                if found is not None:
                    yield found

    def _check(self, run: Instruction) -> Violation | None:
        for script in scripts(run):
            pipe = _first_pipe(script)
            if pipe is None or _sets_pipefail(script):
                continue
            hidden = "; `set -e` does not catch it" if script.sets_errexit else ""
            return self.violation(
                pipe,
                "only the last command of this pipe decides whether the RUN fails: a failing "
                f"download or command before `|` goes unnoticed{hidden}; set "
                '`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or `set -o pipefail`',
            )
        return None


def _first_pipe(script: Script) -> Span | None:
    """The first pipeline of the script (also inside ``$(...)``), not counting the
    ``a|b)`` patterns of a ``case``."""
    commands = script.commands
    in_case = False
    for index, command in enumerate(commands):
        in_case = in_case or any(w.value == "case" for w in command.words)
        after = commands[index + 1] if index + 1 < len(commands) else None
        piped = after is not None and after.operator == "|" and command.words and after.words
        if piped and after is not None and not (in_case and _case_pattern(commands, index + 1)):
            return script.span(command.start, after.end)
        for word in (*command.assignments, *command.words):
            if "$(" in word.text and _has_pipe(word.text):
                return script.word_span(word)
    return None


def _case_pattern(commands: tuple[Command, ...], index: int) -> bool:
    """``x86_64|aarch64)``: one word right before a ``)``."""
    following = commands[index + 1] if index + 1 < len(commands) else None
    return len(commands[index].words) == 1 and following is not None and following.operator == ")"


def _has_pipe(text: str) -> bool:
    """True if a ``$(...)`` in ``text`` runs a pipeline."""
    start = text.find("$(")
    # Past the last `|` no pipe can start: a word of thousands of `$(...)` without one was
    # parsed to its end from each of them.
    last_bar = text.rfind("|")
    while 0 <= start < last_bar:
        inner = parse_commands(text[start + 2 :])
        if any(c.operator == "|" for c in inner[1:]):
            return True
        start = text.find("$(", start + 2)
    return False


def _sets_pipefail(script: Script) -> bool:
    return any(
        command.name == "set" and any(w.value == "pipefail" for w in command.words)
        for command in script.commands
    )


def _posix(shell: tuple[str, ...]) -> bool:
    program = shell[0].lower().replace("\\", "/").rsplit("/", 1)[-1] if shell else ""
    return program.removesuffix(".exe") not in _NOT_POSIX


def _inherited_shell(stage: Stage, ctx: RuleContext) -> tuple[str, ...] | None:
    """The SHELL a stage starts with (from the stages it is built on); None: the default."""
    return parent_shell(ctx.dockerfile.stage_graph, stage)
