"""The protocol's handling of messages pygls cannot read, in process."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from lsprotocol import types
from pygls.io_ import StdoutWriter

from dfls.lsp.server import HANDLED, create_server

HOVER = {"textDocument": {"uri": "file:///Dockerfile"}, "position": {"line": 0, "character": 0}}


def _last_sent(stream: io.BytesIO) -> Any:
    return json.loads(stream.getvalue().rsplit(b"\r\n\r\n", 1)[1])


def test_invalid_params_are_one_warning_other_failures_keep_their_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    protocol = create_server().protocol
    out = io.BytesIO()
    protocol.set_writer(StdoutWriter(out))
    bad = {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"position": 1}}
    with caplog.at_level(logging.WARNING):
        assert protocol.structure_message(bad) is HANDLED
    assert [(r.levelname, r.exc_info, "Traceback" in r.getMessage()) for r in caplog.records] == [
        ("WARNING", None, False)
    ]
    assert "$.params.position" in caplog.records[0].getMessage()
    assert _last_sent(out)["error"]["code"] == -32602

    caplog.clear()

    def broken(*args: Any) -> Any:
        raise RuntimeError("a bug in a structure hook")

    protocol._converter.register_structure_hook(types.HoverRequest, broken)
    good = {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": HOVER}
    with caplog.at_level(logging.WARNING):
        assert protocol.structure_message(good) is HANDLED
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "Traceback" in errors[0] and "a bug in a structure hook" in errors[0]
    assert _last_sent(out)["error"]["code"] == -32603  # internal error
