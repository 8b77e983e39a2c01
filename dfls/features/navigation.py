"""Go to definition, references, document highlight and rename of stages and variables.

Pure functions of the model (code points, no LSP types), answered from the document's
:class:`~dfls.model.symbols.SymbolIndex`, which is built once per version: a request is a
lookup by line plus the list of one symbol's occurrences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dfls.knowledge.build_args import PREDEFINED_ARGS
from dfls.model import Dockerfile, Position, Span, StageGraph
from dfls.model.edits import Edit
from dfls.model.symbols import Occurrence, SymbolIndex, symbol_index

STAGE_NAME = re.compile(r"[a-z][a-z0-9_.-]*")
"""What BuildKit accepts after ``AS`` (it lower-cases the name first; dfls asks for the
lower-case spelling, as BuildKit's StageNameCasing check does)."""
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Highlight:
    span: Span
    write: bool


@dataclass(frozen=True)
class Refused:
    """A rename that cannot be done, and why (shown to the user)."""

    message: str


def _at(dockerfile: Dockerfile, position: Position) -> tuple[SymbolIndex, Occurrence] | None:
    index = symbol_index(dockerfile)
    found = index.at(position)
    return None if found is None else (index, found)


def definition(dockerfile: Dockerfile, position: Position) -> Span | None:
    """Where the stage or variable at ``position`` is declared: the ``AS`` name of the
    stage a reference names, the ARG or ENV that gives a variable its value there."""
    found = _at(dockerfile, position)
    return None if found is None else found[1].definition


def references(
    dockerfile: Dockerfile, position: Position, include_declaration: bool = True
) -> list[Span] | None:
    """Every occurrence of the symbol at ``position``, in file order; None if there is
    no symbol there."""
    found = _at(dockerfile, position)
    if found is None:
        return None
    index, occurrence = found
    return [o.span for o in index.members(occurrence.symbol) if include_declaration or not o.write]


def highlights(dockerfile: Dockerfile, position: Position) -> list[Highlight]:
    """The occurrences of the symbol at ``position``: declarations are writes."""
    found = _at(dockerfile, position)
    if found is None:
        return []
    index, occurrence = found
    return [Highlight(o.span, o.write) for o in index.members(occurrence.symbol)]


def prepare_rename(dockerfile: Dockerfile, position: Position) -> tuple[Span, str] | Refused | None:
    """The span and text of the name a rename at ``position`` would change; None if there
    is nothing to rename there, :class:`Refused` if it cannot be renamed."""
    found = _at(dockerfile, position)
    if found is None:
        return None
    index, occurrence = found
    refused = _refuse(index, occurrence)
    if refused is not None:
        return refused
    return occurrence.span, occurrence.name


def rename(dockerfile: Dockerfile, position: Position, new_name: str) -> list[Edit] | Refused:
    """The edits that rename the symbol at ``position`` to ``new_name``: each occurrence's
    name replaced, nothing else touched."""
    found = _at(dockerfile, position)
    if found is None:
        return Refused("There is no stage or variable name here to rename.")
    index, occurrence = found
    refused = _refuse(index, occurrence)
    if refused is not None:
        return refused
    members = index.members(occurrence.symbol)
    if occurrence.kind == "stage":
        refused = _check_stage_name(dockerfile, index, occurrence, new_name)
        members = [o for o in members if o.renamable]
    else:
        refused = _check_variable_name(occurrence, new_name)
    if refused is not None:
        return refused
    edits = [Edit(o.span, new_name) for o in members if o.name != new_name]
    if (
        occurrence.kind == "variable"
        and edits
        and _may_collide(dockerfile, index, occurrence, new_name)
    ):
        changed = _changed_resolution(dockerfile, index, edits)
        if changed is not None:
            return Refused(
                f"Renaming `{occurrence.name}` to `{new_name}` would change what `{changed.name}` "
                f"on line {changed.span.start.line + 1} refers to: choose another name."
            )
    return edits


def _refuse(index: SymbolIndex, occurrence: Occurrence) -> Refused | None:
    symbol = index.symbol(occurrence)
    members = index.members(occurrence.symbol)
    if occurrence.kind == "stage":
        if not any(o.write for o in members):
            return Refused(f"Stage {symbol.name} has no name to rename: add `AS <name>` first.")
        if not occurrence.renamable:
            declaration = next(o for o in members if o.write)
            return Refused(
                f"`--from={occurrence.name}` names the stage by its index; rename it at its "
                f"name `{declaration.name}` on line {declaration.line + 1}."
            )
        return None
    name = occurrence.name
    if symbol.external:
        return Refused(
            f"`${name}` is not declared by this Dockerfile where it is used (it comes from "
            "the base image or the build): there is no declaration to rename."
        )
    if name in PREDEFINED_ARGS:
        return Refused(f"`{name}` is a build argument BuildKit predefines: it cannot be renamed.")
    split = next((o for o in members if not o.renamable), None)
    if split is not None:
        return Refused(
            f"`{name}` is split by a line continuation on line {split.span.start.line + 1}: "
            "join that line first."
        )
    return None


def _check_stage_name(
    dockerfile: Dockerfile, index: SymbolIndex, occurrence: Occurrence, new: str
) -> Refused | None:
    if not STAGE_NAME.fullmatch(new):
        return Refused(
            f"`{new}` is not a valid stage name: use lower-case letters, digits, `-`, `_` "
            "and `.`, starting with a letter."
        )
    if new == "scratch":
        return Refused("`scratch` names the empty image: it cannot be a stage name.")
    if new == occurrence.name.lower():
        return None
    for other in index.named("stage", new):
        if other.symbol != occurrence.symbol:
            return Refused(
                f"A stage is already called `{new}` (line {other.line + 1}): choose another name."
            )
    stage = index.symbol(occurrence).stage
    for line, used in _unresolved_stage_words(dockerfile, -1 if stage is None else stage):
        if used.lower() == new:
            return Refused(
                f"`{new}` is used as an image or build context on line {line + 1}: it would "
                "name this stage instead."
            )
    return None


def _unresolved_stage_words(dockerfile: Dockerfile, renamed: int) -> list[tuple[int, str]]:
    """Images of ``FROM`` and ``--from`` values that name no stage and would name stage
    ``renamed`` if it had their name (a ``FROM`` only names an earlier stage)."""
    found: list[tuple[int, str]] = []
    graph = dockerfile.stage_graph
    for stage in dockerfile.stages:
        if stage.image is not None and stage.parent is None and stage.index > renamed:
            found.append((stage.from_instruction.line, stage.image.resolved))
        for instruction in stage.instructions[1:]:
            flag = instruction.flag("from") if instruction.keyword == "COPY" else None
            if flag is not None and flag.value and graph.resolve(flag.value) is None:
                found.append((instruction.line, flag.value))
    return found


def _check_variable_name(occurrence: Occurrence, new: str) -> Refused | None:
    if not VARIABLE_NAME.fullmatch(new):
        return Refused(
            f"`{new}` is not a valid variable name: use letters, digits and `_`, not "
            "starting with a digit."
        )
    if new == occurrence.name:
        return None
    if new in PREDEFINED_ARGS:
        return Refused(f"`{new}` is a build argument BuildKit predefines: choose another name.")
    return None


def _may_collide(
    dockerfile: Dockerfile, index: SymbolIndex, occurrence: Occurrence, new: str
) -> bool:
    """Whether the name ``new`` is used where the symbol of ``occurrence`` is (if not, a
    rename cannot change what any name refers to)."""
    graph = dockerfile.stage_graph
    stages = {o.stage for o in index.members(occurrence.symbol)}
    return any(_collides(graph, other, stages) for other in index.named("variable", new))


def _changed_resolution(
    dockerfile: Dockerfile, index: SymbolIndex, edits: list[Edit]
) -> Occurrence | None:
    """The first occurrence that would refer to something else after ``edits``: the file
    is renamed (incrementally) and its names resolved again."""
    renamed = dockerfile
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        renamed = renamed.apply_edit(edit.span, edit.new_text)
    after = symbol_index(renamed)
    if len(after.occurrences) != len(index.occurrences):
        return index.occurrences[0]
    before_keys = _resolution(index)
    after_keys = _resolution(after)
    for occurrence, old, new in zip(index.occurrences, before_keys, after_keys, strict=True):
        if old != new:
            return occurrence
    return None


_Resolution = tuple[tuple[int, int] | None, tuple[object, ...]]


def _resolution(index: SymbolIndex) -> list[_Resolution]:
    """What each occurrence refers to, independent of columns and of the renamed name: its
    definition and the declaration that introduced its symbol, each as (line, rank among
    the occurrences starting on that line)."""
    rank: dict[Position, tuple[int, int]] = {}
    counts: dict[int, int] = {}
    for occurrence in index.occurrences:
        start = occurrence.span.start
        if start not in rank:
            rank[start] = (start.line, counts.get(start.line, 0))
            counts[start.line] = rank[start][1] + 1
    found: list[_Resolution] = []
    for occurrence in index.occurrences:
        definition = occurrence.definition
        where = None if definition is None else rank.get(definition.start, (-1, -1))
        kind, _, line, column = occurrence.symbol
        if kind == "variable":
            symbol: tuple[object, ...] = (kind, rank.get(Position(line, column)))
        elif kind == "stage":
            symbol = (kind, line)
        else:
            symbol = occurrence.symbol
        found.append((where, symbol))
    return found


def _collides(graph: StageGraph, other: Occurrence, stages: set[int | None]) -> bool:
    """Whether a variable ``other`` would be confused with a symbol seen in ``stages`` (None
    for the global scope) if they had the same name."""
    if other.stage is None:
        return True  # the global scope reaches every FROM line
    if None in stages and other.bare:
        return True  # a bare ARG in any stage would take the renamed global's default
    return _related(graph, other.stage, stages)


def _related(graph: StageGraph, stage: int, stages: set[int | None]) -> bool:
    """Whether ``stage`` is one of ``stages``, or on the same chain of ``FROM`` as one."""
    if stage in stages:
        return True
    all_stages = graph.stages
    mine = {s.index for s in graph.chain(all_stages[stage])}
    return any(
        s is not None and (s in mine or stage in {c.index for c in graph.chain(all_stages[s])})
        for s in stages
    )
