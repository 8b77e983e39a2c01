"""textDocument/formatting, rangeFormatting and onTypeFormatting: dfls.features.format.

The same formatter as ``dfls format``, with the options of the document's config file and
editor settings (``format``); the editor's own tab size is not used, so the editor and the
command line agree. The result is sent as small edits (one per run of changed lines).
When the formatter refuses (its output would build differently), no edit is sent and the
reason goes to the log.

They are routed on plain JSON (:mod:`dfls.lsp.router`), like navigation, not through pygls:
served by pygls, the first formatting request of a session waited for lsprotocol and pygls
to load (0.4-1.0 s).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from dfls.lsp import convert
from dfls.lsp import params as wire

if TYPE_CHECKING:
    from dfls.engine.format_options import FormatOptions
    from dfls.features.format import Formatted
    from dfls.lsp.server import Server
    from dfls.lsp.session import Document
    from dfls.model.edits import Edit

log = logging.getLogger(__name__)
FORMATTING = "textDocument/formatting"
RANGE_FORMATTING = "textDocument/rangeFormatting"
ON_TYPE_FORMATTING = "textDocument/onTypeFormatting"
ON_TYPE_TRIGGER = "\n"
_noted: set[str] = set()


def _document(ls: Server, params: Any) -> tuple[Document, FormatOptions] | None:
    """The open document and its format options; the editor's ``options`` are checked
    (an LSP client must send them) but not used."""
    uri = wire.document_uri(params)
    options = wire.obj(params.get("options"), "$.options")
    wire.integer(options, "tabSize", "$.options", 0)
    wire.boolean(options, "insertSpaces", "$.options")
    doc = ls.session.get(uri)
    if doc is None or doc.binary or doc.too_large:
        return None
    return doc, ls.session.config.settings_for(doc.uri, doc.path).format


def _formatted(doc: Document, options: FormatOptions) -> Formatted:
    from dfls.features.format import format_text, shell

    shfmt = shell.default() if options.shell else None
    if options.shell and shfmt is None and shell.MISSING not in _noted:
        _noted.add(shell.MISSING)
        log.warning("%s", shell.MISSING)
    key = (options, shfmt is not None)
    last = doc.formatted
    if last is not None and last[0] is doc.dockerfile and last[1] == key:
        cached: Formatted = last[2]
        return cached  # (logged when it was made)
    result = format_text(doc.dockerfile.text, options, shfmt, parsed=doc.dockerfile)
    doc.formatted = (doc.dockerfile, key, result)
    if result.refused is not None:
        log.warning("%s: %s", doc.uri, result.refused)
    for note in result.notes:
        log.info("%s: %s", doc.uri, note)
    return result


def _to_client(doc: Document, edits: list[Edit], encoding: str) -> list[dict[str, Any]]:
    lines = doc.dockerfile.lines
    return [convert.edit_to_json(edit, lines, encoding) for edit in edits]


def formatting(ls: Server, params: Any) -> Any:
    from dfls.features.format.edits import formatting_edits

    found = _document(ls, params)
    if found is None:
        return None
    doc, options = found
    result = _formatted(doc, options)
    return _to_client(doc, formatting_edits(result), ls.session.encoding)


def range_formatting(ls: Server, params: Any) -> Any:
    from dfls.features.format.edits import line_edits, range_text

    (first, _), (last, end_character) = wire.text_range(params)
    found = _document(ls, params)
    if found is None:
        return None
    doc, options = found
    result = _formatted(doc, options)
    if last > first and end_character == 0:
        last -= 1  # a selection of whole lines ends at the start of the next one
    new = range_text(result, first, last)
    return _to_client(doc, line_edits(result.original, new), ls.session.encoding)


def on_type_formatting(ls: Server, params: Any) -> Any:
    from dfls.features.format.edits import continuation_indent

    line, _ = wire.position(params)
    ch = wire.string(params, "ch", "$")
    found = _document(ls, params)
    if found is None or ch != ON_TYPE_TRIGGER:
        return None
    doc, options = found
    edit = continuation_indent(doc.dockerfile.text, line, options)
    if edit is None:
        return []
    return _to_client(doc, [edit], ls.session.encoding)


ROUTES = {
    FORMATTING: formatting,
    RANGE_FORMATTING: range_formatting,
    ON_TYPE_FORMATTING: on_type_formatting,
}
"""The methods served here (bound to the server in :func:`dfls.lsp.app.routes`)."""
