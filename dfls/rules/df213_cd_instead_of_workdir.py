"""DF213: a RUN that starts with `cd` where WORKDIR says it better."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from dfls.knowledge.packages.paths import covers, normalise
from dfls.model import Instruction, Span
from dfls.model.shell import Command, Script, scripts
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)

_SCRATCH_DIRS = ("/tmp", "/var/tmp")
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+@:,=")


class CdInsteadOfWorkdir(InstructionRule):
    """## What it does
    Checks for a `RUN` whose script starts by changing into a directory with `cd` and then
    works there, where a `WORKDIR` instruction would set the directory for it and for every
    instruction after it. A `RUN` that does nothing but `cd` is reported at warning level:
    it has no effect at all.

    ## Why is this bad?
    Each `RUN` starts a fresh shell in the current `WORKDIR`, so a `cd` lasts only until
    the end of its `RUN`. `RUN cd /app && make` works, but the next instruction is back
    where it was, which surprises readers and leads to `RUN cd /app` lines that do
    nothing. `WORKDIR /app` states the directory once, creates it if needed, and applies
    to `RUN`, `CMD`, `ENTRYPOINT`, `COPY` and `ADD` alike, as in the guide's examples.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt /app/
    RUN cd /app && pip install --no-cache-dir -r requirements.txt
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    ```

    ## Exceptions
    A `cd` in the middle of a script, a script that changes directory more than once (it
    builds somewhere and comes back), a `cd` into `/tmp`, `/var/tmp` or a directory made by
    `mktemp`, and a script that removes the directory it entered are temporary moves that
    `WORKDIR` would make permanent: they are not reported. Heredoc scripts are checked like
    the shell form; exec-form `RUN`s and ONBUILD triggers are not.

    ## Fix safety
    Unsafe: the fix inserts `WORKDIR <dir>` before the `RUN` and removes `cd <dir> &&`
    from it (a `RUN` that only runs `cd` is replaced by the `WORKDIR`). `WORKDIR` applies to
    every later instruction, while the `cd` did not, and it creates a missing directory
    where `cd` would have failed. It is offered only when `cd` is the very first command,
    followed by `&&`, with a literal path.

    ## References
    - [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
    - hadolint DL3003
    """

    code = "DF213"
    name = "cd-instead-of-workdir"
    severity = Severity.INFO
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3003",)}
    keywords = frozenset({"RUN"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        if instruction.exec_form is not None:
            return
        for index, script in enumerate(scripts(instruction)):
            commands = [c for c in script.commands if c.unwrapped().name != "set"]
            if not commands or not _persistent_cd(script, commands):
                continue
            cd = commands[0]
            target = cd.words[1]
            span = script.command_span(cd)
            if len(commands) == 1:
                fix = _replace_fix(instruction) if index == 0 else None
                violation = self.violation(
                    span,
                    f"`cd {target.value}` has no effect: the next instruction starts in the "
                    f"WORKDIR again; use `WORKDIR {target.value}`",
                    fix,
                )
                yield replace(violation, severity=Severity.WARNING)
                continue
            fix = _prefix_fix(instruction, script) if index == 0 else None
            yield self.violation(
                span, f"use `WORKDIR {target.value}` instead of `cd {target.value}`", fix
            )


def _persistent_cd(script: Script, commands: list[Command]) -> bool:
    """True if the script starts with `cd DIR` into a directory it means to stay in."""
    first = commands[0]
    if first.name != "cd" or len(first.words) != 2 or first.words[1].value.startswith("-"):
        return False
    target = first.words[1]
    if "$(" in target.text or "`" in target.text:
        return False  # cd "$(mktemp -d)"
    if any(covers(scratch, normalise(target.value)) for scratch in _SCRATCH_DIRS):
        return False
    if any(c.name in ("cd", "pushd", "popd") for c in commands[1:]):
        return False
    removed = (w.value for c in commands if c.name == "rm" for w in c.words[1:])
    return not any(normalise(path) == normalise(target.value) for path in removed)


def _workdir_line(instruction: Instruction, target: str) -> str:
    keyword = "workdir" if instruction.keyword_text.islower() else "WORKDIR"
    return f"{keyword} {target}"


def _literal(text: str) -> bool:
    return bool(text) and all(ch in _PLAIN for ch in text)


def _prefix_fix(instruction: Instruction, script: Script) -> Fix | None:
    commands = script.commands
    cd, after = commands[0], commands[1]
    if cd.name != "cd":
        return None  # `set -e` comes first: leave it to the user
    target = cd.words[1].text
    if cd.assignments or after.operator != "&&" or not _literal(target):
        return None
    start = instruction.span.start
    indent = " " * start.character
    return Fix.unsafe(
        f"Use WORKDIR {target}",
        Edit(Span(start, start), f"{_workdir_line(instruction, target)}\n{indent}"),
        Edit(script.span(cd.start, after.start), ""),
    )


def _replace_fix(instruction: Instruction) -> Fix | None:
    (script, *_) = scripts(instruction)
    if instruction.flags or instruction.heredocs or len(script.commands) != 1:
        return None
    target = script.commands[0].words[1].text
    if not _literal(target):
        return None
    return Fix.unsafe(
        f"Use WORKDIR {target}", Edit(instruction.span, _workdir_line(instruction, target))
    )
