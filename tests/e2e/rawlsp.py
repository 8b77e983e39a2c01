"""A bare JSON-RPC client over asyncio streams, for the end-to-end tests that need what
pytest-lsp hides: the server's stderr, a TCP connection, or a client that leaves some of
the server's requests unanswered.

Every wait has a timeout (``TIMEOUT``), so a test fails instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import AsyncIterator, Callable, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from tests.lsp.client import TIMEOUT

SERVER = [sys.executable, "-m", "dfls", "server"]

Message = dict[str, Any]


class RawClient:
    """Sends and receives LSP messages as plain dicts.

    A background task reads every message into :attr:`received`; requests from the server
    are answered with ``null``, except those whose method is in ``unanswered``.
    """

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        unanswered: Collection[str] = (),
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._unanswered = frozenset(unanswered)
        self._next_id = 0
        self._arrived = asyncio.Event()
        self.received: list[Message] = []
        self.closed = False
        self._task = asyncio.ensure_future(self._read_all())

    async def _read_all(self) -> None:
        try:
            while (message := await self._read_one()) is not None:
                self.received.append(message)
                method = message.get("method")
                if "id" in message and method is not None and method not in self._unanswered:
                    await self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                self._arrived.set()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.closed = True
            self._arrived.set()

    async def _read_one(self) -> Message | None:
        length = None
        while True:
            line = await self._reader.readline()
            if not line:
                return None  # the server closed the connection
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        assert length is not None, "a message without Content-Length"
        message: Message = json.loads(await self._reader.readexactly(length))
        return message

    async def send(self, message: Message) -> None:
        body = json.dumps(message).encode()
        await self.send_raw(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    async def send_raw(self, data: bytes) -> None:
        """Write ``data`` as it is: framing included, right or wrong."""
        self._writer.write(data)
        await asyncio.wait_for(self._writer.drain(), TIMEOUT)

    async def notify(self, method: str, params: Any = None) -> None:
        message: Message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        await self.send(message)

    async def request(self, method: str, params: Any = None) -> Message:
        """Send a request; returns the whole response (``result`` or ``error``)."""
        self._next_id += 1
        msg_id = self._next_id
        message: Message = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            message["params"] = params
        start = len(self.received)
        await self.send(message)
        return await self.wait(lambda m: m.get("id") == msg_id and "method" not in m, start)

    async def wait(
        self, predicate: Callable[[Message], bool], start: int = 0, timeout: float = TIMEOUT
    ) -> Message:
        """The first message from index ``start`` on that satisfies ``predicate``."""

        async def scan() -> Message:
            index = start
            while True:
                while index < len(self.received):
                    message = self.received[index]
                    index += 1
                    if predicate(message):
                        return message
                if self.closed:
                    raise AssertionError("the server closed the connection")
                self._arrived.clear()
                await self._arrived.wait()

        return await asyncio.wait_for(scan(), timeout)

    async def initialize(self, capabilities: Message, **params: Any) -> Message:
        response = await self.request(
            "initialize", {"processId": None, "capabilities": capabilities, **params}
        )
        assert "result" in response, response
        await self.notify("initialized", {})
        return response

    async def open(self, uri: str, text: str, version: int = 1) -> None:
        item = {"uri": uri, "languageId": "dockerfile", "version": version, "text": text}
        await self.notify("textDocument/didOpen", {"textDocument": item})

    async def replace_all(self, uri: str, text: str, version: int) -> None:
        await self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            },
        )

    async def diagnostics(self, uri: str, version: int, start: int = 0) -> list[Message]:
        """The diagnostics published for ``uri`` at ``version``."""
        message = await self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"].get("version") == version
            ),
            start,
        )
        diagnostics: list[Message] = message["params"]["diagnostics"]
        return diagnostics

    async def shutdown_and_exit(self) -> None:
        response = await self.request("shutdown")
        assert response.get("result", "missing") is None, response
        await self.notify("exit")

    async def close(self) -> None:
        self._writer.close()
        with contextlib.suppress(ConnectionError, TimeoutError):
            await asyncio.wait_for(self._writer.wait_closed(), TIMEOUT)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


@dataclass
class Process:
    """A server process: its client, and its stderr once it has exited."""

    process: asyncio.subprocess.Process
    client: RawClient
    stderr: bytes = b""

    async def exit_code(self) -> int:
        """Wait (with a timeout) for the process to end; kills it if it does not."""
        try:
            return await asyncio.wait_for(self.process.wait(), TIMEOUT)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise AssertionError("the server did not exit") from None


@asynccontextmanager
async def stdio_server(
    *args: str, unanswered: Collection[str] = (), command: Sequence[str] = SERVER
) -> AsyncIterator[Process]:
    """``dfls server`` (or ``command``) over pipes; after the block, ``stderr`` holds all it
    wrote there.

    The block is expected to end the server (shutdown and exit); it is killed otherwise.
    """
    process = await asyncio.create_subprocess_exec(
        *command,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    assert process.stderr is not None
    # Read stderr all along: a full pipe would block the server.
    stderr = asyncio.ensure_future(process.stderr.read())
    client = RawClient(process.stdout, process.stdin, unanswered)
    server = Process(process, client)
    passed = False
    try:
        yield server
        passed = True
    finally:
        if passed and process.returncode is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), TIMEOUT)
        if process.returncode is None:  # a failed test, or a server that did not exit
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        server.stderr = await asyncio.wait_for(stderr, TIMEOUT)
        await client.close()
