"""End-to-end: definition, references, highlight, rename and symbols through pytest-lsp
(the real server under VS Code, Neovim 0.11 and Emacs capability sets)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from dfls.lsp import convert
from tests.lsp.client import CLIENTS, TIMEOUT, Client, started

pytestmark = pytest.mark.e2e

# The café line makes UTF-8, UTF-16 and code-point columns differ after it.
TEXT = """\
ARG BASE=alpine:3.20
FROM ${BASE} AS build
ENV DIR=/srv
RUN echo "café 🐳" $DIR > ${DIR:-/tmp}/x
FROM build AS test
RUN --mount=type=bind,from=build,target=/m ls /m
FROM scratch
COPY --from=build $DIR /app
COPY --from=0 /etc/os-release /
"""


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def _pos(client: Client, uri: str, line: int, needle: str, offset: int = 1) -> types.Position:
    """The client position ``offset`` characters into the first ``needle`` on ``line``."""
    text = client.texts[uri].splitlines()[line]
    column = text.index(needle) + offset
    prefix = text[:column]
    if client.encoding == "utf-8":
        units = len(prefix.encode())
    elif client.encoding == "utf-16":
        units = len(prefix.encode("utf-16-le")) // 2
    else:
        units = len(prefix)
    return types.Position(line=line, character=units)


def _text_at(client: Client, uri: str, range_: types.Range) -> str:
    assert range_.start.line == range_.end.line
    line = client.texts[uri].splitlines()[range_.start.line]
    if client.encoding == "utf-8":
        data = line.encode()
        return data[range_.start.character : range_.end.character].decode()
    if client.encoding == "utf-16":
        data = line.encode("utf-16-le")
        return data[2 * range_.start.character : 2 * range_.end.character].decode("utf-16-le")
    return line[range_.start.character : range_.end.character]


def _relative(uri: str, root: Path) -> str:
    path = convert.uri_to_path(uri)
    assert path is not None
    return path.relative_to(root).as_posix()


async def _wait(call: Any) -> Any:
    return await asyncio.wait_for(call, TIMEOUT)


@pytest.mark.parametrize("spec", CLIENTS)
async def test_definition_and_references(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path) as client:
        client.open(uri, TEXT)
        lsp = client.lsp
        # ${DIR:-/tmp} after the emoji: the ENV on line 2
        where = _pos(client, uri, 3, "${DIR", 3)
        found = await _wait(
            lsp.text_document_definition_async(
                types.DefinitionParams(text_document=_doc(uri), position=where)
            )
        )
        location = found[0] if isinstance(found, list) else found
        assert location.range.start.line == 2
        assert _text_at(client, uri, location.range) == "DIR"
        # --from=build (mount) -> the AS build of line 1
        where = _pos(client, uri, 5, "from=build", 6)
        found = await _wait(
            lsp.text_document_definition_async(
                types.DefinitionParams(text_document=_doc(uri), position=where)
            )
        )
        location = found[0] if isinstance(found, list) else found
        assert location.range.start.line == 1
        assert _text_at(client, uri, location.range) == "build"
        for include, expected in ((True, [1, 4, 5, 7, 8]), (False, [4, 5, 7, 8])):
            refs = await _wait(
                lsp.text_document_references_async(
                    types.ReferenceParams(
                        text_document=_doc(uri),
                        position=_pos(client, uri, 1, "build"),
                        context=types.ReferenceContext(include_declaration=include),
                    )
                )
            )
            assert sorted(r.range.start.line for r in refs) == expected
        # $DIR in the scratch stage is not the build stage's DIR (scratch is not built on it)
        refs = await _wait(
            lsp.text_document_references_async(
                types.ReferenceParams(
                    text_document=_doc(uri),
                    position=_pos(client, uri, 2, "DIR"),
                    context=types.ReferenceContext(include_declaration=True),
                )
            )
        )
        assert sorted(r.range.start.line for r in refs) == [2, 3, 3]
        highlights = await _wait(
            lsp.text_document_document_highlight_async(
                types.DocumentHighlightParams(
                    text_document=_doc(uri), position=_pos(client, uri, 3, "$DIR")
                )
            )
        )
        kinds = sorted((h.range.start.line, h.kind) for h in highlights)
        assert kinds == [
            (2, types.DocumentHighlightKind.Write),
            (3, types.DocumentHighlightKind.Read),
            (3, types.DocumentHighlightKind.Read),
        ]


@pytest.mark.parametrize("spec", CLIENTS)
async def test_rename_a_stage_and_a_variable(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path) as client:
        client.open(uri, TEXT)
        lsp = client.lsp
        where = _pos(client, uri, 7, "build")
        prepared = await _wait(
            lsp.text_document_prepare_rename_async(
                types.PrepareRenameParams(text_document=_doc(uri), position=where)
            )
        )
        assert isinstance(prepared, types.PrepareRenamePlaceholder)
        assert prepared.placeholder == "build"
        edit = await _wait(
            lsp.text_document_rename_async(
                types.RenameParams(text_document=_doc(uri), position=where, new_name="compile")
            )
        )
        text, _ = client.apply(uri, edit)
        assert text == TEXT.replace("build", "compile")
        client.replace_all(uri, text)
        edit = await _wait(
            lsp.text_document_rename_async(
                types.RenameParams(
                    text_document=_doc(uri),
                    position=_pos(client, uri, 3, "${DIR", 3),
                    new_name="ROOT",
                )
            )
        )
        text, _ = client.apply(uri, edit)
        # the scratch stage's $DIR is another variable: it stays
        assert text.splitlines()[2:4] == [
            "ENV ROOT=/srv",
            'RUN echo "café 🐳" $ROOT > ${ROOT:-/tmp}/x',
        ]
        assert text.splitlines()[7] == "COPY --from=compile $DIR /app"


@pytest.mark.parametrize(
    ("line", "needle", "new_name", "message"),
    [
        (1, "build", "Build", "not a valid stage name"),
        (1, "build", "test", "already called"),
        (2, "DIR", "2DIR", "not a valid variable name"),
        (8, "0", "x", "by its index"),
    ],
)
async def test_a_refused_rename_says_why(
    tmp_path: Path, line: int, needle: str, new_name: str, message: str
) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path) as client:
        client.open(uri, TEXT)
        with pytest.raises(JsonRpcException) as refused:
            await _wait(
                client.lsp.text_document_rename_async(
                    types.RenameParams(
                        text_document=_doc(uri),
                        position=_pos(client, uri, line, needle, 0),
                        new_name=new_name,
                    )
                )
            )
        assert message in str(refused.value)


FLAT = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        document_symbol=types.DocumentSymbolClientCapabilities(
            hierarchical_document_symbol_support=False
        )
    )
)


@pytest.mark.parametrize("spec", [*CLIENTS, FLAT])
async def test_document_symbols(spec: str | types.ClientCapabilities, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path) as client:
        client.open(uri, TEXT)
        symbols = await _wait(
            client.lsp.text_document_document_symbol_async(
                types.DocumentSymbolParams(text_document=_doc(uri))
            )
        )
        if isinstance(spec, str):  # the recorded clients all show trees
            assert [s.name for s in symbols] == ["ARG BASE", "build", "test", "stage 2"]
            assert isinstance(symbols[1], types.DocumentSymbol)
            assert symbols[1].detail == "${BASE}"
            children = [c.name for c in symbols[1].children or ()]
            assert children[:2] == ["FROM ${BASE} AS build", "ENV DIR"]
        else:
            assert all(isinstance(s, types.SymbolInformation) for s in symbols)
            assert [s.name for s in symbols if s.kind == types.SymbolKind.Class] == [
                "build",
                "test",
                "stage 2",
            ]
            test = next(s for s in symbols if s.name.startswith("RUN --mount"))
            assert test.container_name == "test"


async def test_workspace_symbols_list_the_stages_of_files_not_open(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text("FROM golang:1.22 AS builder\nFROM scratch\n")
    (tmp_path / "web.Dockerfile").write_text("FROM node:20 AS assets\n")
    (tmp_path / "notes.md").write_text("FROM nothing AS ignored\n")
    (tmp_path / "vendor").mkdir()  # excluded by the config, as `dfls check` excludes it
    (tmp_path / "vendor" / "Dockerfile").write_text("FROM alpine AS vendored\n")
    (tmp_path / ".dfls.toml").write_text('exclude = ["vendor/"]\n')
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path) as client:
        client.open(uri, TEXT)
        found = await _wait(
            client.lsp.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
        )
        names = sorted((Path(s.location.uri).name, s.name) for s in found)
        assert names == [
            ("Dockerfile", "build"),
            ("Dockerfile", "builder"),
            ("Dockerfile", "stage 1"),
            ("Dockerfile", "stage 2"),
            ("Dockerfile", "test"),
            ("web.Dockerfile", "assets"),
        ]
        found = await _wait(
            client.lsp.workspace_symbol_async(types.WorkspaceSymbolParams(query="bld"))
        )
        assert sorted(s.name for s in found) == ["build", "builder"]


async def test_workspace_diagnostics_cover_files_not_open(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "Dockerfile").write_text("FROM python:latest\n")
    (tmp_path / "ok.Dockerfile").write_text("FROM python:3.12-slim\nUSER app\n")
    (tmp_path / "README.md").write_text("FROM python:latest\n")
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("neovim@v0.11.0", tmp_path) as client:  # a pulling client
        client.open(uri, "FROM debian:latest\n")
        client.lsp.progress_reports["ws"] = []  # the token the client hands in (below)
        report = await _wait(
            client.lsp.workspace_diagnostic_async(
                types.WorkspaceDiagnosticParams(previous_result_ids=[], work_done_token="ws")
            )
        )
        items = {_relative(item.uri, tmp_path): item for item in report.items}
        assert sorted(items) == ["Dockerfile", "ok.Dockerfile", "svc/Dockerfile"]
        assert all(item.kind == "full" for item in items.values())
        assert "DF101" in [d.code for d in items["svc/Dockerfile"].items]
        assert "DF101" not in [d.code for d in items["ok.Dockerfile"].items]
        assert items["Dockerfile"].version == 1
        kinds = [type(v).__name__ for v in client.lsp.progress_reports["ws"]]
        assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"
        # Unchanged files are answered as unchanged; a changed one in full.
        (tmp_path / "ok.Dockerfile").write_text("FROM python:latest\n")
        previous = [
            types.PreviousResultId(uri=item.uri, value=item.result_id or "")
            for item in report.items
        ]
        again = await _wait(
            client.lsp.workspace_diagnostic_async(
                types.WorkspaceDiagnosticParams(previous_result_ids=previous)
            )
        )
        # no workDoneToken: the server made one (window/workDoneProgress/create) to report on
        [server_token] = [t for t in client.lsp.progress_reports if t != "ws"]
        assert str(server_token).startswith("dfls-workspace-")
        kinds = [type(v).__name__ for v in client.lsp.progress_reports[server_token]]
        assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"
        again_kinds = {_relative(i.uri, tmp_path): i.kind for i in again.items}
        assert again_kinds == {
            "Dockerfile": "unchanged",
            "ok.Dockerfile": "full",
            "svc/Dockerfile": "unchanged",
        }


async def test_workspace_diagnostics_can_be_cancelled(tmp_path: Path) -> None:
    from tests.e2e.rawlsp import stdio_server

    for index in range(150):  # enough work to cancel in the middle of it
        (tmp_path / f"svc{index}.Dockerfile").write_text(TEXT * 4)
    async with stdio_server() as server:
        client = server.client
        await client.initialize(
            {"textDocument": {"diagnostic": {}}},
            workspaceFolders=[{"uri": tmp_path.as_uri(), "name": "ws"}],
        )
        start = len(client.received)
        await client.send(
            {
                "jsonrpc": "2.0",
                "id": 99,
                "method": "workspace/diagnostic",
                "params": {"previousResultIds": [], "workDoneToken": "w"},
            }
        )

        def progress(kind: str) -> Any:
            return lambda m: (
                m.get("method") == "$/progress" and m["params"]["value"]["kind"] == kind
            )

        await client.wait(progress("report"), start)
        await client.notify("$/cancelRequest", {"id": 99})
        answer = await client.wait(lambda m: m.get("id") == 99, start)
        assert answer["error"]["code"] == -32800, answer  # RequestCancelled
        await client.wait(progress("end"), start)
        # still serving: a fresh request is answered
        symbols = await client.request("workspace/symbol", {"query": "test"})
        assert len(symbols["result"]) == 150 * 4, symbols  # TEXT * 4: four "test" stages
        await client.shutdown_and_exit()
