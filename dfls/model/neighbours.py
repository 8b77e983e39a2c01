"""How two instructions of one file stand to each other: whether they carry the same
flags, whether a comment line separates them (asked before joining or comparing RUNs)."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from dfls.model.document import comment_line

if TYPE_CHECKING:
    from dfls.model.document import Dockerfile, Instruction


def same_flags(first: Instruction, second: Instruction) -> bool:
    """True if two RUNs have the same flags (mounts, network, security), in the same order."""
    return flag_key(first) == flag_key(second)


def flag_key(run: Instruction) -> tuple[tuple[str, str | None], ...]:
    """What :func:`same_flags` compares: each flag's name (lower case) and value, in order."""
    return tuple((flag.name.lower(), flag.value) for flag in run.flags)


def comment_between(dockerfile: Dockerfile, first: Instruction, second: Instruction) -> bool:
    """True if a comment line separates two instructions (a binary search: the comments
    are in line order, and rules ask this for every pair of neighbours)."""
    comments = dockerfile.comments
    after = bisect_right(comments, first.last_line, key=comment_line)
    return after < len(comments) and comment_line(comments[after]) < second.line
