"""textDocument/completion, completionItem/resolve and textDocument/signatureHelp:
dfls.features.completion in code points, converted at the edge.

They are routed on plain JSON (:mod:`dfls.lsp.router`), like navigation, not through pygls:
served by pygls, the first completion or signature help of a session waited for
lsprotocol and pygls to load (0.4-1.0 s). The answers are what pygls sent: fields without
a value are left out.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from dfls.lsp import convert
from dfls.lsp import params as wire

if TYPE_CHECKING:
    from dfls.features.completion import Item
    from dfls.lsp.server import Server
    from dfls.lsp.session import Document
    from dfls.model import Position

COMPLETION = "textDocument/completion"
RESOLVE = "completionItem/resolve"
SIGNATURE_HELP = "textDocument/signatureHelp"

# LSP CompletionItemKind values.
_KINDS = {
    "keyword": 14,
    "property": 10,
    "value": 12,
    "variable": 6,
    "module": 9,
    "reference": 18,
    "snippet": 15,
    "rule": 21,  # Constant
}
SNIPPET_FORMAT = 2  # InsertTextFormat.Snippet
DEPRECATED_TAG = 1  # CompletionItemTag.Deprecated
ITEM_FIELDS = frozenset(
    [
        "label",
        "labelDetails",
        "kind",
        "tags",
        "detail",
        "documentation",
        "deprecated",
        "preselect",
        "sortText",
        "filterText",
        "insertText",
        "insertTextFormat",
        "insertTextMode",
        "textEdit",
        "textEditText",
        "additionalTextEdits",
        "commitCharacters",
        "command",
        "data",
    ]
)
"""The members of an LSP CompletionItem: resolve answers with these (as pygls did)."""


def _locate(ls: Server, params: Any) -> tuple[Document, Position] | None:
    """The open document and the position in code points, or None (unknown document, or a
    line past its end)."""
    uri = wire.document_uri(params)
    line, character = wire.position(params)
    wire.optional_object(params, "context", "$")
    doc = ls.session.get(uri)
    if doc is None or line >= len(doc.dockerfile.lines):
        return None
    lines = doc.dockerfile.lines
    return doc, convert.position_from_client(lines, line, character, ls.session.encoding)


# Where each server's last completion was asked (document, line): resolve explains a
# variable or a stage at that place, so the items need not carry it.
_ASKED: weakref.WeakKeyDictionary[Server, tuple[str, int]] = weakref.WeakKeyDictionary()


def completion(ls: Server, params: Any) -> Any:
    from dfls.features import completion as core

    located = _locate(ls, params)
    if located is None:
        return {"isIncomplete": False, "items": []}
    doc, where = located
    _ASKED[ls] = (doc.uri, where.line)
    lines = doc.dockerfile.lines
    encoding = ls.session.encoding
    snippets = ls.features.completion_snippets
    found = core.complete(doc.dockerfile, where, snippets)
    range_ = convert.span_to_client(lines, found.span, encoding)
    # One shared edit range when the client takes it: a much smaller answer.
    shared = ls.features.completion_edit_range
    items = [
        _item(item, index, None if shared else range_, snippets)
        for index, item in enumerate(found.items)
    ]
    answer: dict[str, Any] = {"isIncomplete": False, "items": items}
    if shared:
        answer["itemDefaults"] = {"editRange": range_}
    return answer


def _item(item: Item, index: int, range_: Any, snippets: bool) -> dict[str, Any]:
    snippet = snippets and item.snippet is not None
    text = item.snippet if snippet and item.snippet is not None else item.plain()
    found: dict[str, Any] = {"label": item.label, "kind": _KINDS[item.kind.value]}
    if item.detail is not None:
        found["detail"] = item.detail
    found["sortText"] = f"{index:04d}"
    if item.filter_text is not None:
        found["filterText"] = item.filter_text
    if snippet:
        found["insertTextFormat"] = SNIPPET_FORMAT
    if range_ is not None:
        found["textEdit"] = {"range": range_, "newText": text}
    else:
        found["textEditText"] = text
    if item.deprecated:
        found["tags"] = [DEPRECATED_TAG]
    if item.doc:
        found["data"] = list(item.doc)
    return found


def resolve(ls: Server, params: Any) -> Any:
    """Fill in the documentation: the text hover shows for the same thing."""
    from dfls.features.completion import documentation

    item = {k: v for k, v in wire.obj(params, "$").items() if k in ITEM_FIELDS}
    wire.string(item, "label", "$")
    key = item.get("data")
    if not isinstance(key, list) or not key:
        return item
    uri, line = _ASKED.get(ls, ("", 0))
    doc = ls.session.get(uri) if uri else None
    markdown = documentation([str(part) for part in key], doc.dockerfile if doc else None, line)
    if markdown:
        item["documentation"] = _markup(ls.features.completion_docs, markdown)
    return item


def _markup(form: str, markdown: str) -> dict[str, str] | str:
    """Documentation in the client's format (a plain string when it names none)."""
    from dfls.features import hover

    if form == "markdown":
        return {"kind": "markdown", "value": markdown}
    if form == "plaintext":
        return {"kind": "plaintext", "value": hover.plain(markdown)}
    return hover.plain(markdown)


def signature_help(ls: Server, params: Any) -> Any:
    from dfls.features.completion.signature import signature_help as core

    located = _locate(ls, params)
    if located is None:
        return None
    doc, where = located
    found = core(doc.dockerfile, where)
    if found is None:
        return None
    form = ls.features.signature_docs
    signatures = []
    for signature, active in zip(found.signatures, found.parameters, strict=True):
        parameters = []
        for p in signature.parameters:
            parameter: dict[str, Any] = {"label": [p.start, p.end]}
            if p.doc:
                parameter["documentation"] = _markup(form, p.doc)
            parameters.append(parameter)
        # Always set: VS Code reads a missing activeParameter here as the list's one.
        signatures.append(
            {
                "label": signature.label,
                "documentation": _markup(form, signature.doc),
                "parameters": parameters,
                "activeParameter": active,
            }
        )
    return {
        "signatures": signatures,
        "activeSignature": found.active_signature,
        "activeParameter": found.active_parameter,
    }


ROUTES = {COMPLETION: completion, RESOLVE: resolve, SIGNATURE_HELP: signature_help}
"""The methods served here (bound to the server in :func:`dfls.lsp.app.routes`)."""
