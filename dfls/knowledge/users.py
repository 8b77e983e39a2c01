"""USER and WORKDIR as a stage chain sees them: who runs a step, where relative paths go.

A stage built ``FROM`` an earlier stage inherits its user and working directory, so these
questions walk the chain of stages (:meth:`dfls.model.StageGraph.chain`).
"""

from __future__ import annotations

import posixpath
from bisect import bisect_left
from collections.abc import Sequence
from operator import itemgetter

from dfls.model import Instruction, Stage, StageGraph

ROOT_NAMES = frozenset({"root", "0"})


def split_user(value: str) -> tuple[str, str | None]:
    """``app:staff`` -> (``app``, ``staff``); ``app`` -> (``app``, None)."""
    user, colon, group = value.partition(":")
    return user, group if colon else None


def is_root(value: str) -> bool:
    """``root``, ``0``, ``root:anything``, ``0:0``."""
    return split_user(value.strip())[0].lower() in ROOT_NAMES


def user_value(instruction: Instruction) -> str | None:
    """What a USER instruction sets (None when it has no argument)."""
    words = instruction.words
    return words[0].value if words else None


def last_user(instructions: Sequence[Instruction]) -> Instruction | None:
    """The last USER among ``instructions``."""
    return next((i for i in reversed(instructions) if i.keyword == "USER"), None)


def runs_as_root(graph: StageGraph, instruction: Instruction) -> bool:
    """True when no USER (or a root USER) is in effect at ``instruction``.

    The base image's own default user is not considered: most images start as root.
    """
    user = graph.last_before(instruction, "USER")
    if user is None:
        return True
    value = user_value(user)
    return value is not None and is_root(value)


def workdir_at(graph: StageGraph, instruction: Instruction) -> str | None:
    """The working directory at ``instruction`` (``/`` by default); None when a variable hides it."""
    if instruction.stage is None or instruction.stage >= len(graph.stages):
        return "/"
    stage = graph.stages[instruction.stage]
    start, changes = _workdirs(graph, stage)
    position = bisect_left(changes, instruction.index, key=itemgetter(0))
    return changes[position - 1][1] if position else start


_Workdirs = tuple[str | None, tuple[tuple[int, str | None], ...]]


def _workdirs(graph: StageGraph, stage: Stage) -> _Workdirs:
    """The working directory ``stage`` starts in, and after each of its WORKDIRs (by index).

    Kept per stage of the graph, each computed from its parent's: asking at every
    instruction of a long stage or chain is a binary search, not a walk.
    """

    def step(member: Stage, parent: _Workdirs) -> _Workdirs:
        start, changes = parent
        current = changes[-1][1] if changes else start
        first = current
        found: list[tuple[int, str | None]] = []
        for earlier in member.instructions:
            if earlier.keyword != "WORKDIR" or not earlier.words:
                continue
            current = absolute(earlier.words[0].value, current)
            found.append((earlier.index, current))
        return first, tuple(found)

    initial: _Workdirs = ("/", ())
    return graph.accumulated(stage, "workdirs", step, initial)


def absolute(path: str, workdir: str | None) -> str | None:
    """``path`` made absolute against ``workdir``; None when that is unknown."""
    if "$" in path:
        return None
    if path.startswith("/"):
        return posixpath.normpath(path)
    if workdir is None:
        return None
    return posixpath.normpath(posixpath.join(workdir, path))
