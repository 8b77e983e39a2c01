"""stdin and stdout as the server's transport.

stdin is read on the event loop itself: reading through a thread pool (as pygls does)
costs a hand-off to a worker thread and back for every header line and body, four per
message, a good part of a keystroke's round trip. The loop watches the descriptor and
reads what is there; the descriptor stays blocking (it may be shared with stdout, which
must not become non-blocking), which is safe because a read only happens once the loop
has seen data waiting. Where the loop cannot watch it (a regular file, Windows' proactor
loop), one thread reads it instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from typing import BinaryIO

log = logging.getLogger(__name__)

CHUNK = 1 << 16


def open_reader(fd: int) -> asyncio.StreamReader | None:
    """A reader fed by the running loop, or None when the loop cannot watch ``fd``
    (a regular file or /dev/null as stdin: the caller falls back to :func:`thread_reader`)."""
    loop = asyncio.get_running_loop()
    stream = asyncio.StreamReader(loop=loop)

    def on_readable() -> None:
        try:
            data = os.read(fd, CHUNK)
        except OSError as error:
            log.warning("reading stdin failed: %s", error)
            data = b""
        if data:
            stream.feed_data(data)
        else:
            loop.remove_reader(fd)
            stream.feed_eof()

    try:
        loop.add_reader(fd, on_readable)
    except (OSError, ValueError, NotImplementedError) as error:  # Windows' proactor loop
        log.debug("stdin cannot be watched by the event loop (%s): using a thread", error)
        return None
    return stream


def thread_reader(stream: BinaryIO) -> asyncio.StreamReader:
    """A reader fed by a thread that reads ``stream`` (a daemon: a read blocked in it
    does not keep the process alive after ``exit``)."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(loop=loop)
    read = getattr(stream, "read1", stream.read)

    def pump() -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: the server is done
            while True:
                try:
                    data = read(CHUNK)
                except (OSError, ValueError) as error:
                    log.warning("reading stdin failed: %s", error)
                    data = b""
                if not data:
                    loop.call_soon_threadsafe(reader.feed_eof)
                    return
                loop.call_soon_threadsafe(reader.feed_data, data)

    threading.Thread(target=pump, name="dfls-stdin", daemon=True).start()
    return reader


class Output:
    """stdout as the transport: every message is written whole and flushed."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def write(self, data: bytes) -> None:
        self._stream.write(data)
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()
