"""USER and WORKDIR as a stage chain sees them: who runs a step, where relative paths go.

A stage built ``FROM`` an earlier stage inherits its user and working directory, so these
questions walk the chain of stages (:meth:`dfls.model.StageGraph.chain`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence

from dfls.model import Instruction, StageGraph

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


def before(graph: StageGraph, instruction: Instruction) -> Iterator[Instruction]:
    """The instructions that run before ``instruction`` in its stage chain, in order."""
    if instruction.stage is None:
        return
    for stage in graph.chain(graph.stages[instruction.stage]):
        for earlier in stage.instructions:
            if earlier.stage == instruction.stage and earlier.index >= instruction.index:
                return
            yield earlier


def last_user(instructions: Sequence[Instruction]) -> Instruction | None:
    """The last USER among ``instructions``."""
    return next((i for i in reversed(instructions) if i.keyword == "USER"), None)


def runs_as_root(graph: StageGraph, instruction: Instruction) -> bool:
    """True when no USER (or a root USER) is in effect at ``instruction``.

    The base image's own default user is not considered: most images start as root.
    """
    user = last_user(tuple(before(graph, instruction)))
    if user is None:
        return True
    value = user_value(user)
    return value is not None and is_root(value)


def workdir_at(graph: StageGraph, instruction: Instruction) -> str | None:
    """The working directory at ``instruction`` (``/`` by default); None when a variable hides it."""
    current: str | None = "/"
    for earlier in before(graph, instruction):
        if earlier.keyword != "WORKDIR" or not earlier.words:
            continue
        value = earlier.words[0].value
        if "$" in value:
            current = None
        elif value.startswith("/"):
            current = posixpath.normpath(value)
        elif current is not None:
            current = posixpath.normpath(posixpath.join(current, value))
    return current


def absolute(path: str, workdir: str | None) -> str | None:
    """``path`` made absolute against ``workdir``; None when that is unknown."""
    if "$" in path:
        return None
    if path.startswith("/"):
        return posixpath.normpath(path)
    if workdir is None:
        return None
    return posixpath.normpath(posixpath.join(workdir, path))
