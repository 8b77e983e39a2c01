"""The shell a stage runs RUN with, as far as rules need it: the SHELL a stage inherits, and
whether ``&&`` chains commands (Windows PowerShell 5, selected by a stage's
``SHELL ["powershell", ...]``, rejects it)."""

from __future__ import annotations

from dfls.knowledge.images import stage_image
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


# -- the dialect ShellCheck checks a script as -----------------------------------------

DIALECTS = ("sh", "bash", "dash", "ksh", "busybox")
"""ShellCheck's dialects (``--shell``)."""
_AS_DIALECT = {
    "sh": "sh",
    "bash": "bash",
    "dash": "dash",
    "ksh": "ksh",
    "mksh": "ksh",
    "ash": "busybox",
    "busybox": "busybox",
}
_NOT_CHECKED = frozenset({"powershell", "pwsh", "cmd", "zsh", "fish", "csh", "tcsh"})


def _program(path: str) -> str:
    return path.lower().replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".exe")


def dialect_of_program(argv: tuple[str, ...] | list[str], busybox_sh: bool) -> str | None:
    """The dialect of a shell command line (``["/bin/bash", "-c"]``, ``["busybox", "sh"]``,
    ``["/usr/bin/env", "bash"]``); None when ShellCheck cannot check it (PowerShell, cmd,
    zsh, or not a shell). ``busybox_sh``: plain ``sh`` is BusyBox's (Alpine)."""
    words = [w for w in argv if w]
    if words and _program(words[0]) == "env":
        words = [w for w in words[1:] if not w.startswith("-")]
    if not words:
        return None
    program = _program(words[0])
    if program == "busybox":
        return "busybox" if len(words) > 1 and _program(words[1]) in ("sh", "ash") else None
    if program in _NOT_CHECKED:
        return None
    if program == "sh" and busybox_sh:
        return "busybox"
    return _AS_DIALECT.get(program)


def dialect_of_shebang(line: str, busybox_sh: bool) -> str | None:
    """The dialect of ``#!/bin/bash -e`` (None: another interpreter, such as python)."""
    return dialect_of_program(line.removeprefix("#!").split(), busybox_sh)


def busybox_base(graph: StageGraph, stage: Stage) -> bool:
    """Whether ``/bin/sh`` of ``stage`` is BusyBox's ash: an Alpine or BusyBox base."""
    return _base(graph, stage)[0]


def _base(graph: StageGraph, stage: Stage) -> tuple[bool, bool]:
    """(BusyBox ``sh``, a Windows image) for the image ``stage`` is built on; kept with the
    stage graph (every script of a stage asks)."""

    def compute() -> tuple[bool, bool]:
        info = stage_image(graph, stage)
        reference = (info.reference or "").lower()
        busybox = info.family in ("alpine", "busybox") or "alpine" in reference.rsplit("/", 1)[-1]
        return busybox, info.is_windows

    return graph.memoized(("shell base", stage.index), compute)


def stage_dialect(dockerfile: Dockerfile, instruction: Instruction) -> str | None:
    """The dialect the shell form of ``instruction`` runs in: its stage's ``SHELL`` (or the
    one its parent stage ends with), else ``/bin/sh`` (BusyBox on Alpine); None for
    PowerShell, cmd and Windows images, which ShellCheck cannot check."""
    if instruction.stage is None:
        return None
    graph = dockerfile.stage_graph
    busybox, windows = _base(graph, dockerfile.stages[instruction.stage])
    shell = graph.last_before(instruction, "SHELL")
    if shell is None or not shell.exec_form:
        return None if windows else ("busybox" if busybox else "sh")
    return dialect_of_program(tuple(w.value for w in shell.exec_form), busybox)
