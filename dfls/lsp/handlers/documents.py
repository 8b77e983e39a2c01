"""Text sync: didOpen / didChange / didClose, into the session, then a lint task."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types

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
    doc = ls.session.change(uri, params.text_document.version, ls.protocol.take_changes(params))
    if doc is None:
        log.warning("didChange for %s, which is not open: ignored", uri)
        return
    text_document = ls.workspace.get_text_document(uri)
    if doc.needs_text:
        ls.session.reset(doc, text_document.source)
    elif ls.session.verify(doc, text_document.source) == "kept":
        # pygls split lines where LSP does not: give it back the right text.
        text_document.apply_change(
            types.TextDocumentContentChangeWholeDocument(doc.dockerfile.text)
        )
    diagnostics.schedule(ls, uri)


def did_close(ls: DflsServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.session.close(uri)
    diagnostics.clear(ls, uri)
