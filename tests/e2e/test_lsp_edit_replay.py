"""Property: random incremental edits sent through the protocol end with the same
diagnostics as opening the final text fresh (the server's incremental model and lint
cache never drift from a full parse)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from tests.lsp.client import CLIENTS, started

pytestmark = pytest.mark.e2e

SEED = """\
# syntax=docker/dockerfile:1
ARG BASE=python:3.12
FROM $BASE AS build
RUN apt-get update && \\
    apt-get install curl
COPY . /app
RUN <<EOF
echo "😋 é"
EOF
FROM python:latest
CMD python app.py
"""
PIECES = [
    "FROM ",
    "RUN ",
    "CMD x",
    "\\\n",
    "\n",
    "<<EOF\n",
    "EOF\n",
    "😋",
    "é",
    " -y",
    "\t",
    "\r\n",
    "#",
    "",
]

Edit = tuple[int, int, int, int, str]


@st.composite
def notifications(draw: st.DrawFn) -> list[list[Edit]]:
    line = st.integers(0, 13)
    column = st.integers(0, 20)
    edit = st.tuples(line, column, line, column, st.sampled_from(PIECES))
    return draw(st.lists(st.lists(edit, min_size=1, max_size=3), min_size=1, max_size=6))


def _change(edit: Edit) -> types.TextDocumentContentChangePartial:
    a, b, c, d, text = edit
    if (a, b) > (c, d):
        a, b, c, d = c, d, a, b
    return types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=a, character=b), end=types.Position(line=c, character=d)
        ),
        text=text,
    )


def _wire(diagnostics: list[types.Diagnostic]) -> list[tuple[object, ...]]:
    return [
        (
            d.code,
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            d.message,
            d.severity,
            str(d.data),
        )
        for d in diagnostics
    ]


async def _replay(spec: str, root: Path, script: list[list[Edit]]) -> None:
    edited = (root / "Dockerfile").as_uri()
    fresh = (root / "fresh.Dockerfile").as_uri()
    async with started(spec, root, initialization_options={"select": ["ALL"]}) as client:
        client.open(edited, SEED)
        await client.diagnostics(edited)
        for changes in script:
            client.change(edited, [_change(edit) for edit in changes])
        after_edits = _wire(await client.diagnostics(edited))
        client.open(fresh, client.texts[edited])
        assert after_edits == _wire(await client.diagnostics(fresh))


@pytest.mark.parametrize("spec", CLIENTS)
@settings(
    max_examples=8,
    deadline=None,
    # Each example runs a server process: shrinking would take minutes. The failing
    # example is printed as generated.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=notifications())
def test_incremental_edits_match_a_fresh_open(
    spec: str, tmp_path: Path, script: list[list[Edit]]
) -> None:
    asyncio.run(_replay(spec, tmp_path, script))
