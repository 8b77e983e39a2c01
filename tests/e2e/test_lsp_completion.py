"""End-to-end: completion, completionItem/resolve and signature help from the real
``python -m dfls server`` under the VS Code, Neovim 0.11 and Emacs capability sets, with and
without snippet support."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.client import CLIENTS, TIMEOUT, Client, apply_edits, capabilities, started

pytestmark = pytest.mark.e2e

TEXT = """\
FROM golang:1.24 AS build
ARG VERSION=1.0
RUN go build
FROM alpine:3.20
"""


def _without_snippets(spec: str) -> types.ClientCapabilities:
    caps = copy.deepcopy(capabilities(spec))
    assert caps.text_document is not None and caps.text_document.completion is not None
    item = caps.text_document.completion.completion_item
    assert item is not None
    item.snippet_support = False
    return caps


def _snippets(caps: types.ClientCapabilities) -> bool:
    completion = caps.text_document.completion if caps.text_document else None
    item = completion.completion_item if completion else None
    return bool(item and item.snippet_support)


def _at(uri: str, line: int, character: int) -> tuple[types.TextDocumentIdentifier, types.Position]:
    return types.TextDocumentIdentifier(uri=uri), types.Position(line=line, character=character)


async def _complete(client: Client, uri: str, line: int, character: int) -> types.CompletionList:
    document, position = _at(uri, line, character)
    params = types.CompletionParams(text_document=document, position=position)
    result = await asyncio.wait_for(client.lsp.text_document_completion_async(params), TIMEOUT)
    assert isinstance(result, types.CompletionList)
    assert result.is_incomplete is False
    return result


async def _signature(client: Client, uri: str, line: int, character: int) -> types.SignatureHelp:
    document, position = _at(uri, line, character)
    params = types.SignatureHelpParams(text_document=document, position=position)
    result = await asyncio.wait_for(client.lsp.text_document_signature_help_async(params), TIMEOUT)
    assert result is not None
    return result


def _edit(found: types.CompletionList, item: types.CompletionItem) -> types.TextEdit:
    """The edit accepting ``item`` makes, as a client applies the list's defaults (Neovim
    takes one shared ``editRange``)."""
    if isinstance(item.text_edit, types.TextEdit):
        return item.text_edit
    assert item.text_edit is None and found.item_defaults is not None
    range_ = found.item_defaults.edit_range
    assert isinstance(range_, types.Range)
    return types.TextEdit(range=range_, new_text=item.text_edit_text or item.label)


def _value(documentation: str | types.MarkupContent | None) -> str:
    """The text of a documentation field: markup for clients that name a format, else a
    plain string (Emacs)."""
    assert documentation is not None
    return documentation if isinstance(documentation, str) else documentation.value


def _specs() -> list[tuple[str, types.ClientCapabilities]]:
    found = [(spec, capabilities(spec)) for spec in CLIENTS]
    found += [(f"{spec} without snippets", _without_snippets(spec)) for spec in CLIENTS[:2]]
    return found


@pytest.mark.parametrize(("name", "caps"), _specs(), ids=[name for name, _ in _specs()])
async def test_copy_from_offers_stages_and_accepting_one_edits_the_line(
    name: str, caps: types.ClientCapabilities, tmp_path: Path
) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(caps, tmp_path) as client:
        client.open(uri, TEXT)
        # Typed right after the change, without waiting: the server sees the new text.
        client.change(
            uri,
            [
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=4, character=0),
                        end=types.Position(line=4, character=0),
                    ),
                    text="COPY --from=",
                )
            ],
        )
        found = await _complete(client, uri, 4, 12)
        assert [i.label for i in found.items] == ["build"]
        item = found.items[0]
        assert item.kind == types.CompletionItemKind.Reference
        assert item.detail == "stage 0 FROM golang:1.24"
        # Neovim takes one shared edit range for the list; the others get one per item.
        assert (found.item_defaults is not None) is name.startswith("neovim")
        text = apply_edits(client.texts[uri], [_edit(found, item)], client.encoding)
        assert text.splitlines()[4] == "COPY --from=build"
        resolved = await asyncio.wait_for(client.lsp.completion_item_resolve_async(item), TIMEOUT)
        assert "Stage 0" in _value(resolved.documentation)


@pytest.mark.parametrize(("name", "caps"), _specs(), ids=[name for name, _ in _specs()])
async def test_instructions_are_snippets_only_for_clients_that_take_them(
    name: str, caps: types.ClientCapabilities, tmp_path: Path
) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(caps, tmp_path) as client:
        client.open(uri, TEXT + "C\n\n")
        found = await _complete(client, uri, 4, 1)
        assert [i.label for i in found.items] == ["CMD", "COPY", "COPY --from=stage"]  # filtered
        cmd = found.items[0]
        assert cmd.kind == types.CompletionItemKind.Keyword
        edit = _edit(found, cmd)
        assert (edit.range.start.character, edit.range.end.character) == (0, 1)
        everything = await _complete(client, uri, 5, 0)
        apt = next(i for i in everything.items if i.label == "RUN apt-get install")
        assert apt.kind == types.CompletionItemKind.Snippet
        apt_text = _edit(everything, apt).new_text
        if _snippets(caps):
            assert cmd.insert_text_format == types.InsertTextFormat.Snippet
            assert edit.new_text == 'CMD ["${1:executable}", "${2:arg}"]'
            assert "${1:ca-certificates}" in apt_text
        else:
            # plain text: the default format (the field is left out)
            assert cmd.insert_text_format in (None, types.InsertTextFormat.PlainText)
            assert edit.new_text == "CMD "
            assert "$" not in apt_text
            assert "--no-install-recommends" in apt_text
        resolved = await asyncio.wait_for(client.lsp.completion_item_resolve_async(cmd), TIMEOUT)
        assert "default command" in _value(resolved.documentation)


@pytest.mark.parametrize("spec", CLIENTS)
async def test_mount_options_variables_and_signature_help(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    text = TEXT.replace("RUN go build", "RUN --mount=type=cache, echo $")
    async with started(spec, tmp_path) as client:
        client.open(uri, text)
        mount = await _complete(client, uri, 2, len("RUN --mount=type=cache,"))
        labels = [i.label for i in mount.items]
        assert "sharing" in labels and "type" not in labels
        assert all(i.kind == types.CompletionItemKind.Property for i in mount.items)
        variables = await _complete(client, uri, 2, len("RUN --mount=type=cache, echo $"))
        by_label = {i.label: i for i in variables.items}
        assert by_label["VERSION"].detail == "1.0"
        assert by_label["VERSION"].kind == types.CompletionItemKind.Variable
        help_ = await _signature(client, uri, 2, len("RUN --mount=ty"))
        signature = help_.signatures[help_.active_signature or 0]
        assert signature.label.startswith("RUN [--mount=<options>]")
        assert help_.active_parameter == 0
        # Also on the signature: a null there means "none" to VS Code, which reads it first.
        assert signature.active_parameter == 0
        parameter = signature.parameters[0] if signature.parameters else None
        assert parameter is not None and parameter.label == (4, len("RUN [--mount=<options>]"))
        assert "Mounts something" in _value(parameter.documentation)


async def test_exec_form_snippet_stays_valid_json(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(_without_snippets("visual-studio-code"), tmp_path) as client:
        client.open(uri, "FROM alpine:3.20\nE")
        found = await _complete(client, uri, 1, 1)
        item = next(i for i in found.items if i.label == "ENTRYPOINT")
        assert _edit(found, item).new_text == "ENTRYPOINT "
    async with started("visual-studio-code", tmp_path) as client:
        client.open(uri, "FROM alpine:3.20\nE")
        found = await _complete(client, uri, 1, 1)
        item = next(i for i in found.items if i.label == "ENTRYPOINT")
        body = _edit(found, item).new_text.removeprefix("ENTRYPOINT ").replace("${1:", "")
        assert json.loads(body.replace("}", "")) == ["executable"]
