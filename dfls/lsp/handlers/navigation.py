"""Definition, references, highlight, rename, document and workspace symbols.

Thin: :mod:`dfls.features.navigation` and :mod:`dfls.features.outline` answer in code
points; this converts positions at the edge and answers in plain JSON (a list of a few
thousand symbols is then not built as lsprotocol objects and taken apart again by cattrs).
A rename that cannot be done is answered with an error carrying the reason, which editors
show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from dfls.lsp import convert
from dfls.lsp.backend import Backend, Refusal

if TYPE_CHECKING:
    from dfls.features.outline import OutlineSymbol
    from dfls.lsp.server import Server
    from dfls.lsp.session import Document
    from dfls.model import Position, Span

# LSP SymbolKind and DocumentHighlightKind values.
SYMBOL_KINDS = {"stage": 5, "variable": 13, "property": 7, "instruction": 12}  # Class...
READ, WRITE = 2, 3


def _where(ls: Server, params: Any) -> tuple[Document, Position] | None:
    doc = ls.session.get(params.text_document.uri)
    if doc is None:
        return None
    lines = doc.dockerfile.lines
    position = params.position
    if not 0 <= position.line < len(lines):
        return None
    where = convert.position_from_client(
        lines, position.line, position.character, ls.session.encoding
    )
    return doc, where


def _range(ls: Server, doc: Document, span: Span) -> dict[str, Any]:
    return convert.span_to_client(doc.dockerfile.lines, span, ls.session.encoding)


def definition(ls: Server, params: types.DefinitionParams) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    span = navigation.definition(doc.dockerfile, where)
    if span is None:
        return None
    return {"uri": doc.uri, "range": _range(ls, doc, span)}


def references(ls: Server, params: types.ReferenceParams) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    include = bool(params.context.include_declaration) if params.context else True
    spans = navigation.references(doc.dockerfile, where, include)
    if spans is None:
        return None
    return [{"uri": doc.uri, "range": _range(ls, doc, span)} for span in spans]


def highlight(ls: Server, params: types.DocumentHighlightParams) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    return [
        {"range": _range(ls, doc, h.span), "kind": WRITE if h.write else READ}
        for h in navigation.highlights(doc.dockerfile, where)
    ]


def prepare_rename(ls: Server, params: types.PrepareRenameParams) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    answer = navigation.prepare_rename(doc.dockerfile, where)
    if answer is None:
        return None
    if isinstance(answer, navigation.Refused):
        raise Refusal(answer.message)
    span, name = answer
    return {"range": _range(ls, doc, span), "placeholder": name}


def rename(ls: Server, params: types.RenameParams) -> Any:
    from dfls.features import navigation

    found = _where(ls, params)
    if found is None:
        return None
    doc, where = found
    edits = navigation.rename(doc.dockerfile, where, params.new_name)
    if isinstance(edits, navigation.Refused):
        raise Refusal(edits.message)
    lines, encoding = doc.dockerfile.lines, ls.session.encoding
    changes = [convert.edit_to_json(edit, lines, encoding) for edit in edits]
    if ls.features.document_changes:
        document = {"uri": doc.uri, "version": doc.version}
        return {"documentChanges": [{"textDocument": document, "edits": changes}]}
    return {"changes": {doc.uri: changes}}


def document_symbol(ls: Server, params: types.DocumentSymbolParams) -> Any:
    from dfls.features import outline

    doc = ls.session.get(params.text_document.uri)
    if doc is None:
        return None
    symbols = outline.document_symbols(doc.dockerfile)
    lines, encoding = doc.dockerfile.lines, ls.session.encoding
    if ls.features.hierarchical_symbols:
        return [_tree(s, lines, encoding) for s in symbols]
    flat: list[dict[str, Any]] = []
    for symbol in symbols:
        _flatten(symbol, None, doc.uri, lines, encoding, flat)
    return flat


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


def workspace_symbol(ls: Server, params: types.WorkspaceSymbolParams) -> Any:
    from dfls.features import outline
    from dfls.lsp.workspace_files import workspace_files

    by_uri = {f.uri: f for f in workspace_files(ls).documents()}
    found = outline.workspace_symbols(
        ((f.uri, f.dockerfile) for f in by_uri.values()), params.query
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


def register(backend: Backend) -> None:
    """Serve these methods (from :func:`dfls.lsp.app.load_backend`)."""
    backend.feature(types.TEXT_DOCUMENT_DEFINITION, definition)
    backend.feature(types.TEXT_DOCUMENT_REFERENCES, references)
    backend.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT, highlight)
    backend.feature(types.TEXT_DOCUMENT_PREPARE_RENAME, prepare_rename)
    backend.feature(types.TEXT_DOCUMENT_RENAME, rename)
    backend.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, document_symbol)
    backend.feature(types.WORKSPACE_SYMBOL, workspace_symbol)
