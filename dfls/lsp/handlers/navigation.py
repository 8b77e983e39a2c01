"""Definition, references, highlight, rename, document and workspace symbols.

Thin: :mod:`dfls.features.navigation` and :mod:`dfls.features.outline` answer in code
points; this converts positions at the edge and answers in plain JSON (a list of a few
thousand symbols is then not built as lsprotocol objects and taken apart again by cattrs).
A rename that cannot be done is answered with an error carrying the reason, which editors
show.

They are routed on plain JSON like diagnostics (:mod:`dfls.lsp.router`), not through pygls:
editors send them on every cursor move (highlight) and after every change (the outline),
and pygls' cattrs round trip took 120 ms of the 145 ms a 5,000-line outline took (measured
with bench/lsp_navigation.py).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from dfls.lsp import convert
from dfls.lsp import params as wire
from dfls.lsp.jsonrpc import Encoded, RpcError

if TYPE_CHECKING:
    from dfls.features.outline import OutlineSymbol
    from dfls.lsp.server import Server
    from dfls.lsp.session import Document
    from dfls.model import Position, Span

# LSP SymbolKind and DocumentHighlightKind values.
SYMBOL_KINDS = {"stage": 5, "variable": 13, "property": 7, "instruction": 12}  # Class...
READ, WRITE = 2, 3
REQUEST_FAILED = -32803
"""LSP's RequestFailed: a valid request the server declines (a rename to a taken name)."""


def _where(ls: Server, params: Any) -> tuple[Document, Position] | None:
    doc = ls.session.get(wire.document_uri(params))
    if doc is None:
        return None
    position = wire.obj(wire.obj(params, "$").get("position"), "$.position")
    line = wire.integer(position, "line", "$.position", 0)
    character = wire.integer(position, "character", "$.position", 0)
    lines = doc.dockerfile.lines
    if line >= len(lines):
        return None
    return doc, convert.position_from_client(lines, line, character, ls.session.encoding)


def _range(ls: Server, doc: Document, span: Span) -> dict[str, Any]:
    return convert.span_to_client(doc.dockerfile.lines, span, ls.session.encoding)


def definition(ls: Server, params: Any) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    span = navigation.definition(doc.dockerfile, where)
    if span is None:
        return None
    return {"uri": doc.uri, "range": _range(ls, doc, span)}


def references(ls: Server, params: Any) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    context = wire.obj(params, "$").get("context")
    include = not isinstance(context, dict) or context.get("includeDeclaration") is not False
    spans = navigation.references(doc.dockerfile, where, include)
    if spans is None:
        return None
    return [{"uri": doc.uri, "range": _range(ls, doc, span)} for span in spans]


def highlight(ls: Server, params: Any) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    return [
        {"range": _range(ls, doc, h.span), "kind": WRITE if h.write else READ}
        for h in navigation.highlights(doc.dockerfile, where)
    ]


def prepare_rename(ls: Server, params: Any) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    answer = navigation.prepare_rename(doc.dockerfile, where)
    if answer is None:
        return None
    if isinstance(answer, navigation.Refused):
        raise RpcError(REQUEST_FAILED, answer.message)
    span, name = answer
    return {"range": _range(ls, doc, span), "placeholder": name}


def rename(ls: Server, params: Any) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    new_name = wire.string(wire.obj(params, "$"), "newName", "$")
    edits = navigation.rename(doc.dockerfile, where, new_name)
    if isinstance(edits, navigation.Refused):
        raise RpcError(REQUEST_FAILED, edits.message)
    lines, encoding = doc.dockerfile.lines, ls.session.encoding
    changes = [convert.edit_to_json(edit, lines, encoding) for edit in edits]
    if ls.features.document_changes:
        document = {"uri": doc.uri, "version": doc.version}
        return {"documentChanges": [{"textDocument": document, "edits": changes}]}
    return {"changes": {doc.uri: changes}}


