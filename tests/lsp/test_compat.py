"""What dfls.lsp.compat says of pygls' insides, checked against the installed pygls."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any

import pytest
from cattrs import ClassValidationError
from pygls.exceptions import JsonRpcInvalidParams
from pygls.protocol import json_rpc

from dfls.lsp import compat
from dfls.lsp.backend import Backend
from dfls.lsp.jsonrpc import Endpoint
from dfls.lsp.server import Server
from dfls.lsp.stdio import Output

BAD_HOVER = {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"position": 1}}


def _backend() -> Backend:
    return Backend(Server(Endpoint(Output(io.BytesIO()))))


def test_the_rpc_logger_is_json_rpc_protocols() -> None:
    assert json_rpc.logger.name == compat.RPC_LOGGER


def test_a_late_cancel_is_logged_as_compat_says(caplog: pytest.LogCaptureFixture) -> None:
    cancel = {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 99}}
    with caplog.at_level(logging.WARNING, logger=compat.RPC_LOGGER):
        _backend().handle(cancel)
    assert any(str(r.msg).startswith(compat.LATE_CANCEL) for r in caplog.records)


def test_invalid_params_are_logged_and_raised_as_compat_says(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    protocol = _backend().server.protocol
    monkeypatch.setattr(logging.getLogger(compat.RPC_LOGGER), "filters", [])  # pygls' own
    raised: Any = None
    with caplog.at_level(logging.ERROR, logger=compat.RPC_LOGGER):
        try:
            protocol.structure_message(BAD_HOVER)
        except JsonRpcInvalidParams as error:
            raised = error
    assert raised is not None
    assert isinstance(compat.invalid_params_cause(raised), ClassValidationError)
    (record,) = caplog.records
    assert str(record.msg).startswith(compat.STRUCTURE_FAILED)
    assert record.levelno == logging.ERROR and record.exc_info is None


def test_the_state_only_notifications_are_pygls_builtins() -> None:
    builtins = _backend().server.protocol.fm.builtin_features
    assert set(compat.STATE_ONLY_BUILTINS) <= set(builtins)


NOTIFICATIONS_PYGLS_KEEPS = [
    {"jsonrpc": "2.0", "method": "window/workDoneProgress/cancel", "params": {"token": "t"}},
    {
        "jsonrpc": "2.0",
        "method": "notebookDocument/didClose",
        "params": {"notebookDocument": {"uri": "file:///n"}, "cellTextDocuments": []},
    },
]


async def test_pygls_keeps_a_future_per_notification_that_compat_drops() -> None:
    backend = _backend()
    protocol = backend.server.protocol
    for message in NOTIFICATIONS_PYGLS_KEEPS:  # pygls alone: one future each, for good
        protocol.handle_message(protocol.structure_message(message))
    assert len(protocol._request_futures) == 2
    assert all(future.done() for future in protocol._request_futures.values())
    for _ in range(100):
        for message in NOTIFICATIONS_PYGLS_KEEPS:
            backend.handle(message)
    assert protocol._request_futures == {}


async def test_requests_in_flight_keep_their_futures() -> None:
    backend = _backend()
    protocol = backend.server.protocol
    hover = {
        "jsonrpc": "2.0",
        "id": 7,
        "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "file:///D"}, "position": {"line": 0, "character": 0}},
    }
    backend.feature("textDocument/hover", _never_done)
    backend.handle(hover)
    backend.handle(NOTIFICATIONS_PYGLS_KEEPS[0])
    assert list(protocol._request_futures) == [7]  # a $/cancelRequest can still find it
    protocol._request_futures[7].cancel()


async def _never_done(core: Server, params: Any) -> None:
    await asyncio.Event().wait()
