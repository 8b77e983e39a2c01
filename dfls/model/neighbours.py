"""How two instructions of one file stand to each other: whether they carry the same
flags, whether a comment line separates them (asked before joining or comparing RUNs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dfls.model.document import Dockerfile, Instruction


def same_flags(first: Instruction, second: Instruction) -> bool:
    """True if two RUNs have the same flags (mounts, network, security), in the same order."""

    def flags(run: Instruction) -> tuple[tuple[str, str | None], ...]:
        return tuple((flag.name.lower(), flag.value) for flag in run.flags)

    return flags(first) == flags(second)


def comment_between(dockerfile: Dockerfile, first: Instruction, second: Instruction) -> bool:
    """True if a comment line separates two instructions."""
    return any(first.last_line < c.span.start.line < second.line for c in dockerfile.comments)
