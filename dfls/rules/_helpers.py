"""Shared predicates for rules: image classes, package managers, stage questions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from dfls.model import Instruction, Stage
from dfls.model.shell import Command, Script, scripts


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant ("did you mean"), if any is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def run_commands(instruction: Instruction) -> Iterator[tuple[Script, Command]]:
    """Every simple command a RUN executes, with the script that locates it."""
    for script in scripts(instruction):
        for command in script.commands:
            yield script, command.unwrapped()


def stage_runs(stage: Stage) -> Iterator[Instruction]:
    return (i for i in stage.instructions if i.keyword == "RUN")
