"""textDocument/semanticTokens/{full,full/delta,range}: dfls.features.semantic_tokens on
plain JSON.

Served by the router itself, like pulled diagnostics: a full answer for a 5,000-line file
holds tens of thousands of integers, which cattrs would walk one by one. Each document
keeps its token cache and its last answer (for ``full/delta``) while it is open.
"""

from __future__ import annotations

import functools
import itertools
import weakref
from typing import TYPE_CHECKING, Any

from dfls.lsp import convert
from dfls.lsp import params as wire
from dfls.lsp.jsonrpc import Encoded

if TYPE_CHECKING:
    from dfls.features import semantic_tokens as core
    from dfls.lsp.server import Server
    from dfls.lsp.session import Session

FULL = "textDocument/semanticTokens/full"
DELTA = "textDocument/semanticTokens/full/delta"
RANGE = "textDocument/semanticTokens/range"


class _Documents:
    """Per open document: its token cache and its last full answer with its result id."""

    def __init__(self, encoding: str) -> None:
        column = None
        if encoding != convert.UTF32:
            column = functools.partial(_column, encoding=encoding)
        self.column = column
        self.caches: dict[str, core.TokenCache] = {}
        self.answers: dict[str, tuple[str, core.Tokens]] = {}
        self.ids = itertools.count(1)

    def cache(self, session: Session, uri: str) -> core.TokenCache:
        from dfls.features.semantic_tokens import TokenCache

        found = self.caches.get(uri)
        if found is None:
            for closed in [u for u in self.caches if u not in session.documents]:
                self.caches.pop(closed, None)
                self.answers.pop(closed, None)
            found = self.caches[uri] = TokenCache(self.column)
        return found


def _column(line: str, column: int, encoding: str) -> int:
    return convert.to_client_column(line, column, encoding)


_STATE: weakref.WeakKeyDictionary[Session, _Documents] = weakref.WeakKeyDictionary()


def _documents(session: Session) -> _Documents:
    found = _STATE.get(session)
    if found is None:
        found = _STATE[session] = _Documents(session.encoding)
    return found


def _answer(ls: Server, uri: str) -> tuple[str, core.Tokens] | None:
    doc = ls.session.get(uri)
    if doc is None:
        return None
    from dfls.features.semantic_tokens import full

    documents = _documents(ls.session)
    tokens = full(doc.dockerfile, documents.cache(ls.session, uri))
    answer = (str(next(documents.ids)), tokens)
    documents.answers[uri] = answer
    return answer


def _encoded(result_id: str, tokens: core.Tokens) -> Encoded:
    return Encoded(f'{{"resultId": "{result_id}", "data": {tokens.json()}}}')


def full_(ls: Server, params: Any) -> Any:
    answer = _answer(ls, wire.document_uri(params))
    if answer is None:
        return {"data": []}
    return _encoded(*answer)


def full_delta(ls: Server, params: Any) -> Any:
    uri = wire.document_uri(params)
    previous_id = wire.string(wire.obj(params, "$"), "previousResultId", "$")
    previous = _documents(ls.session).answers.get(uri)
    answer = _answer(ls, uri)
    if answer is None:
        return {"data": []}
    result_id, tokens = answer
    if previous is None or previous[0] != previous_id:
        return _encoded(result_id, tokens)
    from dfls.features.semantic_tokens import delta

    edits = delta(previous[1], tokens)
    return {
        "resultId": result_id,
        "edits": [{"start": e.start, "deleteCount": e.delete, "data": e.data} for e in edits],
    }


def range_(ls: Server, params: Any) -> Any:
    uri = wire.document_uri(params)
    span = wire.obj(wire.obj(params, "$").get("range"), "$.range")
    first = wire.integer(wire.obj(span.get("start"), "$.range.start"), "line", "$.range.start", 0)
    last = wire.integer(wire.obj(span.get("end"), "$.range.end"), "line", "$.range.end", 0)
    doc = ls.session.get(uri)
    if doc is None:
        return {"data": []}
    from dfls.features.semantic_tokens import in_range

    cache = _documents(ls.session).cache(ls.session, uri)
    return {"data": in_range(doc.dockerfile, cache, first, last)}
