"""Completion, signature help and formatting on plain JSON: answered without pygls, the
same JSON pygls (lsprotocol + cattrs) sent, InvalidParams for params of the wrong shape."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import Any

import pytest
from lsprotocol import types
from pygls.protocol import default_converter

from dfls.lsp import app
from dfls.lsp.capabilities import ClientFeatures
from dfls.lsp.handlers import completion, formatting
from dfls.lsp.jsonrpc import Endpoint, InvalidParams
from dfls.lsp.params import Change
from dfls.lsp.server import Server
from dfls.lsp.stdio import Output

URI = "file:///w/Dockerfile"
TEXT = (
    "FROM alpine:3.19 AS build\nENV  FOO=bar\nrun --mount=type=cache,target=/r apk add x && \\\n"
    "echo $FOO\nCOPY --from=build /a /b\nMAINTAINER me\nFROM \n"
)
OPTIONS = {"tabSize": 4, "insertSpaces": True}
_WHOLE = {"start": {"line": 0, "character": 0}, "end": {"line": 4, "character": 0}}
_CONVERTER = default_converter()  # type: ignore[no-untyped-call]


def _server(**features: Any) -> Server:
    server = Server(Endpoint(Output(io.BytesIO())))
    server.features = ClientFeatures(**features)
    server.session.open(URI, 1, TEXT)
    return server


def _at(line: int, character: int, **extra: Any) -> dict[str, Any]:
    return {
        "textDocument": {"uri": URI},
        "position": {"line": line, "character": character},
        **extra,
    }


def _as_pygls_sent(answer: Any, kind: Any) -> Any:
    """``answer`` read into lsprotocol types and written out again, as pygls would."""
    return _CONVERTER.unstructure(_CONVERTER.structure(answer, kind))


SPOTS = [(0, 0), (0, 5), (0, 12), (1, 6), (2, 4), (2, 23), (3, 6), (4, 12), (5, 3), (6, 5)]


@pytest.mark.parametrize(
    "features",
    [
        {},
        {"completion_snippets": True, "completion_edit_range": True, "completion_docs": "markdown"},
        {"completion_docs": "plaintext", "signature_docs": "plaintext"},
    ],
)
def test_answers_are_the_json_pygls_sent(features: dict[str, Any]) -> None:
    server = _server(**features)
    seen_items = 0
    for line, character in SPOTS:
        found = completion.completion(server, _at(line, character))
        assert found == _as_pygls_sent(found, types.CompletionList)
        for item in found["items"]:
            assert None not in item.values()
            resolved = completion.resolve(server, item)
            assert resolved == _as_pygls_sent(resolved, types.CompletionItem)
            seen_items += 1
        helped = completion.signature_help(server, _at(line, character))
        if helped is not None:
            assert helped == _as_pygls_sent(helped, types.SignatureHelp)
            # VS Code reads a missing activeParameter on a signature as "the list's one".
            assert all("activeParameter" in s for s in helped["signatures"])
    assert seen_items > 50
    edits = formatting.formatting(server, {"textDocument": {"uri": URI}, "options": OPTIONS})
    assert edits
    assert edits == _as_pygls_sent(edits, list[types.TextEdit])


def test_the_deprecated_tag_and_resolved_documentation() -> None:
    server = _server(completion_docs="markdown")
    items = completion.completion(server, _at(5, 3))["items"]
    maintainer = next(i for i in items if i["label"] == "MAINTAINER")
    assert maintainer["tags"] == [1]
    resolved = completion.resolve(server, {**maintainer, "unknown": 1})
    assert resolved["documentation"]["kind"] == "markdown"
    assert "unknown" not in resolved  # not a CompletionItem member: pygls dropped it too


def test_formatting_requests() -> None:
    server = _server()
    params = {"textDocument": {"uri": URI}, "options": OPTIONS}
    assert formatting.range_formatting(server, {**params, "range": _WHOLE})
    typed = {**params, "position": {"line": 3, "character": 0}, "ch": "\n"}
    assert formatting.on_type_formatting(server, typed) == [
        {
            "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
            "newText": "    ",
        }
    ]
    assert formatting.on_type_formatting(server, {**typed, "ch": "x"}) is None
    unknown = {"textDocument": {"uri": "file:///nope"}, "options": OPTIONS}
    assert formatting.formatting(server, unknown) is None


def test_formatting_the_same_text_again_reuses_the_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Format on type then on save: one formatting per version of the text and options."""
    from dfls.features import format as formatter

    calls: list[str] = []
    real = formatter.format_text

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(formatter, "format_text", counted)
    server = _server()
    params = {"textDocument": {"uri": URI}, "options": OPTIONS}
    first = formatting.formatting(server, params)
    assert first and formatting.formatting(server, params) == first
    assert formatting.range_formatting(server, {**params, "range": _WHOLE})
    assert len(calls) == 1
    server.session.change(URI, 2, [Change(None, "from alpine\n")])
    assert server.session.documents[URI].formatted is None  # the old model is let go
    assert formatting.formatting(server, params) == [
        {
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}},
            "newText": "FROM alpine\n",
        }
    ]
    assert calls == [TEXT, "from alpine\n"]


