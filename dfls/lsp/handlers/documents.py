"""Text sync: didOpen / didChange / didClose, into the session, then a lint task."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from dfls.lsp.convert import Change
from dfls.lsp.handlers import diagnostics, workspace

if TYPE_CHECKING:
    from dfls.lsp.server import DflsServer

log = logging.getLogger(__name__)


def did_open(ls: DflsServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    ls.session.open(item.uri, item.version, item.text)
    workspace.fetch_configuration(ls, [item.uri])  # the lint waits for it (a while)
    diagnostics.schedule(ls, item.uri)


def did_change(ls: DflsServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    changes = [as_change(c) for c in params.content_changes]
    if ls.session.change(uri, params.text_document.version, changes) is None:
        log.warning("didChange for %s, which is not open: ignored", uri)
        return
    diagnostics.schedule(ls, uri)


def did_close(ls: DflsServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.session.close(uri)
    diagnostics.clear(ls, uri)


def as_change(change: types.TextDocumentContentChangeEvent) -> Change:
    if isinstance(change, types.TextDocumentContentChangePartial):
        start, end = change.range.start, change.range.end
        return Change(((start.line, start.character), (end.line, end.character)), change.text)
    return Change(None, change.text)
