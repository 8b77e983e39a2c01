"""Folding ranges, selection ranges, document links and inlay hints on plain JSON.

Thin: each reads its params, asks the pure feature in :mod:`dfls.features` (code points)
and converts the spans for the client. Served by the router itself (like pulled
diagnostics), so answers for large files do not go through cattrs object by object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dfls.lsp import capabilities, convert
from dfls.lsp import params as wire
from dfls.lsp.jsonrpc import InvalidParams
from dfls.model import Position, Span

if TYPE_CHECKING:
    from dfls.lsp.server import Server
    from dfls.lsp.session import Document

FOLDING = "textDocument/foldingRange"
SELECTION = "textDocument/selectionRange"
LINKS = "textDocument/documentLink"
INLAY_HINTS = "textDocument/inlayHint"


def _document(ls: Server, params: Any) -> Document | None:
    doc = ls.session.get(wire.document_uri(params))
    return None if doc is None or doc.too_large else doc


def _client(ls: Server, *path: str) -> Any:
    return capabilities._at(ls.init_params, "capabilities", "textDocument", *path)


def folding_range(ls: Server, params: Any) -> Any:
    from dfls.features.folding import folding_ranges

    doc = _document(ls, params)
    if doc is None:
        return []
    lines_only = _client(ls, "foldingRange", "lineFoldingOnly") is True
    limit = _client(ls, "foldingRange", "rangeLimit")
    lines = doc.dockerfile.lines
    encoding = ls.session.encoding
    found: list[dict[str, Any]] = []
    for fold in folding_ranges(doc.dockerfile):
        item: dict[str, Any] = {"startLine": fold.start_line, "endLine": fold.end_line}
        if fold.kind:
            item["kind"] = fold.kind
        if not lines_only and fold.end_character is not None:
            line = lines[fold.end_line]
            item["endCharacter"] = convert.to_client_column(line, fold.end_character, encoding)
        found.append(item)
    if isinstance(limit, int) and not isinstance(limit, bool) and 0 < limit < len(found):
        found = found[:limit]
    return found


def selection_range(ls: Server, params: Any) -> Any:
    from dfls.features.selection import selection_spans

    positions = wire.obj(params, "$").get("positions")
    if not isinstance(positions, list):
        raise InvalidParams("$.positions: expected an array")
    doc = _document(ls, params)
    if doc is None:
        return []
    lines = doc.dockerfile.lines
    encoding = ls.session.encoding
    answers: list[Any] = []
    for index, value in enumerate(positions):
        where = f"$.positions[{index}]"
        position = wire.obj(value, where)
        line = wire.integer(position, "line", where, 0)
        character = wire.integer(position, "character", where, 0)
        point = convert.position_from_client(lines, line, character, encoding)
        chain: dict[str, Any] | None = None
        for span in reversed(selection_spans(doc.dockerfile, point)):
            item: dict[str, Any] = {"range": convert.span_to_client(lines, span, encoding)}
            if chain is not None:
                item["parent"] = chain
            chain = item
        answers.append(chain)
    return answers


def document_link(ls: Server, params: Any) -> Any:
    from dfls.features.links import document_links

    doc = _document(ls, params)
    if doc is None:
        return []
    lines = doc.dockerfile.lines
    encoding = ls.session.encoding
    tooltips = _client(ls, "documentLink", "tooltipSupport") is True
    found: list[dict[str, Any]] = []
    for link in document_links(doc.dockerfile):
        item = {"range": convert.span_to_client(lines, link.span, encoding), "target": link.target}
        if tooltips:
            item["tooltip"] = link.tooltip
        found.append(item)
    return found


def inlay_hint(ls: Server, params: Any) -> Any:
    from dfls.features.inlay_hints import inlay_hints

    doc = _document(ls, params)
    if doc is None:
        return []
    if not ls.session.config.settings_for(doc.uri, doc.path).inlay_hints:
        return []
    span = wire.obj(wire.obj(params, "$").get("range"), "$.range")
    first = wire.integer(wire.obj(span.get("start"), "$.range.start"), "line", "$.range", 0)
    last = wire.integer(wire.obj(span.get("end"), "$.range.end"), "line", "$.range", 0)
    lines = doc.dockerfile.lines
    encoding = ls.session.encoding
    window = Span(Position(first, 0), Position(last, 0))
    return [
        {
            "position": convert.position_to_client(lines, hint.position, encoding),
            "label": hint.label,
            "paddingLeft": True,
            "tooltip": hint.tooltip,
        }
        for hint in inlay_hints(doc.dockerfile, window)
    ]
