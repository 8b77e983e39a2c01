"""DF203: package commands that stop to ask for confirmation."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.packages.commands import analyse
from dfls.model import Instruction
from dfls.rules.api import (
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)


class MissingAssumeYes(InstructionRule):
    """## What it does
    Checks that `apt-get`/`apt`, `yum`, `dnf`, `tdnf` and `zypper` commands that install,
    remove or upgrade packages in a `RUN` are told to answer "yes" on their own
    (`-y`, `--yes`, `--assume-yes`, `-qq`; `--assumeyes` for yum and dnf; `-n` or `-y` for
    zypper).

    ## Why is this bad?
    When a transaction installs more than what you named, these tools ask "Do you want to
    continue? [Y/n]" and wait for an answer. A `docker build` has no terminal to answer
    from: apt reads end-of-file, prints `Abort.` and exits with an error, so the build
    fails, typically on the day a dependency changes. Every apt command in the guide passes
    `-y`.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install --no-install-recommends curl \\
        && rm -rf /var/lib/apt/lists/*
    ```

    Use instead:
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Exceptions
    - A command whose input is piped in (`yes | apt-get install ...`) is answered.
    - `-o APT::Get::Assume-Yes=true` counts as `-y`.
    - `microdnf` never asks, so it is not checked.
    - `DEBIAN_FRONTEND=noninteractive` does not answer this question: it only silences
      debconf's package configuration prompts.
    - Every stage is checked (a build stage that fails breaks the build); ONBUILD triggers
      are not.

    ## Fix safety
    Safe: the fix inserts `-y` after the subcommand. The command then does what the build
    needed it to do instead of aborting.

    ## References
    - [apt-get(8): -y, --yes, --assume-yes](https://manpages.debian.org/bookworm/apt/apt-get.8.en.html)
    - hadolint DL3014 (apt-get), DL3030 (yum), DL3034 (zypper), DL3038 (dnf)
    """

    code = "DF203"
    name = "missing-assume-yes"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3014", "DL3030", "DL3034", "DL3038")}
    keywords = frozenset({"RUN"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for command in analyse(instruction).packages:
            if command.action not in command.manager.prompts or command.assumes_yes:
                continue
            if command.command.operator == "|":
                continue  # `yes | apt-get install ...` answers the prompt
            edit = command.insert_after_action("-y")
            head = " ".join(w.value for w in (command.program, *command.action_words))
            yield self.violation(
                command.head_span,
                f"`{head}` without `-y` asks for a confirmation that a build cannot give "
                "whenever it has more to do than you named, and then aborts",
                Fix.safe("Add -y", edit) if edit else None,
            )
