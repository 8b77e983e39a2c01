"""DF503: sudo in RUN."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.stage_index import program, select
from dfls.knowledge.users import runs_as_root
from dfls.model import Instruction, Stage, StageGraph
from dfls.model.shell import Command, Script, scripts
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    RuleContext,
    Severity,
    StageRule,
    Violation,
)


class SudoInRun(StageRule):
    """## What it does
    Checks for `sudo` in `RUN` commands, heredoc scripts included.

    ## Why is this bad?
    `RUN` already runs as the current `USER`, root by default, so `sudo` is not needed to
    install anything: switch with `USER root` for the steps that need it and back to a
    non-root user afterwards. Installing and configuring `sudo` so that a non-root user
    can use it leaves a privilege escalation path in the image: whoever gets a shell as
    that user can become root. `sudo` also resets the environment and can prompt for a
    password or a TTY, which makes builds behave differently from a terminal session.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN sudo apt-get update
    ```

    Use instead:
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update
    ```

    ## Exceptions
    ONBUILD triggers are skipped. Words that only contain `sudo` (`apt-get install sudo`)
    are not commands and are not reported.

    ## Fix safety
    Unsafe: the fix deletes `sudo` (only when it has no options and no `USER` other than
    root is in effect, so the command already runs as root). `sudo` resets the environment
    and `PATH`, so the command may see different variables without it.

    ## References
    - [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
    - hadolint DL3004
    """

    code = "DF503"
    name = "sudo-in-run"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3004",)}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        for instruction in select(graph, stage, program("sudo")):
            for script in scripts(instruction):
                for command in script.commands:
                    if command.name == "sudo":
                        yield self._violation(script, command, graph, instruction)

    def _violation(
        self, script: Script, command: Command, graph: StageGraph, instruction: Instruction
    ) -> Violation:
        word = command.words[0]
        fix = None
        plain = len(command.words) > 1 and not command.words[1].value.startswith("-")
        # Exec-form scripts have no 1:1 columns to cut a word out of.
        if plain and instruction.exec_form is None and runs_as_root(graph, instruction):
            after = command.words[1]
            fix = Fix.unsafe("Remove `sudo`", Edit(script.span(word.start, after.start), ""))
        return self.violation(
            script.word_span(word),
            "`sudo` in RUN: the step already runs as the current USER; use `USER root` "
            "for steps that need root instead of keeping sudo in the image",
            fix,
        )
