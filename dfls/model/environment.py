"""The environment a command in a RUN sees: its own ``NAME=value`` prefixes, then the ENV
and ARG in scope of its stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfls.model.semantics import value_at

if TYPE_CHECKING:
    from dfls.model.document import Dockerfile, Instruction
    from dfls.model.shell import Command


def env_value(
    dockerfile: Dockerfile, instruction: Instruction, command: Command, name: str
) -> str | None:
    """The value of environment variable ``name`` when ``command`` runs (None: not set).

    A ``NAME=value`` prefix on the command wins over ENV and ARG of the stage and its parents.
    """
    for assignment in command.assignments:
        key, _, value = assignment.value.partition("=")
        if key == name:
            return value
    if name not in dockerfile.text:
        return None  # no ENV or ARG names it: skip computing the scope
    return value_at(dockerfile, instruction, name)
