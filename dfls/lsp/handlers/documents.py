"""Text sync: didOpen / didChange / didClose, into the session, then a lint task."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from dfls.lsp import params as wire
from dfls.lsp.handlers import diagnostics, workspace

if TYPE_CHECKING:
    from dfls.lsp.server import Server

log = logging.getLogger(__name__)


def did_open(ls: Server, params: Any) -> None:
    uri, version, text = wire.opened(params)
    ls.session.open(uri, version, text)
    workspace.fetch_configuration(ls, [uri])  # the lint waits for it (a while)
    diagnostics.schedule(ls, uri)


def did_change(ls: Server, params: Any) -> None:
    uri, version, changes = wire.changed(params)
    if ls.session.change(uri, version, changes) is None:
        log.warning("didChange for %s, which is not open: ignored", uri)
        return
    diagnostics.schedule(ls, uri)


def did_close(ls: Server, params: Any) -> None:
    uri = wire.document_uri(params)
    doc = ls.session.close(uri)
    if doc is not None:
        doc.shellcheck.stop()  # nobody shows its findings any more
    diagnostics.clear(ls, uri)