@pytest.mark.parametrize(
    ("handler", "params"),
    [
        (completion.completion, None),
        (completion.completion, {"textDocument": {"uri": URI}}),
        (completion.completion, _at(-1, 0)),
        (completion.completion, _at(0, 0, context=5)),
        (completion.resolve, [1]),
        (completion.resolve, {"data": ["instruction", "RUN"]}),
        (completion.signature_help, {"position": {"line": 0, "character": 0}}),
        (formatting.formatting, {"textDocument": {"uri": URI}}),
        (formatting.formatting, {"textDocument": {"uri": URI}, "options": {}}),
        (formatting.range_formatting, {"textDocument": {"uri": URI}, "options": OPTIONS}),
        (formatting.on_type_formatting, {**_at(1, 0), "options": OPTIONS}),
    ],
)
def test_params_of_the_wrong_shape_are_invalid_params(handler: Any, params: Any) -> None:
    with pytest.raises(InvalidParams):
        handler(_server(), params)


def test_they_are_routed_without_the_back_end() -> None:
    code = (
        "import io, sys\n"
        "from dfls.lsp import app\n"
        "from dfls.lsp.jsonrpc import Endpoint\n"
        "from dfls.lsp.server import Server\n"
        "from dfls.lsp.stdio import Output\n"
        "server = Server(Endpoint(Output(io.BytesIO())))\n"
        f"server.session.open({URI!r}, 1, 'FROM alpine\\nRUN x && \\\\\\n')\n"
        "routes = app.routes(server).requests\n"
        f"doc = {{'textDocument': {{'uri': {URI!r}}}}}\n"
        "at = {**doc, 'position': {'line': 1, 'character': 2}}\n"
        "opts = {'tabSize': 4, 'insertSpaces': True}\n"
        "assert routes['textDocument/completion'](at)['items']\n"
        "routes['completionItem/resolve']({'label': 'RUN', 'data': ['instruction', 'RUN']})\n"
        "sig = {**doc, 'position': {'line': 1, 'character': 5}}\n"
        "assert routes['textDocument/signatureHelp'](sig)\n"
        "routes['textDocument/formatting']({**doc, 'options': opts})\n"
        "rng = {'start': {'line': 0, 'character': 0}, 'end': {'line': 1, 'character': 0}}\n"
        "routes['textDocument/rangeFormatting']({**doc, 'options': opts, 'range': rng})\n"
        "typed = {**doc, 'options': opts, 'position': {'line': 2, 'character': 0}, 'ch': '\\n'}\n"
        "assert routes['textDocument/onTypeFormatting'](typed)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs'))\n"
        "sys.stderr.write('LOADED:' + ','.join(bad))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.stderr.endswith("LOADED:"), run.stderr


def test_the_router_serves_them() -> None:
    requests = app.routes(_server()).requests
    for method in [*completion.ROUTES, *formatting.ROUTES]:
        assert method in requests
