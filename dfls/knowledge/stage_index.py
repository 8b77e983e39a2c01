"""The instructions of a stage that a rule needs to look at, found once per stage.

Most rules about RUN act on few of them: the RUNs that run a package manager, ``sudo``,
``rm`` or a pipe. Walking every RUN of a stage of thousands, once per rule, was most of
the time a keystroke took; :func:`stage_index` walks a stage once per document version
(each instruction's tags are kept with its node, so only edited ones are looked at
again), and rules ask :func:`select` for the instructions with the tags they care about.

A tag only narrows where a rule looks: a rule still checks what it finds, so a tag may
cover more instructions than the rule acts on, never fewer.
"""

from __future__ import annotations

from operator import attrgetter

from dfls.knowledge.packages.commands import analyse
from dfls.model import Instruction, Stage, StageGraph
from dfls.model.shell import scripts

PACKAGES = "packages"
"""RUNs that run a package-manager command (see :func:`analyse`)."""
PIPE = "pipe"
"""RUNs with a ``|`` between commands, or a ``$(`` in a word (a pipe may hide there)."""
WRITES = "writes"
"""RUNs whose text (or a heredoc body) has a ``>`` or ``tee ``: they may write a file."""

_INDEX = attrgetter("index")


def keyword(name: str) -> str:
    """Instructions with this keyword (upper case)."""
    return "keyword:" + name


def program(name: str) -> str:
    """RUNs that run a program of this base name: as written (``sudo``) and with ``sudo``,
    ``env`` and ``exec`` wrappers removed (``apt-get`` in ``sudo apt-get``)."""
    return "program:" + name


def tags(instruction: Instruction) -> tuple[str, ...]:
    """The tags of one instruction (kept with its node: they depend on its text alone)."""
    return instruction.node_memoized("stage_index.tags", lambda: _tags(instruction))


def _tags(instruction: Instruction) -> tuple[str, ...]:
    found = [keyword(instruction.keyword)]
    if instruction.keyword != "RUN":
        return tuple(found)
    names: set[str] = set()
    pipe = False
    for script in scripts(instruction):
        for command in script.commands:
            names.add(command.name)
            names.add(command.unwrapped().name)
            pipe = pipe or command.operator == "|"
            pipe = pipe or any("$(" in w.text for w in (*command.assignments, *command.words))
    found.extend(program(name) for name in sorted(names))
    if pipe:
        found.append(PIPE)
    if any(">" in body or "tee " in body for body in _bodies(instruction)):
        found.append(WRITES)
    if analyse(instruction).packages:
        found.append(PACKAGES)
    return tuple(found)


def _bodies(instruction: Instruction) -> list[str]:
    return [instruction.text, *(h.body for h in instruction.heredocs)]


def stage_index(graph: StageGraph, stage: Stage) -> dict[str, tuple[Instruction, ...]]:
    """The instructions of ``stage`` by tag, in order (kept with the graph, per stage)."""

    def build() -> dict[str, tuple[Instruction, ...]]:
        found: dict[str, list[Instruction]] = {}
        for instruction in stage.instructions:
            for tag in tags(instruction):
                found.setdefault(tag, []).append(instruction)
        return {tag: tuple(members) for tag, members in found.items()}

    if not graph.owns(stage):
        return build()  # not one of this graph's stages: nothing to keep it with
    return graph.memoized(("stage_index", stage.index), build)


def keywords(graph: StageGraph, stage: Stage) -> list[str]:
    """The keywords of the instructions of ``stage`` (upper case, each once)."""
    prefix = keyword("")
    return [tag[len(prefix) :] for tag in stage_index(graph, stage) if tag.startswith(prefix)]


def select(graph: StageGraph, stage: Stage, *wanted: str) -> tuple[Instruction, ...]:
    """The instructions of ``stage`` with any of the ``wanted`` tags, in order."""
    index = stage_index(graph, stage)
    if len(wanted) == 1:
        return index.get(wanted[0], ())
    members = {i.index: i for tag in wanted for i in index.get(tag, ())}
    return tuple(sorted(members.values(), key=_INDEX))
