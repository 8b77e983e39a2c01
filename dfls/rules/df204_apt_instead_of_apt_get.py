"""DF204: `apt` in a RUN instead of `apt-get` / `apt-cache`."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.packages.commands import analyse
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

# `apt X` -> the scripting tool that does exactly the same X.
_REPLACEMENT = {
    **dict.fromkeys(
        ("install", "reinstall", "update", "remove", "purge", "autoremove", "autopurge"),
        "apt-get",
    ),
    **dict.fromkeys(("clean", "autoclean", "source", "build-dep", "download"), "apt-get"),
    **dict.fromkeys(("search", "show", "policy", "depends", "rdepends", "showsrc"), "apt-cache"),
}


class AptInsteadOfAptGet(InstructionRule):
    """## What it does
    Checks for `apt` (the interactive front end) in `RUN` instructions.

    ## Why is this bad?
    `apt` is made for people at a terminal: its output, progress bars and defaults may
    change between releases, and it says so itself ("WARNING: apt does not have a stable
    CLI interface. Use with caution in scripts."). A Dockerfile is a script: `apt-get` and
    `apt-cache` keep a stable interface, which is why the guide's examples use `apt-get`.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN apt update && apt install -y --no-install-recommends curl \\
        && rm -rf /var/lib/apt/lists/*
    ```

    Use instead:
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Exceptions
    Every stage is checked; ONBUILD triggers are not. `apt-get`, `apt-cache`, `apt-key`
    and `apt-mark` are different programs and are fine.

    ## Fix safety
    Safe for the subcommands that both tools share with the same meaning (`install`,
    `update`, `remove`, `purge`, `autoremove`, `clean`, ... become `apt-get ...`; `search`,
    `show`, `policy`, ... become `apt-cache ...`). One difference remains: `apt install`
    deletes the downloaded `.deb` files after installing, `apt-get install` keeps them in
    `/var/cache/apt/archives` unless configured otherwise; the official Debian and Ubuntu
    images configure apt to delete them for both. No fix is offered for `apt upgrade` (it
    also installs new dependencies, unlike `apt-get upgrade`), `apt full-upgrade` or
    `apt list`, which have no exact equivalent.

    ## References
    - [apt(8): script usage and differences to apt-get](https://manpages.debian.org/bookworm/apt/apt.8.en.html)
    - hadolint DL3027
    """

    code = "DF204"
    name = "apt-instead-of-apt-get"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3027",)}
    keywords = frozenset({"RUN"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for command in analyse(instruction).packages:
            if command.command.name != "apt":
                continue
            span = command.word_span(command.program)
            replacement = _REPLACEMENT.get(command.action)
            fix = None
            if replacement and command.editable and command.program.text.endswith("apt"):
                new = command.program.text[: -len("apt")] + replacement  # keep /usr/bin/
                fix = Fix.safe(f"Use {replacement}", Edit(span, new))
            better = replacement or "apt-get"
            yield self.violation(
                span,
                f"`apt` has no stable interface for scripts: use `{better}`",
                fix,
            )
