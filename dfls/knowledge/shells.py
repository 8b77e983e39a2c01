"""The shell a stage runs RUN with, as far as rules need it: the SHELL a stage inherits, and
whether ``&&`` chains commands (Windows PowerShell 5, selected by a stage's
``SHELL ["powershell", ...]``, rejects it)."""

from __future__ import annotations

from dfls.model import Dockerfile, Instruction, Stage, StageGraph


def and_list_allowed(dockerfile: Dockerfile, instruction: Instruction) -> bool:
    """False when the stage's SHELL is PowerShell, where Windows PowerShell 5 rejects `&&`."""
    return and_list_allowed_after(dockerfile.stage_graph.last_before(instruction, "SHELL"))


def and_list_allowed_after(shell: Instruction | None) -> bool:
    """:func:`and_list_allowed` when ``shell`` is the last SHELL before (None: no SHELL)."""
    if shell is None:
        return True
    form = shell.exec_form
    program = form[0].value.lower().replace("\\", "/").rsplit("/", 1)[-1] if form else ""
    return program.removesuffix(".exe") not in ("powershell", "pwsh")


def parent_shell(graph: StageGraph, stage: Stage) -> tuple[str, ...] | None:
    """The exec form of the last SHELL of the stages ``stage`` is built ``FROM`` (the shell
    it starts with); None when they set none (the platform's default)."""
    parent = graph.parent(stage)
    if parent is None:
        return None

    def own(member: Stage) -> tuple[str, ...] | None:
        for instruction in reversed(member.instructions):
            if instruction.keyword == "SHELL" and instruction.exec_form:
                return tuple(w.value for w in instruction.exec_form)
        return None

    return graph.inherited(parent, "shell", own)
