"""Inlay hints: what a reference stands for, where the text does not say it.

- after a ``FROM`` image written with variables, the image they give under the global
  ``ARG`` defaults (``python:${PY}-slim`` -> ``python:3.12-slim``);
- after ``COPY --from=1`` (a stage index), the stage's name, or its base image when it
  has none.

Pure: spans and labels in code points. The ``inlay-hints`` setting turns them off.
"""

from __future__ import annotations

from typing import NamedTuple

from dfls.model import Dockerfile, Position, Span


class Hint(NamedTuple):
    position: Position
    label: str
    tooltip: str


def inlay_hints(dockerfile: Dockerfile, span: Span | None = None) -> list[Hint]:
    """The hints in ``span`` (the whole document without it), in order."""
    first, last = (span.start.line, span.end.line) if span else (0, len(dockerfile.lines))
    hints: list[Hint] = []
    for stage in dockerfile.stages:
        image = stage.image
        line = stage.from_instruction.line
        if image is None or not first <= line <= last:
            continue
        if "$" in image.text and image.resolved != image.text and not image.has_variables:
            hints.append(
                Hint(
                    image.span.end,
                    f"= {image.resolved}",
                    f"`{image.text}` with the global ARG defaults: `{image.resolved}`",
                )
            )
    graph = dockerfile.stage_graph
    for instruction in dockerfile.by_keyword("COPY"):
        if not first <= instruction.line <= last:
            continue
        source = instruction.flag("from")
        if source is None or source.value_span is None or not (source.value or "").isdigit():
            continue
        named = graph.resolve(source.value or "")
        if named is None:
            continue
        if named.name:
            label, what = named.name, f"stage {named.index}, `{named.name}`"
        elif named.image is not None:
            label, what = f"FROM {named.image.text}", f"stage {named.index} (no name)"
        else:
            continue
        line_number = named.from_instruction.line + 1
        hints.append(Hint(source.value_span.end, label, f"{what}, line {line_number}"))
    hints.sort(key=lambda hint: hint.position)
    return hints
