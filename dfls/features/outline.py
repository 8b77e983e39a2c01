"""The outline of a Dockerfile (document symbols) and its stages for workspace symbols.

Pure: the model in, plain values out (code points; the handler converts). The outline is
one symbol per stage (its name, or ``stage N``, with the base image as detail) holding
its instructions, and the global ARGs at the top level. It is kept with the stage graph,
so it is built once per document version.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from dfls.model import Dockerfile, Instruction, Span, Stage, key_values

Kind = Literal["stage", "variable", "property", "instruction"]
DETAIL_LIMIT = 80
"""Characters of an instruction's arguments shown in its name."""


@dataclass(frozen=True)
class OutlineSymbol:
    name: str
    detail: str
    kind: Kind
    span: Span
    """All of it (a stage: from its FROM to its last instruction)."""
    selection: Span
    """What to select when it is picked: the stage name, the keyword."""
    children: tuple[OutlineSymbol, ...] = ()


def document_symbols(dockerfile: Dockerfile) -> tuple[OutlineSymbol, ...]:
    """The outline: global ARGs (and anything else before the first FROM), then stages."""
    return dockerfile.stage_graph.memoized(("outline",), lambda: _outline(dockerfile))


def _outline(dockerfile: Dockerfile) -> tuple[OutlineSymbol, ...]:
    escape = dockerfile.escape
    top = []
    for instruction in dockerfile.instructions:
        if instruction.stage is not None:
            break
        top.append(_instruction(instruction, escape))
    top.extend(_kept_stage(stage, escape) for stage in dockerfile.stages)
    return tuple(top)


def _kept_stage(stage: Stage, escape: str) -> OutlineSymbol:
    """A stage's symbol, kept with its FROM instruction while the stage's instructions are
    the same objects (a keystroke in another stage)."""
    box: list[tuple[tuple[Instruction, ...], str, OutlineSymbol] | None]
    box = stage.from_instruction.memoized("outline.stage", lambda: [None])
    kept = box[0]
    if kept is not None and kept[0] is stage.instructions and kept[1] == escape:
        return kept[2]
    found = _stage(stage, escape)
    box[0] = (stage.instructions, escape, found)
    return found


def stage_label(stage: Stage) -> str:
    return stage.name or f"stage {stage.index}"


def _stage(stage: Stage, escape: str) -> OutlineSymbol:
    first = stage.from_instruction
    selection = stage.name_span or first.keyword_span
    return OutlineSymbol(
        stage_label(stage),
        stage.image.text if stage.image is not None else "",
        "stage",
        stage.span,
        selection,
        tuple(_instruction(i, escape) for i in stage.instructions),
    )


def _instruction(instruction: Instruction, escape: str) -> OutlineSymbol:
    keyword = instruction.keyword
    kind: Kind = "instruction"
    args = " ".join(instruction.args.split())
    if keyword in ("ARG", "ENV"):
        kind = "variable"
        names = [pair.key for pair in key_values(instruction, escape)]
        if names:
            args = " ".join(names)
    elif keyword == "LABEL":
        kind = "property"
    if len(args) > DETAIL_LIMIT:
        args = args[: DETAIL_LIMIT - 1] + "…"
    name = f"{instruction.keyword_text} {args}" if args else instruction.keyword_text
    return OutlineSymbol(name, "", kind, instruction.span, instruction.keyword_span)


@dataclass(frozen=True)
class StageSymbol:
    """A stage of some Dockerfile, for workspace symbols."""

    file: str
    name: str
    image: str
    span: Span
    selection: Span


def stage_symbols(file: str, dockerfile: Dockerfile) -> Iterator[StageSymbol]:
    for stage in dockerfile.stages:
        image = stage.image.text if stage.image is not None else ""
        selection = stage.name_span or stage.from_instruction.keyword_span
        yield StageSymbol(file, stage_label(stage), image, stage.span, selection)


def workspace_symbols(
    files: Iterable[tuple[str, Dockerfile]], query: str, limit: int = 1000
) -> list[StageSymbol]:
    """The stages of ``files`` whose name matches ``query`` (its characters in order, case
    ignored; an empty query matches all), at most ``limit``."""
    found: list[StageSymbol] = []
    for file, dockerfile in files:
        for symbol in stage_symbols(file, dockerfile):
            if matches(query, symbol.name):
                found.append(symbol)
                if len(found) >= limit:
                    return found
    return found


def matches(query: str, name: str) -> bool:
    """Whether ``query``'s characters appear in ``name`` in order (case ignored)."""
    rest = iter(name.lower())
    return all(ch in rest for ch in query.lower())
