"""JSON-RPC 2.0 as LSP frames it, without pygls: reading messages (cut from the input by
:mod:`dfls.lsp.framing`), writing messages, and matching the client's responses to the
server's own requests.

The server answers ``initialize``, keeps documents in sync and publishes diagnostics
through this module alone, so none of that waits for pygls and lsprotocol to be imported
(about 0.25 s of CPU, most of the server's start-up before). Messages are plain JSON values.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any, Protocol

from dfls.lsp.framing import STALL, Frame, Framer

log = logging.getLogger(__name__)

# JSON-RPC and LSP error codes.
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
SERVER_NOT_INITIALIZED = -32002
REQUEST_CANCELLED = -32800

CHARSET = "utf-8"
CONTENT_TYPE = "application/vscode-jsonrpc"
CHUNK = 1 << 16


class Encoded(str):
    """A result that is already JSON text (parts of it kept from an earlier answer)."""


class RpcError(Exception):
    """An error to answer a request with (or to log, for a notification)."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def to_json(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return error


class InvalidParams(RpcError):
    """The params of a message do not have the shape its method needs."""

    def __init__(self, detail: str) -> None:
        super().__init__(INVALID_PARAMS, "Invalid Params")  # pygls' words
        self.detail = detail
        """What is wrong, for the log."""

    def __str__(self) -> str:
        return self.detail


class Reader(Protocol):
    """What messages are read from: an :class:`asyncio.StreamReader` (stdin or a socket)."""

    async def read(self, n: int, /) -> bytes: ...


class Transport(Protocol):
    """Where messages are written: stdout (:class:`dfls.lsp.stdio.Output`) or a socket."""

    def write(self, data: bytes) -> None: ...

    def close(self) -> None: ...


async def messages(reader: Reader) -> AsyncIterator[Frame]:
    """The messages the client sends, in order, until the end of input.

    Raises :class:`dfls.lsp.framing.Unreadable` when the input is not LSP messages."""
    framer = Framer()
    while True:
        if framer.waiting:  # part of a message: wait for the rest only so long
            try:
                data = await asyncio.wait_for(reader.read(CHUNK), STALL)
            except TimeoutError:
                for frame in framer.stalled():
                    yield frame
                continue
        else:
            data = await reader.read(CHUNK)
        if not data:
            if framer.waiting:
                log.debug("the input ended inside a message")
            return
        for frame in framer.feed(data):
            yield frame


class Endpoint:
    """The server's side of the connection: everything it writes goes through here."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.closed = False
        """Writing failed: the client is gone."""
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._serial = 0

    # -- writing ---------------------------------------------------------------------------

    def send_body(self, body: str) -> None:
        """Write one message whose JSON text is ``body``."""
        if self.closed:
            return
        data = body.encode(CHARSET)
        header = (
            f"Content-Length: {len(data)}\r\n"
            f"Content-Type: {CONTENT_TYPE}; charset={CHARSET}\r\n\r\n"
        )
        try:
            self.transport.write(header.encode("ascii") + data)
        except (BrokenPipeError, ConnectionError) as error:
            log.error("the connection to the client is lost: shutting down (%s)", error)
            self.closed = True

    def send(self, message: dict[str, Any]) -> None:
        self.send_body(json.dumps(message))

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def notify_encoded(self, method: str, params: str) -> None:
        """A notification whose params are already encoded JSON text."""
        self.send_body(f'{{"jsonrpc": "2.0", "method": {json.dumps(method)}, "params": {params}}}')

    def respond(self, msg_id: int | str, result: Any) -> None:
        if isinstance(result, Encoded):
            self.send_body(f'{{"jsonrpc": "2.0", "id": {json.dumps(msg_id)}, "result": {result}}}')
            return
        self.send({"jsonrpc": "2.0", "id": msg_id, "result": result})

    def respond_error(self, msg_id: int | str | None, error: RpcError) -> None:
        self.send({"jsonrpc": "2.0", "id": msg_id, "error": error.to_json()})

    # -- requests to the client ------------------------------------------------------------

    def request(self, method: str, params: Any) -> asyncio.Future[Any]:
        """Send a request; the future gets the client's result (or an :class:`RpcError`)."""
        self._serial += 1
        msg_id = self._serial
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[msg_id] = future
        future.add_done_callback(lambda _: self._pending.pop(msg_id, None))
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return future

    def take_response(self, message: dict[str, Any]) -> bool:
        """Settle the request ``message`` answers; False if it is not one of ours."""
        msg_id = message.get("id")
        future = self._pending.pop(msg_id, None) if isinstance(msg_id, int) else None
        if future is None:
            return False
        if future.done():
            return True
        error = message.get("error")
        if isinstance(error, dict):
            code = error.get("code")
            text = error.get("message")
            future.set_exception(
                RpcError(
                    code if isinstance(code, int) else INTERNAL_ERROR,
                    text if isinstance(text, str) else "error",
                    error.get("data"),
                )
            )
        else:
            future.set_result(message.get("result"))
        return True

    def cancel_requests(self) -> None:
        """Stop waiting for the client's answers (the server is shutting down)."""
        for future in list(self._pending.values()):
            future.cancel()
        self._pending.clear()