def document_symbol(ls: Server, params: Any) -> Any:
    """The outline, as JSON text: each top-level symbol's part is kept and reused while the
    outline keeps that symbol (its stage did not change)."""
    from dfls.features import outline

    uri = wire.document_uri(params)
    doc = ls.session.get(uri)
    if doc is None:
        return None
    symbols = outline.document_symbols(doc.dockerfile)
    lines, encoding = doc.dockerfile.lines, ls.session.encoding
    tree = ls.features.hierarchical_symbols
    kept = _ENCODED.get(uri, {})
    fresh: dict[int, tuple[OutlineSymbol, str, str]] = {}
    parts: list[str] = []
    for symbol in symbols:
        found = kept.get(id(symbol))
        if found is None or found[0] is not symbol or found[1] != encoding:
            if tree:
                text = json.dumps(_tree(symbol, lines, encoding), separators=(",", ":"))
            else:
                flat: list[dict[str, Any]] = []
                _flatten(symbol, None, uri, lines, encoding, flat)
                text = json.dumps(flat, separators=(",", ":"))[1:-1]
            found = (symbol, encoding, text)
        fresh[id(symbol)] = found
        if found[2]:
            parts.append(found[2])
    _ENCODED[uri] = fresh
    for closed in [u for u in _ENCODED if u not in ls.session.documents]:
        del _ENCODED[closed]
    return Encoded("[" + ",".join(parts) + "]")


_ENCODED: dict[str, dict[int, tuple[OutlineSymbol, str, str]]] = {}
"""The last outline answered for each document: its top-level symbols' JSON text, by the
symbol object (kept alive here, so its ``id`` is not reused), with the encoding."""


def _tree(symbol: OutlineSymbol, lines: list[str], encoding: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "name": symbol.name,
        "kind": SYMBOL_KINDS[symbol.kind],
        "range": convert.span_to_client(lines, symbol.span, encoding),
        "selectionRange": convert.span_to_client(lines, symbol.selection, encoding),
    }
    if symbol.detail:
        found["detail"] = symbol.detail
    if symbol.children:
        found["children"] = [_tree(child, lines, encoding) for child in symbol.children]
    return found


def _flatten(
    symbol: OutlineSymbol,
    container: str | None,
    uri: str,
    lines: list[str],
    encoding: str,
    out: list[dict[str, Any]],
) -> None:
    entry: dict[str, Any] = {
        "name": symbol.name,
        "kind": SYMBOL_KINDS[symbol.kind],
        "location": {"uri": uri, "range": convert.span_to_client(lines, symbol.span, encoding)},
    }
    if container is not None:
        entry["containerName"] = container
    out.append(entry)
    for child in symbol.children:
        _flatten(child, symbol.name, uri, lines, encoding, out)


async def workspace_symbol(ls: Server, params: Any) -> Any:
    """The stages of the workspace's Dockerfiles (the files on disk found and read on the
    worker thread: the event loop goes on answering meanwhile)."""
    from dfls.features import outline
    from dfls.lsp.workspace_files import workspace_files

    query = wire.obj(params, "$").get("query")
    by_uri = {f.uri: f for f in await ls.worker.submit(workspace_files(ls).documents)}
    found = outline.workspace_symbols(
        ((f.uri, f.dockerfile) for f in by_uri.values()), query if isinstance(query, str) else ""
    )
    encoding = ls.session.encoding
    answer: list[dict[str, Any]] = []
    for symbol in found:
        lines = by_uri[symbol.file].dockerfile.lines
        entry = {
            "name": symbol.name,
            "kind": SYMBOL_KINDS["stage"],
            "location": {
                "uri": symbol.file,
                "range": convert.span_to_client(lines, symbol.selection, encoding),
            },
        }
        if symbol.image:
            entry["containerName"] = symbol.image
        answer.append(entry)
    return answer


ROUTES = {
    "textDocument/definition": definition,
    "textDocument/references": references,
    "textDocument/documentHighlight": highlight,
    "textDocument/prepareRename": prepare_rename,
    "textDocument/rename": rename,
    "textDocument/documentSymbol": document_symbol,
    "workspace/symbol": workspace_symbol,
}
"""The methods served here (bound to the server in :func:`dfls.lsp.app.routes`)."""
