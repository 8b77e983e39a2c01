"""Instruction-level helpers shared by several rules: overridden instructions, deletions."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction, Position, Span, Stage
from dfls.rules.api import Edit


def overridden(stage: Stage, keyword: str) -> Iterator[tuple[Instruction, Instruction]]:
    """Each ``keyword`` instruction of ``stage`` that a later one replaces, with the last one.

    Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect.
    """
    found = [i for i in stage.instructions if i.keyword == keyword]
    for instruction in found[:-1]:
        yield instruction, found[-1]


def delete_lines(instruction: Instruction) -> Edit:
    """An edit removing every line of ``instruction`` (continuations and heredocs included)."""
    return Edit(Span(Position(instruction.line, 0), Position(instruction.last_line + 1, 0)), "")
