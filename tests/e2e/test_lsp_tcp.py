"""End-to-end: ``dfls server --tcp`` serves a client over a socket and ends with it."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from pathlib import Path

import pytest

from tests.e2e.rawlsp import SERVER, RawClient
from tests.lsp.client import TIMEOUT

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _connect(port: int, process: asyncio.subprocess.Process) -> RawClient:
    """Connect once the server listens (it takes a moment to start)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port), TIMEOUT
            )
        except OSError:
            if process.returncode is not None or time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)
        else:
            return RawClient(reader, writer)


@pytest.mark.parametrize(
    ("ending", "code"),
    [("shutdown and exit", 0), ("exit without shutdown", 1), ("disconnect", 1)],
)
async def test_tcp_session(tmp_path: Path, ending: str, code: int) -> None:
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        *SERVER,
        *("--tcp", "--host", "127.0.0.1", "--port", str(port)),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    client: RawClient | None = None
    try:
        client = await _connect(port, process)
        await client.initialize({}, rootUri=tmp_path.as_uri())
        uri = (tmp_path / "Dockerfile").as_uri()
        await client.open(uri, "FROM python:latest\n")
        assert "DF101" in [d["code"] for d in await client.diagnostics(uri, 1)]
        if ending == "shutdown and exit":
            await client.shutdown_and_exit()
        elif ending == "exit without shutdown":
            await client.notify("exit")
        else:
            await client.close()
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == code
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        if client is not None:
            await client.close()
    out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert out == b""  # the protocol went over the socket; stdout stays empty
    assert b"Traceback" not in err, err.decode()
    assert b"ERROR" not in err, err.decode()
