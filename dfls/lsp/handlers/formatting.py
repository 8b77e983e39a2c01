"""textDocument/formatting, rangeFormatting and onTypeFormatting: dfls.features.format.

The same formatter as ``dfls format``, with the options of the document's config file and
editor settings (``format``); the editor's own tab size is not used, so the editor and the
command line agree. The result is sent as small edits (one per run of changed lines).
When the formatter refuses (its output would build differently), no edit is sent and the
reason goes to the log.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from dfls.lsp import convert

if TYPE_CHECKING:
    from dfls.engine.format_options import FormatOptions
    from dfls.features.format import Formatted
    from dfls.lsp.server import Server
    from dfls.lsp.session import Document
    from dfls.model.edits import Edit

log = logging.getLogger(__name__)
ON_TYPE_TRIGGER = "\n"
_noted: set[str] = set()


def _document(ls: Server, uri: str) -> tuple[Document, FormatOptions] | None:
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
    result = format_text(doc.dockerfile.text, options, shfmt, parsed=doc.dockerfile)
    if result.refused is not None:
        log.warning("%s: %s", doc.uri, result.refused)
    for note in result.notes:
        log.info("%s: %s", doc.uri, note)
    return result


def _to_client(doc: Document, edits: list[Edit], encoding: str) -> list[types.TextEdit]:
    lines = doc.dockerfile.lines
    out = []
    for edit in edits:
        wire = convert.span_to_client(lines, edit.span, encoding)
        start, end = wire["start"], wire["end"]
        out.append(
            types.TextEdit(
                range=types.Range(
                    start=types.Position(line=start["line"], character=start["character"]),
                    end=types.Position(line=end["line"], character=end["character"]),
                ),
                new_text=edit.new_text,
            )
        )
    return out


async def formatting(
    ls: Server, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    from dfls.features.format.edits import formatting_edits

    found = _document(ls, params.text_document.uri)
    if found is None:
        return None
    doc, options = found
    result = _formatted(doc, options)
    return _to_client(doc, formatting_edits(result), ls.session.encoding)


async def range_formatting(
    ls: Server, params: types.DocumentRangeFormattingParams
) -> list[types.TextEdit] | None:
    from dfls.features.format.edits import line_edits, range_text

    found = _document(ls, params.text_document.uri)
    if found is None:
        return None
    doc, options = found
    result = _formatted(doc, options)
    first, last = params.range.start.line, params.range.end.line
    if last > first and params.range.end.character == 0:
        last -= 1  # a selection of whole lines ends at the start of the next one
    new = range_text(result, first, last)
    return _to_client(doc, line_edits(result.original, new), ls.session.encoding)


async def on_type_formatting(
    ls: Server, params: types.DocumentOnTypeFormattingParams
) -> list[types.TextEdit] | None:
    from dfls.features.format.edits import continuation_indent

    found = _document(ls, params.text_document.uri)
    if found is None or params.ch != ON_TYPE_TRIGGER:
        return None
    doc, options = found
    edit = continuation_indent(doc.dockerfile.text, params.position.line, options)
    if edit is None:
        return []
    return _to_client(doc, [edit], ls.session.encoding)
