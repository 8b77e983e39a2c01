"""The back end's handling of messages pygls cannot read, in process."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from lsprotocol import types

from dfls.lsp.backend import Backend
from dfls.lsp.jsonrpc import Endpoint
from dfls.lsp.server import Server
from dfls.lsp.stdio import Output

HOVER = {"textDocument": {"uri": "file:///Dockerfile"}, "position": {"line": 0, "character": 0}}


def _last_sent(stream: io.BytesIO) -> Any:
    return json.loads(stream.getvalue().rsplit(b"\r\n\r\n", 1)[1])


def test_invalid_params_are_one_warning_other_failures_keep_their_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    out = io.BytesIO()
    backend = Backend(Server(Endpoint(Output(out))))
    bad = {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"position": 1}}
    with caplog.at_level(logging.WARNING):
        backend.handle(bad)
    assert [(r.levelname, r.exc_info, "Traceback" in r.getMessage()) for r in caplog.records] == [
        ("WARNING", None, False)
    ]
    assert "$.params.position" in caplog.records[0].getMessage()
    assert _last_sent(out)["error"]["code"] == -32602

    caplog.clear()

    def broken(*args: Any) -> Any:
        raise RuntimeError("a bug in a structure hook")

    backend.converter.register_structure_hook(types.HoverRequest, broken)
    good = {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": HOVER}
    with caplog.at_level(logging.WARNING):
        backend.handle(good)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "Traceback" in errors[0] and "a bug in a structure hook" in errors[0]
    assert _last_sent(out)["error"]["code"] == -32603  # internal error
