"""textDocument/hover: dfls.features.hover in code points, converted at the edge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from dfls.lsp import convert

if TYPE_CHECKING:
    from dfls.lsp.server import Server


async def hover(ls: Server, params: types.HoverParams) -> types.Hover | None:
    from dfls.features import hover as core

    doc = ls.session.get(params.text_document.uri)
    if doc is None:
        return None
    lines = doc.dockerfile.lines
    encoding = ls.session.encoding
    position = params.position
    if not 0 <= position.line < len(lines):
        return None
    where = convert.position_from_client(lines, position.line, position.character, encoding)
    # The findings of the last lint that finished: a hover does not wait for the lint of
    # the latest keystroke (seconds on a huge file) for a rule's docs.
    settings = ls.session.config.settings_for(doc.uri, doc.path)
    found = core.hover(
        doc.dockerfile,
        where,
        ls.session.last_violations(doc),
        settings.docs_url,
        settings.target_stage,
    )
    if found is None:
        return None
    if ls.features.markdown_hover:
        contents = types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.markdown)
    else:
        contents = types.MarkupContent(kind=types.MarkupKind.PlainText, value=found.plain)
    span = found.span
    if span is None:
        return types.Hover(contents=contents)
    start = convert.position_to_client(lines, span.start, encoding)
    end = convert.position_to_client(lines, span.end, encoding)
    return types.Hover(
        contents=contents,
        range=types.Range(
            start=types.Position(**start),
            end=types.Position(**end),
        ),
    )
