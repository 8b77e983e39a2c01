"""A pytest-lsp client for the end-to-end tests: the real ``python -m dfls server`` process.

It records every publishDiagnostics (with its version) so tests wait for the one they
mean, with a timeout, never with a sleep; and it applies workspace edits to text the way
an editor would, so a test can check that a code action really fixes what it claims to.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from dfls.lsp import convert
from dfls.model import Dockerfile

SERVER = [sys.executable, "-m", "dfls", "server"]
TIMEOUT = 20.0
CLIENTS = ["visual-studio-code", "neovim@v0.11.0", "emacs"]


@dataclass
class Recorder:
    published: list[types.PublishDiagnosticsParams] = field(default_factory=list)
    registrations: list[types.RegistrationParams] = field(default_factory=list)
    event: asyncio.Event = field(default_factory=asyncio.Event)


class Client:
    """The pytest-lsp client plus what the tests need on top of it."""

    def __init__(self, lsp: LanguageClient, recorder: Recorder, encoding: str) -> None:
        self.lsp = lsp
        self.recorder = recorder
        self.encoding = encoding
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    # -- documents ----------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.versions[uri] = version
        self.texts[uri] = text
        self.lsp.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="dockerfile", version=version, text=text
                )
            )
        )

    def change(self, uri: str, changes: Sequence[types.TextDocumentContentChangeEvent]) -> int:
        version = self.versions[uri] + 1
        self.versions[uri] = version
        text = self.texts[uri]
        for change in changes:
            text = apply_change(text, change, self.encoding)
        self.texts[uri] = text
        self.lsp.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=list(changes),
            )
        )
        return version

    def replace_all(self, uri: str, text: str) -> int:
        return self.change(uri, [types.TextDocumentContentChangeWholeDocument(text=text)])

    def close(self, uri: str) -> None:
        self.lsp.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    # -- diagnostics ----------------------------------------------------------------------

    async def wait_published(
        self, predicate: Callable[[types.PublishDiagnosticsParams], bool], start: int = 0
    ) -> types.PublishDiagnosticsParams:
        async def scan() -> types.PublishDiagnosticsParams:
            index = start
            while True:
                while index < len(self.recorder.published):
                    params = self.recorder.published[index]
                    index += 1
                    if predicate(params):
                        return params
                self.recorder.event.clear()
                await self.recorder.event.wait()

        return await asyncio.wait_for(scan(), TIMEOUT)

    async def message(self, predicate: Callable[[str], bool]) -> str:
        """Wait for a ``window/showMessage`` whose text satisfies ``predicate``."""

        async def scan() -> str:
            while True:
                for shown in self.lsp.messages:
                    if predicate(shown.message):
                        return shown.message
                self.recorder.event.clear()
                await self.recorder.event.wait()

        return await asyncio.wait_for(scan(), TIMEOUT)

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics for ``uri`` at ``version`` (default: the latest sent), pulled
        when the server pulls, else waited for as a publish."""
        wanted = self.versions.get(uri) if version is None else version
        if self.pulls:
            report = await self.pull(uri)
            assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
            return list(report.items)
        params = await self.wait_published(lambda p: p.uri == uri and p.version == wanted)
        return list(params.diagnostics)

    @property
    def pulls(self) -> bool:
        caps = self.lsp.capabilities
        return bool(caps and caps.text_document and caps.text_document.diagnostic)

    async def pull(self, uri: str, previous: str | None = None) -> Any:
        return await asyncio.wait_for(
            self.lsp.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    previous_result_id=previous,
                )
            ),
            TIMEOUT,
        )

    # -- requests -------------------------------------------------------------------------

    async def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        return await asyncio.wait_for(
            self.lsp.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=line, character=character),
                )
            ),
            TIMEOUT,
        )

    async def code_actions(
        self,
        uri: str,
        diagnostics: Sequence[types.Diagnostic],
        only: Sequence[str] | None = None,
        range_: types.Range | None = None,
    ) -> list[types.CodeAction]:
        if range_ is None:
            last = len(self.texts[uri].splitlines()) + 1
            range_ = types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(line=last, character=0),
            )
        result = await asyncio.wait_for(
            self.lsp.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=range_,
                    context=types.CodeActionContext(
                        diagnostics=list(diagnostics), only=list(only) if only else None
                    ),
                )
            ),
            TIMEOUT,
        )
        actions = [a for a in result or () if isinstance(a, types.CodeAction)]
        assert len(actions) == len(result or ())
        return actions

    def apply(self, uri: str, edit: types.WorkspaceEdit) -> tuple[str, list[Any]]:
        """Apply a workspace edit to our copy of ``uri`` as an editor would; returns the
        new text and the resource operations (CreateFile...) it carried."""
        text = self.texts[uri]
        operations: list[Any] = []
        edits: list[types.TextEdit] = []
        if edit.document_changes is not None:
            for change in edit.document_changes:
                if isinstance(change, types.TextDocumentEdit):
                    if change.text_document.uri == uri:
                        assert change.text_document.version == self.versions[uri]
                        edits.extend(e for e in change.edits if isinstance(e, types.TextEdit))
                    else:
                        operations.append(change)
                else:
                    operations.append(change)
        else:
            assert edit.changes is not None
            edits.extend(edit.changes.get(uri, ()))
        return apply_edits(text, edits, self.encoding), operations


