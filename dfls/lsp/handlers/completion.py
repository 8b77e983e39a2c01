"""textDocument/completion, completionItem/resolve and textDocument/signatureHelp:
dfls.features.completion in code points, converted at the edge."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

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


# Where each server's last completion was asked (document, line): resolve explains a
# variable or a stage at that place, so the items need not carry it.
_ASKED: weakref.WeakKeyDictionary[Server, tuple[str, int]] = weakref.WeakKeyDictionary()


def completion(ls: Server, params: types.CompletionParams) -> types.CompletionList | None:
    from dfls.features import completion as core

    located = _locate(ls, params.text_document.uri, params.position)
    if located is None:
        return types.CompletionList(is_incomplete=False, items=[])
    doc, where = located
    _ASKED[ls] = (doc.uri, where.line)
    lines = doc.dockerfile.lines
    encoding = ls.session.encoding
    snippets = ls.features.completion_snippets
    found = core.complete(doc.dockerfile, where, snippets)
    start = convert.position_to_client(lines, found.span.start, encoding)
    end = convert.position_to_client(lines, found.span.end, encoding)
    range_ = types.Range(start=types.Position(**start), end=types.Position(**end))
    # One shared edit range when the client takes it: a much smaller answer.
    shared = ls.features.completion_edit_range
    items = [
        _item(item, index, None if shared else range_, snippets)
        for index, item in enumerate(found.items)
    ]
    defaults = types.CompletionItemDefaults(edit_range=range_) if shared else None
    return types.CompletionList(is_incomplete=False, items=items, item_defaults=defaults)


def _item(
    item: Item, index: int, range_: types.Range | None, snippets: bool
) -> types.CompletionItem:
    snippet = snippets and item.snippet is not None
    text = item.snippet if snippet and item.snippet is not None else item.plain()
    return types.CompletionItem(
        label=item.label,
        kind=_KINDS[item.kind.value],
        detail=item.detail,
        sort_text=f"{index:04d}",
        filter_text=item.filter_text,
        text_edit=types.TextEdit(range=range_, new_text=text) if range_ else None,
        text_edit_text=None if range_ else text,
        insert_text_format=types.InsertTextFormat.Snippet if snippet else None,
        tags=[types.CompletionItemTag.Deprecated] if item.deprecated else None,
        data=list(item.doc) if item.doc else None,
    )


def resolve(ls: Server, item: types.CompletionItem) -> types.CompletionItem:
    """Fill in the documentation: the text hover shows for the same thing."""
    from dfls.features.completion import documentation

    key = item.data
    if not isinstance(key, list) or not key:
        return item
    uri, line = _ASKED.get(ls, ("", 0))
    doc = ls.session.get(uri) if uri else None
    markdown = documentation([str(part) for part in key], doc.dockerfile if doc else None, line)
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
