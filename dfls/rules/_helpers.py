"""Shared predicates for rules: image classes, package managers, stage questions."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Sequence

from dfls.model import Instruction, Stage
from dfls.model.shell import Command, Script, parse_commands, scripts


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant ("did you mean"), if any is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def scripts_complete(instruction: Instruction) -> bool:
    """False if any script of ``instruction`` ends inside a quote, ``$(`` or backticks.

    Every fix that appends to or inserts into a script asks first: text added to an
    incomplete script lands inside the open quote, the finding stays, and the fix would
    be applied again and again.
    """
    return not any(script.incomplete for script in scripts(instruction))


def run_commands(instruction: Instruction) -> Iterator[tuple[Script, Command]]:
    """Every simple command a RUN executes, with the script that locates it."""
    for script in scripts(instruction):
        for command in script.commands:
            yield script, command.unwrapped()


def stage_runs(stage: Stage) -> Iterator[Instruction]:
    return (i for i in stage.instructions if i.keyword == "RUN")


def stage_chain(stages: Sequence[Stage], stage: Stage) -> tuple[Stage, ...]:
    """``stage`` and the stages it is built ``FROM``, oldest first (they share a filesystem)."""
    chain: list[Stage] = []
    current: Stage | None = stage
    while current is not None and len(chain) < len(stages):
        chain.append(current)
        current = stages[current.parent] if current.parent is not None else None
    return tuple(reversed(chain))


# Characters that only a shell understands: variables, quoting, operators, globs, escapes.
_SHELL_SYNTAX = frozenset("$`|&;<>()*?[]{}~!#'\"\\\n")


def exec_form_json(command: str) -> str | None:
    """The shell-form ``command`` as a JSON exec-form array, when no shell is needed to run it.

    None when the command uses shell syntax (variables, quotes, operators, globs, escapes),
    sets variables, or is not exactly one simple command: only a shell can run it as written.
    """
    if any(ch in _SHELL_SYNTAX for ch in command):
        return None
    commands = parse_commands(command)
    if len(commands) != 1 or commands[0].assignments:
        return None
    return json.dumps(commands[0].argv, ensure_ascii=False)
