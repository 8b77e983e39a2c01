"""stdin read on the event loop: messages, limits, end of input, and the thread fallback."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

import pytest

from dfls.lsp import framing, jsonrpc, stdio
from dfls.lsp.framing import Frame


def _frame(message: Mapping[str, object]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


async def _read_all(data: bytes) -> list[Frame]:
    """The messages read from a pipe that ``data`` is written to."""
    read_fd, write_fd = os.pipe()

    def write() -> None:  # a thread: more than a pipe's buffer may be written
        with os.fdopen(write_fd, "wb") as stream:
            stream.write(data)

    writer = threading.Thread(target=write)
    try:
        reader = stdio.open_reader(read_fd)
        assert reader is not None
        writer.start()
        return [frame async for frame in jsonrpc.messages(reader)]
    finally:
        asyncio.get_running_loop().remove_reader(read_fd)
        os.close(read_fd)
        writer.join()


def test_reads_messages_until_the_end_of_input() -> None:
    big = {"text": "x" * (3 * stdio.CHUNK)}  # a body over several reads
    out = asyncio.run(_read_all(_frame({"a": 1}) + _frame(big) + _frame({"b": 2})))
    assert out == [Frame({"a": 1}), Frame(big), Frame({"b": 2})]


def test_a_message_cut_short_by_the_end_of_input_is_not_read() -> None:
    assert asyncio.run(_read_all(_frame({"a": 1}) + b'Content-Length: 10\r\n\r\n{"a"')) == [
        Frame({"a": 1})
    ]


@pytest.mark.parametrize("size", [framing.HEADER_LIMIT + 10, framing.HEADER_LIMIT * 3])
def test_an_overlong_header_line_is_dropped(size: int, caplog: pytest.LogCaptureFixture) -> None:
    junk = b"X" * size + b"\r\n"
    with caplog.at_level(logging.WARNING):
        out = asyncio.run(_read_all(junk + _frame({"a": 1})))
    assert out == [Frame({"a": 1})]
    assert f"skipped {size + 2} bytes" in caplog.text


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

    async def read() -> list[Frame]:
        reader = stdio.thread_reader(io.BytesIO(data))
        return [frame async for frame in jsonrpc.messages(reader)]

    assert asyncio.run(read()) == [Frame({"a": 1}), Frame({"b": 2})]
