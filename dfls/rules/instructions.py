"""Instruction-level helpers shared by several rules: overridden instructions, deletions,
where a new instruction may go."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfls.knowledge.reference import NO_FLAG_PARSING
from dfls.knowledge.spelling import close_match
from dfls.model import Instruction, Position, Span, Stage
from dfls.model.lexer import INSTRUCTIONS
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


# The file ends inside this instruction: a line added after it would join it.
_OPEN_AT_END = frozenset({"continuation-at-eof", "unterminated-heredoc"})


def open_at_end(instruction: Instruction) -> bool:
    """True when the file ends inside ``instruction`` (a ``\\`` continuation or a heredoc
    left open): an instruction appended after it would become part of it."""
    return any(problem.kind in _OPEN_AT_END for problem in instruction.node.problems)


def flag_targets(instruction: Instruction) -> Iterator[Instruction]:
    """The instruction and its ONBUILD trigger, where BuildKit reads the flags: not ARG or
    STOPSIGNAL (their flags are ignored), not ``HEALTHCHECK NONE``, not unknown keywords."""
    for target in (instruction, instruction.trigger):
        if target is None or not target.flags:
            continue
        keyword = target.keyword
        if keyword not in INSTRUCTIONS or keyword in NO_FLAG_PARSING:
            continue
        words = target.words
        if keyword == "HEALTHCHECK" and words and words[0].value.upper() == "NONE":
            continue
        yield target


def meant_stage(value: str, names: list[str]) -> str | None:
    """The stage name a ``--from`` value that names no stage was probably meant to be: a
    close spelling, or a name that has ``value`` as one of its words (`set` ->
    `license-set`)."""
    match = close_match(value, names)
    if match is not None:
        return match
    wanted = value.lower()
    return next((n for n in names if wanted in re.split(r"[-_.]", n.lower())), None)
