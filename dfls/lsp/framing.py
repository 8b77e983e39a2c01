"""LSP's base protocol on the way in: the bytes a client writes, cut into JSON messages.

No I/O here (bytes in, messages out), so every rule below is unit-tested directly;
:func:`dfls.lsp.jsonrpc.messages` feeds it from the transport.

A message is a header block (``Name: value`` lines, each ended by CRLF, then an empty
line) and a body of ``Content-Length`` bytes of JSON. What is unambiguous is read as the
client meant it: header names in any case, whitespace around values, lines ended by LF
alone, headers other than Content-Length (ignored). Where the framing is wrong, the JSON
itself says where a message ends, and the server re-synchronises on it:

- a Content-Length too short (a client counting characters, not bytes): the body is the
  JSON value that starts there, read on to its end, when a header or nothing follows it;
- a Content-Length too long, or one the client never sends the bytes for: when no more
  bytes come for :data:`STALL` seconds and those there are form a whole JSON value, that
  value is the message (the client is waiting for its answer);
- no Content-Length (or one that is no number, or absurdly large): the JSON value that
  follows the header block, or stands where a header should;
- bytes that are neither: skipped up to the next ``Content-Length``, with a warning. After
  :data:`JUNK_LIMIT` of them in a row the input is not LSP: :class:`Unreadable` is raised
  and the server exits with that error, so that the editor starts it again.

A body that is not JSON and none of the above is handed on as a :class:`Frame` with an
error (the server answers it with a ParseError).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

HEADER_LIMIT = 1 << 16
"""A header line longer than this is not one: it is skipped (as junk)."""
JUNK_LIMIT = 1 << 20
"""Skipped bytes in a row (neither headers nor messages) after which the input is not LSP."""
MAX_LENGTH = 1 << 30
"""A larger Content-Length is not believed (the body is read as if it had none)."""
STALL = 1.0
"""Seconds without input after which an incomplete body is looked at again."""
PATIENCE = 5
"""Stalls in one body after which the wait is logged (it is not silent)."""

_TOKEN = rb"[!#$%&'*+.^_`|~0-9A-Za-z-]"
"""A character of a header name (HTTP's token)."""
_HEADER = re.compile(rb"[ \t]*(%s+)[ \t]*:[ \t]*(.*?)[ \t]*\r?\n" % _TOKEN)
_LENGTH_NAME = b"content-length"
_DIGITS = re.compile(rb"[0-9]{1,10}")
_AHEAD = re.compile(rb"\s*(?:%s+[ \t]*:|[{[]|%s*\Z)" % (_TOKEN, _TOKEN))
"""What may follow a JSON value recovered by its own end: a header, the next message with
no header, or nothing yet (the start of a header, perhaps)."""
_SPACE = b" \t\r\n"
_MISSING = "a message without Content-Length: read up to the end of its JSON"
_NOT_SPACE = re.compile(rb"[^ \t\r\n]")


class Frame(NamedTuple):
    """One message: its parsed JSON, or why its body could not be parsed."""

    message: Any
    error: str | None = None


class Unreadable(Exception):
    """The input is not LSP messages; reading on would only skip more of it."""


def parse(body: bytes) -> Frame:
    """A body as a frame: its JSON, or the parse error."""
    try:
        return Frame(json.loads(body))
    except (ValueError, RecursionError) as error:  # not JSON, not UTF-8, or too deep
        return Frame(None, str(error))


class Framer:
    """Cuts a byte stream into frames. :meth:`feed` it what arrives; :meth:`stalled` when
    nothing has arrived for :data:`STALL` seconds while :attr:`waiting` is true."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._length: int | None = None
        """The Content-Length of the header block being read (None: none yet)."""
        self._in_block = False
        """Header lines have been read since the last message."""
        self._body = False
        """The header block ended: a body is next."""
        self._junk = 0
        self._stalls = 0
        self._told: set[str] = set()

    @property
    def waiting(self) -> bool:
        """An incomplete message is in the buffer (more input, or a stall, settles it)."""
        return self._body or _NOT_SPACE.search(self._buffer) is not None

    def feed(self, data: bytes) -> list[Frame]:
        self._buffer += data
        frames: list[Frame] = []
        while (frame := self._next()) is not None:
            frames.append(frame)
        return frames

    def stalled(self) -> list[Frame]:
        """No input for a while: settle the incomplete message the client may wait on.

        Bytes that form a whole JSON value are the message, whatever Content-Length said;
        a body that is all there but not JSON gets its parse error; a value with no length
        that is still open is dropped. A body still short of its length is waited for."""
        if not self.waiting:
            return []
        length = self._length
        found = self._json_ahead(need_end=False)
        if isinstance(found, tuple):
            value, end = found
            if length is not None and end < length:
                self._tell(
                    "long",
                    f"a message ended {length - end} bytes before its "
                    f"Content-Length ({length}) said: read it as it is",
                )
            frame = self._take(end, Frame(value))
        elif self._body and length is not None:
            if len(self._buffer) < length:  # a slow client, or a length too long
                self._stalls += 1
                if self._stalls == PATIENCE:
                    log.warning(
                        "waiting %.0f s for the rest of a message: %d of the %d bytes its "
                        "Content-Length announced have come (a wrong Content-Length?)",
                        PATIENCE * STALL,
                        len(self._buffer),
                        length,
                    )
                return []
            frame = self._take(length, Frame(None, found))
        elif self._body or bytes(self._buffer.lstrip(_SPACE)[:1]) in (b"{", b"["):
            log.warning("a message cut short (%d bytes, then nothing): dropped", len(self._buffer))
            frame = self._take(len(self._buffer), Frame(None, "a message cut short"))
        else:
            return []  # part of a header line
        return [frame, *self.feed(b"")]

    # -- one step ---------------------------------------------------------------------------

    def _next(self) -> Frame | None:
        """The next frame, or None when more input is needed."""
        while True:
            step = self._read_body() if self._body else self._read_header()
            if isinstance(step, Frame):
                return step
            if not step:
                return None

    # Each step returns a frame, True when it consumed input (go on), False when it needs
    # more input.

    def _read_header(self) -> Frame | bool:
        """Read one header line (or a body where a header line should be)."""
        buffer = self._buffer
        start = 0
        while start < len(buffer) and buffer[start] in _SPACE and buffer[start] != 10:
            start += 1
        if start < len(buffer) and buffer[start] in b"{[":  # a body where a header should be
            return self._bare_body()
        end = buffer.find(b"\n")
        if end < 0:
            if len(buffer) <= HEADER_LIMIT:
                return False
            log.debug("a header line longer than %d bytes: skipped", HEADER_LIMIT)
            self._skip(len(buffer) - len(_LENGTH_NAME))
            return True
        if not buffer[:end].strip(_SPACE):  # an empty line: the header block ends
            del buffer[: end + 1]
            if self._length is None and self._in_block:
                self._tell("missing", _MISSING)
            self._body = self._in_block
            return True
        match = _HEADER.match(buffer, 0, end + 1)
        if match is None:
            return self._junk_line(end + 1)
        name, value = match.group(1).lower(), match.group(2)
        if name != _LENGTH_NAME and name.endswith(_LENGTH_NAME):  # junk, then the header
            return self._junk_line(end + 1)
        if name == _LENGTH_NAME:
            self._length = _length(value)
        self._in_block = True
        del buffer[: end + 1]
        return True

    def _junk_line(self, end: int) -> bool:
        """Skip a line that is no header, up to a Content-Length header in it if any."""
        at = self._buffer[:end].lower().find(_LENGTH_NAME, 1)
        self._skip(at if at > 0 else end)
        return True

    def _read_body(self) -> Frame | bool:
        length = self._length
        if length is None:
            return self._bare_body()
        if len(self._buffer) < length:
            return False
        frame = parse(bytes(self._buffer[:length]))
        if frame.error is None:
            return self._take(length, frame)
        found = self._json_ahead(need_end=True)
        if found is None:
            return False  # the JSON may go on in input still to come (or a stall ends it)
        if isinstance(found, str):
            return self._take(length, frame)
        value, end = found
        if end > length:
            self._tell(
                "short",
                f"a message longer than its Content-Length ({end} > {length} bytes; a client "
                "counting characters, not bytes?): read on to the end of its JSON",
            )
        else:
            self._tell(
                "long",
                f"a message shorter than its Content-Length ({end} < {length} bytes): "
                "read up to the end of its JSON",
            )
        return self._take(end, Frame(value))

    def _bare_body(self) -> Frame | bool:
        """A JSON value with no (usable) Content-Length before it."""
        found = self._json_ahead(need_end=True)
        if found is None:
            return False
        if isinstance(found, tuple):
            value, end = found
            if not self._in_block:
                self._tell("missing", _MISSING)
            return self._take(end, Frame(value))
        if self._body:  # the body of a header block: a message, but not JSON
            return self._take(self._line_end(), Frame(None, found))
        return self._junk_line(self._line_end())

    # -- helpers ----------------------------------------------------------------------------

    def _json_ahead(self, need_end: bool) -> tuple[Any, int] | str | None:
        """The JSON value at the start of the buffer and its length in bytes, if a header
        or the end of the buffer follows it; None if it may still be completed by more
        input (``need_end``); else why not."""
        text = self._buffer.decode("utf-8", "surrogateescape")
        stripped = len(text) - len(text.lstrip())
        try:
            value, end = json.JSONDecoder().raw_decode(text, stripped)
        except RecursionError as error:
            return str(error)
        except ValueError as error:
            if need_end and _incomplete(error, text):
                return None
            return str(error)
        size = len(text[:end].encode("utf-8", "surrogateescape"))
        if not _AHEAD.match(self._buffer, size):
            return "a JSON value followed by more than a header"
        try:
            self._buffer[:size].decode("utf-8")
        except UnicodeDecodeError as error:
            return str(error)
        return value, size

    def _line_end(self) -> int:
        end = self._buffer.find(b"\n")
        return end + 1 if end >= 0 else len(self._buffer)

    def _take(self, size: int, frame: Frame) -> Frame:
        """Consume ``size`` bytes as ``frame``: a message has ended."""
        del self._buffer[:size]
        if self._junk:
            log.warning(
                "skipped %d bytes that were not a message (a wrong Content-Length before them?)",
                self._junk,
            )
            self._junk = 0
        self._length = None
        self._in_block = self._body = False
        self._stalls = 0
        return frame

    def _skip(self, size: int) -> None:
        del self._buffer[:size]
        self._junk += size
        self._length = None
        self._in_block = False
        if self._junk > JUNK_LIMIT:
            raise Unreadable(
                f"the client's input is not LSP messages ({self._junk} bytes in a row without "
                "a message in them)"
            )

    def _tell(self, kind: str, message: str) -> None:
        """A warning the first time, then only at debug level: a client that does it once
        does it for every message."""
        if kind in self._told:
            log.debug("%s", message)
            return
        self._told.add(kind)
        log.warning("%s (said once)", message)


def _length(value: bytes) -> int | None:
    """A Content-Length value, or None (with a warning) if it cannot be one."""
    if _DIGITS.fullmatch(value) and int(value) <= MAX_LENGTH:
        return int(value)
    shown = value[:20].decode("ascii", "replace") + ("..." if len(value) > 20 else "")
    log.warning(
        "ignoring Content-Length %s (%d characters): not a length up to %d; reading the "
        "message up to the end of its JSON",
        shown,
        len(value),
        MAX_LENGTH,
    )
    return None


def _incomplete(error: ValueError, text: str) -> bool:
    """Whether ``text`` failed to parse only because it ends too soon."""
    if not isinstance(error, json.JSONDecodeError):
        return False
    return error.msg.startswith("Unterminated string") or error.pos >= len(text.rstrip())
