"""textDocument/completion, completionItem/resolve and textDocument/signatureHelp:
dfls.features.completion in code points, converted at the edge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from dfls.lsp import convert

if TYPE_CHECKING:
    from dfls.features.completion import Item
    from dfls.lsp.server import Server
    from dfls.lsp.session import Document
    from dfls.model import Position

_KINDS = {
    "keyword": types.CompletionItemKind.Keyword,
    "property": types.CompletionItemKind.Property,
    "value": types.CompletionItemKind.Value,
    "variable": types.CompletionItemKind.Variable,
    "module": types.CompletionItemKind.Module,
    "reference": types.CompletionItemKind.Reference,
    "snippet": types.CompletionItemKind.Snippet,
    "rule": types.CompletionItemKind.Constant,
}


def _locate(ls: Server, uri: str, position: types.Position) -> tuple[Document, Position] | None:
    """The open document and the position in code points, or None (unknown document, or a
    line past its end)."""
    doc = ls.session.get(uri)
    if doc is None or not 0 <= position.line < len(doc.dockerfile.lines):
        return None
    lines = doc.dockerfile.lines
    encoding = ls.session.encoding
    return doc, convert.position_from_client(lines, position.line, position.character, encoding)


def completion(ls: Server, params: types.CompletionParams) -> types.CompletionList | None:
    from dfls.features import completion as core

    located = _locate(ls, params.text_document.uri, params.position)
    if located is None:
        return types.CompletionList(is_incomplete=False, items=[])
    doc, where = located
    lines = doc.dockerfile.lines
    encoding = ls.session.encoding
    snippets = ls.features.completion_snippets
    found = core.complete(doc.dockerfile, where, snippets)
    start = convert.position_to_client(lines, found.span.start, encoding)
    end = convert.position_to_client(lines, found.span.end, encoding)
    range_ = types.Range(start=types.Position(**start), end=types.Position(**end))
    data = {"uri": doc.uri, "line": where.line}
    items = [_item(item, index, range_, snippets, data) for index, item in enumerate(found.items)]
    return types.CompletionList(is_incomplete=False, items=items)


def _item(
    item: Item, index: int, range_: types.Range, snippets: bool, data: dict[str, Any]
) -> types.CompletionItem:
    snippet = snippets and item.snippet is not None
    text = item.snippet if snippet and item.snippet is not None else item.plain()
    return types.CompletionItem(
        label=item.label,
        kind=_KINDS[item.kind.value],
        detail=item.detail,
        sort_text=f"{index:04d}",
        filter_text=item.filter_text,
        text_edit=types.TextEdit(range=range_, new_text=text),
        insert_text_format=(
            types.InsertTextFormat.Snippet if snippet else types.InsertTextFormat.PlainText
        ),
        tags=[types.CompletionItemTag.Deprecated] if item.deprecated else None,
        data={**data, "doc": list(item.doc)} if item.doc else None,
    )


def resolve(ls: Server, item: types.CompletionItem) -> types.CompletionItem:
    """Fill in the documentation: the text hover shows for the same thing."""
    from dfls.features.completion import documentation

    data = item.data
    if not isinstance(data, dict) or not isinstance(data.get("doc"), list):
        return item
    key = [str(part) for part in data["doc"]]
    doc = ls.session.get(data["uri"]) if isinstance(data.get("uri"), str) else None
    line = data.get("line")
    markdown = documentation(
        key, doc.dockerfile if doc else None, line if isinstance(line, int) else 0
    )
    if markdown:
        item.documentation = _markup(ls.features.completion_docs, markdown)
    return item


def _markup(form: str, markdown: str) -> types.MarkupContent | str:
    """Documentation in the client's format (a plain string when it names none)."""
    from dfls.features import hover

    if form == "markdown":
        return types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown)
    if form == "plaintext":
        return types.MarkupContent(kind=types.MarkupKind.PlainText, value=hover.plain(markdown))
    return hover.plain(markdown)


def signature_help(ls: Server, params: types.SignatureHelpParams) -> types.SignatureHelp | None:
    from dfls.features.completion.signature import signature_help as core

    located = _locate(ls, params.text_document.uri, params.position)
    if located is None:
        return None
    doc, where = located
    found = core(doc.dockerfile, where)
    if found is None:
        return None
    form = ls.features.signature_docs
    signatures = [
        types.SignatureInformation(
            label=signature.label,
            documentation=_markup(form, signature.doc),
            parameters=[
                types.ParameterInformation(
                    label=(p.start, p.end),
                    documentation=_markup(form, p.doc) if p.doc else None,
                )
                for p in signature.parameters
            ],
            active_parameter=active,
        )
        for signature, active in zip(found.signatures, found.parameters, strict=True)
    ]
    return types.SignatureHelp(
        signatures=signatures,
        active_signature=found.active_signature,
        active_parameter=found.active_parameter,
    )