def apply_edits(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    lines = Dockerfile.parse(text).lines
    offsets = _offsets(text)
    placed = []
    for edit in edits:
        span = convert.range_from_client(
            lines,
            (edit.range.start.line, edit.range.start.character),
            (edit.range.end.line, edit.range.end.character),
            encoding,
        )
        start = offsets[span.start.line] + span.start.character
        end = offsets[span.end.line] + span.end.character
        placed.append((start, end, edit.new_text))
    for start, end, new_text in sorted(placed, reverse=True):
        text = text[:start] + new_text + text[end:]
    return text


def _offsets(text: str) -> list[int]:
    dockerfile = Dockerfile.parse(text)
    offsets = [0]
    for line, ending in zip(dockerfile.lines, dockerfile.endings, strict=True):
        offsets.append(offsets[-1] + len(line) + len(ending))
    return offsets


def apply_change(text: str, change: types.TextDocumentContentChangeEvent, encoding: str) -> str:
    if isinstance(change, types.TextDocumentContentChangePartial):
        return apply_edits(
            text, [types.TextEdit(range=change.range, new_text=change.text)], encoding
        )
    return change.text


def capabilities(spec: str) -> types.ClientCapabilities:
    return client_capabilities(spec)


@asynccontextmanager
async def started(
    spec: str | types.ClientCapabilities = "visual-studio-code",
    root: Path | None = None,
    initialization_options: Any = None,
    configuration: dict[str, Any] | None = None,
    extra_args: Sequence[str] = (),
) -> AsyncIterator[Client]:
    recorder = Recorder()
    lsp = LanguageClient(converter_factory=default_converter, configuration=configuration)

    def on_publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        recorder.published.append(params)
        recorder.event.set()

    def on_register(client: LanguageClient, params: types.RegistrationParams) -> None:
        recorder.registrations.append(params)

    def on_message(client: LanguageClient, params: types.ShowMessageParams) -> None:
        client.messages.append(params)
        recorder.event.set()

    register_lsp_features(
        lsp,
        {
            **DEFAULT_CLIENT_FEATURES,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: on_publish,
            types.CLIENT_REGISTER_CAPABILITY: on_register,
            types.WINDOW_SHOW_MESSAGE: on_message,
        },
    )
    await lsp.start_io(*SERVER, *extra_args)
    caps = capabilities(spec) if isinstance(spec, str) else spec
    folders = [types.WorkspaceFolder(uri=root.as_uri(), name="ws")] if root else None
    result = await asyncio.wait_for(
        lsp.initialize_session(
            types.InitializeParams(
                capabilities=caps,
                root_uri=root.as_uri() if root else None,
                workspace_folders=folders,
                initialization_options=initialization_options,
            )
        ),
        TIMEOUT,
    )
    encoding = str(result.capabilities.position_encoding or convert.UTF16)
    try:
        yield Client(lsp, recorder, encoding)
    finally:
        await asyncio.wait_for(lsp.shutdown_session(), TIMEOUT)
        await lsp.stop()  # type: ignore[no-untyped-call]
