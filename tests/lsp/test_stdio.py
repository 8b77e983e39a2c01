"""stdin read on the event loop: framing, limits, end of input, and the thread fallback."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dfls.lsp import stdio


def _frame(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


async def _read_all(data: bytes, reads: list[tuple[str, int]]) -> list[bytes]:
    read_fd, write_fd = os.pipe()

    def write() -> None:  # a thread: more than a pipe's buffer may be written
        with os.fdopen(write_fd, "wb") as stream:
            stream.write(data)

    writer = threading.Thread(target=write)
    try:
        reader = stdio.open_reader(read_fd)
        assert reader is not None
        writer.start()
        out = []
        for kind, count in reads:
            if kind == "line":
                out.append(await reader.readline())
            else:
                out.append(await reader.readexactly(count))
        return out
    finally:
        asyncio.get_running_loop().remove_reader(read_fd)
        os.close(read_fd)
        writer.join()


def test_reads_header_lines_and_bodies() -> None:
    data = _frame({"a": 1}) + _frame({"b": 2})
    body = json.dumps({"a": 1}).encode()
    out = asyncio.run(_read_all(data, [("line", 0), ("line", 0), ("body", len(body))]))
    assert out == [b"Content-Length: %d\r\n" % len(body), b"\r\n", body]


def test_end_of_input_gives_empty_reads() -> None:
    out = asyncio.run(
        _read_all(
            b'Content-Length: 10\r\n\r\n{"a"', [("line", 0)] * 2 + [("body", 10), ("line", 0)]
        )
    )
    assert out[2] == b'{"a"'  # what there was of a body cut short
    assert out[3] == b""  # then the end: pygls' loop stops


@pytest.mark.parametrize("size", [stdio.HEADER_LIMIT + 10, stdio.HEADER_LIMIT * 3])
def test_an_overlong_header_line_is_dropped(size: int, caplog: pytest.LogCaptureFixture) -> None:
    junk = b"X" * size + b"\r\n"
    with caplog.at_level(logging.WARNING):
        out = asyncio.run(_read_all(junk + b"Content-Length: 2\r\n", [("line", 0), ("line", 0)]))
    assert out[0] == b"X-Dropped: too long\r\n"
    assert out[1] == b"Content-Length: 2\r\n"
    assert "dropped a header line" in caplog.text


def test_a_regular_file_cannot_be_watched(tmp_path: Path) -> None:
    path = tmp_path / "input"
    path.write_bytes(b"")

    async def attempt() -> object:
        with path.open("rb") as stream:
            return stdio.open_reader(stream.fileno())

    assert asyncio.run(attempt()) is None


def test_server_reads_stdin_from_a_file_through_a_thread(tmp_path: Path) -> None:
    # A regular file as stdin (not a pipe): the server falls back to pygls' reader.
    messages: list[dict[str, object]] = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None},
        {"jsonrpc": "2.0", "method": "exit", "params": None},
    ]
    path = tmp_path / "input"
    path.write_bytes(b"".join(_frame(m) for m in messages))
    with path.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "dfls", "server"],
            stdin=stdin,
            capture_output=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr.decode()
    assert b'"id": 1' in done.stdout and b'"capabilities"' in done.stdout
    assert b'"id": 2' in done.stdout


def test_thread_reader_reads_an_in_memory_stream() -> None:
    data = _frame({"a": 1}) + _frame({"b": 2})

    async def read() -> list[bytes]:
        reader = stdio.thread_reader(io.BytesIO(data))
        return [await reader.readline(), await reader.readline(), await reader.readexactly(8)]

    first, blank, body = asyncio.run(read())
    assert first.startswith(b"Content-Length:")
    assert blank == b"\r\n"
    assert body == b'{"a": 1}'
