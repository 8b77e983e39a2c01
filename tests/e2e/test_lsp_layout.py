"""End-to-end: folding, selection ranges, semantic tokens, document links and inlay hints
from the real server, under the VS Code, Neovim 0.11 and Emacs capability sets."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest
from lsprotocol import types

from dfls.features.token_legend import TOKEN_TYPES
from dfls.lsp import convert
from tests.lsp.client import CLIENTS, TIMEOUT, started

pytestmark = pytest.mark.e2e

TEXT = """\
# syntax=docker/dockerfile:1
# build stage
# (two comment lines)
ARG PY=3.12
FROM python:${PY}-slim AS build
RUN apt-get update && \\
    apt-get install -y curl # 🐳 fetch
FROM gcr.io/distroless/python3-debian12
COPY --from=0 /app /app
"""


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


@pytest.mark.parametrize("spec", CLIENTS)
async def test_folding_and_selection(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path) as client:
        client.open(uri, TEXT)
        await client.diagnostics(uri)
        folds = await asyncio.wait_for(
            client.lsp.text_document_folding_range_async(
                types.FoldingRangeParams(text_document=_doc(uri))
            ),
            TIMEOUT,
        )
        assert folds is not None
        assert [(f.start_line, f.end_line, f.kind) for f in folds] == [
            (0, 2, types.FoldingRangeKind.Comment),
            (4, 6, types.FoldingRangeKind.Region),
            (5, 6, None),
            (7, 8, types.FoldingRangeKind.Region),
        ]
        selections = await asyncio.wait_for(
            client.lsp.text_document_selection_range_async(
                types.SelectionRangeParams(
                    text_document=_doc(uri),
                    positions=[types.Position(line=6, character=24)],
                )
            ),
            TIMEOUT,
        )
        assert selections is not None
        chain = []
        current: types.SelectionRange | None = selections[0]
        while current is not None:
            chain.append(current.range)
            current = current.parent
        assert (chain[0].start.character, chain[0].end.character) == (23, 27)  # curl
        assert chain[-1].start == types.Position(line=0, character=0)
        assert len(chain) >= 5


@pytest.mark.parametrize("spec", CLIENTS)
async def test_semantic_tokens_full_delta_and_range(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path) as client:
        client.open(uri, TEXT)
        await client.diagnostics(uri)
        full = await asyncio.wait_for(
            client.lsp.text_document_semantic_tokens_full_async(
                types.SemanticTokensParams(text_document=_doc(uri))
            ),
            TIMEOUT,
        )
        assert full is not None and full.result_id
        kinds = _decode(full.data, TEXT.splitlines(), client.encoding)
        assert kinds[(4, "build")] == "class"
        assert kinds[(6, "apt-get")] == "function"
        assert kinds[(6, "# 🐳 fetch")] == "comment"
        assert kinds[(8, "0")] == "class"
        # a keystroke, then only what changed
        end = types.Position(line=6, character=27)
        client.change(
            uri,
            [
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=end, end=end), text="x"
                )
            ],
        )
        delta = await asyncio.wait_for(
            client.lsp.text_document_semantic_tokens_full_delta_async(
                types.SemanticTokensDeltaParams(
                    text_document=_doc(uri), previous_result_id=full.result_id
                )
            ),
            TIMEOUT,
        )
        assert isinstance(delta, types.SemanticTokensDelta)
        assert len(delta.edits) == 1
        data = list(full.data)
        for edit in delta.edits:
            data[edit.start : edit.start + edit.delete_count] = edit.data or []
        again = await asyncio.wait_for(
            client.lsp.text_document_semantic_tokens_full_async(
                types.SemanticTokensParams(text_document=_doc(uri))
            ),
            TIMEOUT,
        )
        assert again is not None and list(again.data) == data
        ranged = await asyncio.wait_for(
            client.lsp.text_document_semantic_tokens_range_async(
                types.SemanticTokensRangeParams(
                    text_document=_doc(uri),
                    range=types.Range(
                        start=types.Position(line=7, character=0),
                        end=types.Position(line=8, character=0),
                    ),
                )
            ),
            TIMEOUT,
        )
        assert ranged is not None
        lines = client.texts[uri].splitlines()
        assert {k[0] for k in _decode(ranged.data, lines, client.encoding)} == {7, 8}


def _decode(data: Sequence[int], lines: list[str], encoding: str) -> dict[tuple[int, str], str]:
    found: dict[tuple[int, str], str] = {}
    line = start = 0
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, kind = data[i : i + 4]
        line += delta_line
        start = delta_start if delta_line else start + delta_start
        text = lines[line]
        begin = convert.from_client_column(text, start, encoding)
        end = convert.from_client_column(text, start + length, encoding)
        found[(line, text[begin:end])] = TOKEN_TYPES[kind]
    return found


@pytest.mark.parametrize("spec", CLIENTS)
async def test_links_and_inlay_hints(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path) as client:
        client.open(uri, TEXT)
        await client.diagnostics(uri)
        links = await asyncio.wait_for(
            client.lsp.text_document_document_link_async(
                types.DocumentLinkParams(text_document=_doc(uri))
            ),
            TIMEOUT,
        )
        assert links is not None
        assert [(link.range.start.line, link.target) for link in links] == [
            (0, "https://hub.docker.com/r/docker/dockerfile"),
            (4, "https://hub.docker.com/_/python"),
            (7, "https://gcr.io/distroless/python3-debian12"),
        ]
        hints = await _hints(client.lsp, uri)
        assert [(h.position.line, h.position.character, h.label) for h in hints] == [
            (4, 22, "= python:3.12-slim"),
            (8, 13, "build"),
        ]


async def _hints(lsp: object, uri: str) -> list[types.InlayHint]:
    whole = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=99, character=0)
    )
    found = await asyncio.wait_for(
        lsp.text_document_inlay_hint_async(  # type: ignore[attr-defined]
            types.InlayHintParams(text_document=_doc(uri), range=whole)
        ),
        TIMEOUT,
    )
    return list(found or [])


async def test_inlay_hints_can_be_turned_off(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path, {"inlayHints": False}) as client:
        client.open(uri, TEXT)
        await client.diagnostics(uri)
        assert await _hints(client.lsp, uri) == []


async def test_hover_on_a_from_line_shows_the_stage_graph(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path) as client:
        client.open(uri, TEXT)
        await client.diagnostics(uri)
        found = await client.hover(uri, 7, 1)
        assert found is not None and isinstance(found.contents, types.MarkupContent)
        assert "**Stages**" in found.contents.value
        assert "`build` (COPY --from)" in found.contents.value


async def test_folding_with_characters_and_a_range_limit(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    caps = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            folding_range=types.FoldingRangeClientCapabilities(
                line_folding_only=False, range_limit=2
            )
        )
    )
    async with started(caps, tmp_path) as client:
        client.open(uri, TEXT)
        await client.diagnostics(uri)
        folds = await asyncio.wait_for(
            client.lsp.text_document_folding_range_async(
                types.FoldingRangeParams(text_document=_doc(uri))
            ),
            TIMEOUT,
        )
        assert folds is not None
        assert [(f.start_line, f.end_line, f.end_character) for f in folds] == [
            (0, 2, len("# (two comment lines)")),
            # UTF-16: the 🐳 before the end of line 6 counts two units
            (4, 6, len("    apt-get install -y curl # 🐳 fetch") + 1),
        ]
