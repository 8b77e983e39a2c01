"""The outline (document symbols) and the stages offered as workspace symbols."""

from __future__ import annotations

from dfls.features import outline
from dfls.model import Position, parse

TEXT = """\
ARG PY=3.12
ARG BASE=python:${PY}-slim
FROM ${BASE} AS build
ENV A=1 B=2
LABEL org.opencontainers.image.title="x"
RUN pip install \\
    --no-cache-dir build
FROM scratch
COPY --from=build /out /
"""


def test_stages_hold_their_instructions_and_global_args_stay_on_top() -> None:
    symbols = outline.document_symbols(parse(TEXT))
    assert [(s.name, s.kind) for s in symbols] == [
        ("ARG PY", "variable"),
        ("ARG BASE", "variable"),
        ("build", "stage"),
        ("stage 1", "stage"),
    ]
    build = symbols[2]
    assert build.detail == "${BASE}"
    assert build.selection.start == Position(2, 16)
    assert (build.span.start.line, build.span.end.line) == (2, 6)
    assert [(c.name, c.kind) for c in build.children] == [
        ("FROM ${BASE} AS build", "instruction"),
        ("ENV A B", "variable"),
        ('LABEL org.opencontainers.image.title="x"', "property"),
        ("RUN pip install --no-cache-dir build", "instruction"),
    ]
    assert symbols[3].selection.start == Position(7, 0)  # no name: its FROM keyword


def test_long_arguments_are_shortened() -> None:
    symbols = outline.document_symbols(parse("FROM alpine\nRUN " + "x" * 200 + "\n"))
    name = symbols[0].children[1].name
    assert name.endswith("…") and len(name) == len("RUN ") + outline.DETAIL_LIMIT


def test_workspace_symbols_match_in_order_ignoring_case() -> None:
    files = [("a", parse(TEXT)), ("b", parse("FROM node AS Builder\nFROM x AS web\n"))]
    found = outline.workspace_symbols(files, "BLD")
    assert [(s.file, s.name) for s in found] == [("a", "build"), ("b", "Builder")]
    assert [s.name for s in outline.workspace_symbols(files, "")] == [
        "build",
        "stage 1",
        "Builder",
        "web",
    ]
    assert len(outline.workspace_symbols(files, "", limit=2)) == 2
