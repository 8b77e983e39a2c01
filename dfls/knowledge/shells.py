"""The shell a stage runs RUN with, as far as rules need it: whether ``&&`` chains commands
(Windows PowerShell 5, selected by a stage's ``SHELL ["powershell", ...]``, rejects it)."""

from __future__ import annotations

from dfls.model import Dockerfile, Instruction


def and_list_allowed(dockerfile: Dockerfile, instruction: Instruction) -> bool:
    """False when the stage's SHELL is PowerShell, where Windows PowerShell 5 rejects `&&`."""
    if instruction.stage is None:
        return True
    graph = dockerfile.stage_graph
    for stage in reversed(graph.chain(graph.stages[instruction.stage])):
        for earlier in reversed(stage.instructions):
            if earlier.keyword != "SHELL" or earlier.index >= instruction.index:
                continue
            form = earlier.exec_form
            program = form[0].value.lower().replace("\\", "/").rsplit("/", 1)[-1] if form else ""
            return program.removesuffix(".exe") not in ("powershell", "pwsh")
    return True
