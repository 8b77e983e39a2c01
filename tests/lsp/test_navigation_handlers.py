"""The navigation handlers in process: plain JSON in and out, the outline's parts reused."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from dfls.lsp.capabilities import UTF8, ClientFeatures
from dfls.lsp.handlers import navigation
from dfls.lsp.jsonrpc import Encoded, Endpoint, RpcError
from dfls.lsp.params import Change
from dfls.lsp.server import Server
from dfls.lsp.stdio import Output

URI = "file:///w/Dockerfile"
TEXT = 'FROM alpine AS base\nENV D=/x\nRUN echo "é" $D\nFROM base AS app\nRUN echo $D\n'


def _server(**features: Any) -> Server:
    server = Server(Endpoint(Output(io.BytesIO())))
    server.features = ClientFeatures(position_encoding=UTF8, **features)
    server.session.open(URI, 1, TEXT)
    return server


def _at(line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": URI}, "position": {"line": line, "character": character}}


def test_positions_are_in_the_clients_units() -> None:
    server = _server()
    # "$D" after "é" (two UTF-8 bytes): byte column 15 is code point 14
    found = navigation.definition(server, _at(2, 15))
    assert found == {
        "uri": URI,
        "range": {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 5}},
    }
    refs = navigation.references(server, {**_at(1, 4), "context": {"includeDeclaration": False}})
    assert [(r["range"]["start"]["line"], r["range"]["start"]["character"]) for r in refs] == [
        (2, 15),
        (4, 10),
    ]


def test_a_refused_rename_is_request_failed_with_the_reason() -> None:
    server = _server()
    with pytest.raises(RpcError) as refused:
        navigation.rename(server, {**_at(0, 16), "newName": "Base"})
    assert refused.value.code == navigation.REQUEST_FAILED
    assert "not a valid stage name" in refused.value.message
    edit = navigation.rename(server, {**_at(0, 16), "newName": "root"})
    changes = edit["changes"][URI]
    assert [c["newText"] for c in changes] == ["root", "root"]


def test_the_outline_reuses_the_parts_of_unchanged_stages() -> None:
    server = _server(hierarchical_symbols=True)
    params = {"textDocument": {"uri": URI}}
    first = navigation.document_symbol(server, params)
    assert isinstance(first, Encoded)
    tree = json.loads(first)
    assert [s["name"] for s in tree] == ["base", "app"]
    assert [c["name"] for c in tree[0]["children"]] == [
        "FROM alpine AS base",
        "ENV D",
        'RUN echo "é" $D',
    ]
    kept = dict(navigation._ENCODED[URI])
    # type in the second stage: the first stage's JSON text is the same object
    server.session.change(URI, 2, [Change(((4, 11), (4, 11)), "x")])
    second = navigation.document_symbol(server, params)
    assert json.loads(second)[1]["children"][1]["name"] == "RUN echo $Dx"
    base = next(v for v in navigation._ENCODED[URI].values() if v[0].name == "base")
    assert any(base[2] is v[2] for v in kept.values())
    flat = navigation.document_symbol(_server(), params)
    assert [s.get("containerName") for s in json.loads(flat)][:2] == [None, "base"]


def test_an_encoded_result_is_sent_as_it_is() -> None:
    out = io.BytesIO()
    Endpoint(Output(out)).respond(7, Encoded('[{"a":1}]'))
    body = out.getvalue().split(b"\r\n\r\n", 1)[1]
    assert json.loads(body) == {"jsonrpc": "2.0", "id": 7, "result": [{"a": 1}]}
