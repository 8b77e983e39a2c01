"""Reading Dockerfiles from disk: any bytes become text plus, if needed, a warning.

A linter sees binary files, UTF-16 files from Windows editors and Latin-1 files; none of
them may crash it or be silently misread. A byte order mark is the encoding's, not the
text's: it is taken off (so that columns on line 1 count from the first real character)
and put back when the text is written. In a repository it did not write, it also sees
FIFOs, devices and sockets named like Dockerfiles: only regular files are read, and never
more than :data:`MAX_BYTES` of one (:func:`read_bytes`, also for ``.dockerignore`` and
config files).
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO, NamedTuple

MAX_CHARS = 1_000_000
"""The longest text dfls checks (the language server's limit too). Time and memory grow
about linearly with the text: a realistic 1,000,000-character Dockerfile takes about 5 s
and 120 MB to check (parse ~30%, the rest rules walking every instruction), 10 MB about a
minute and 1.4 GB. Real Dockerfiles are a few kilobytes."""
MAX_BYTES = 4 * MAX_CHARS
"""Files bigger than this cannot hold MAX_CHARS characters or fewer (UTF-8: at most 4 bytes
a character), so reading stops there."""


class Source(NamedTuple):
    text: str
    warning: str | None
    encoding: str = "utf-8"
    """How to encode the text again when writing it back (``dfls check --fix``)."""

    def encode(self, text: str) -> bytes:
        """``text`` in this source's encoding (UTF-16 with its byte order mark)."""
        data = text.encode(self.encoding)
        if self.encoding == "utf-16-le":
            return codecs.BOM_UTF16_LE + data
        if self.encoding == "utf-16-be":
            return codecs.BOM_UTF16_BE + data
        return data  # "utf-8-sig" writes its byte order mark itself

    def marked(self, text: str) -> str:
        """``text`` with the byte order mark it came with (for text written to stdout)."""
        return BOM + text if self.encoding == "utf-8-sig" else text


BOM = "\ufeff"


def from_text(text: str, encoding: str = "utf-8") -> Source:
    """Text given as a string (standard input, decoded from ``encoding``): a leading BOM
    marks UTF-8 with one."""
    if encoding not in ("utf-8", "utf-8-sig"):
        return Source(text, None, encoding)
    if text.startswith(BOM):
        return Source(text[1:], None, "utf-8-sig")
    return Source(text, None)


class SourceError(Exception):
    """The file cannot be linted at all (unreadable, a directory, binary, too large)."""


class BinaryFileError(SourceError):
    """The file holds NUL bytes: not a Dockerfile (skipped when a directory search found it)."""


def _too_long(length: int, unit: str, more: bool = False) -> SourceError:
    size = f"over {length - 1:,}" if more else f"{length:,}"
    return SourceError(
        f"is {size} {unit} long; dfls checks files up to {MAX_CHARS:,} characters"
        " (exclude it, or split it)"
    )


def decode(data: bytes) -> Source:
    """``data`` as text; a :class:`SourceError` if it is binary or longer than MAX_CHARS."""
    source = _decode(data)
    if len(source.text) > MAX_CHARS:
        raise _too_long(len(source.text), "characters")
    return source


def _decode(data: bytes) -> Source:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return Source(data[len(bom) :].decode(encoding), None, encoding)
            except UnicodeDecodeError:
                break
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Source(data[len(codecs.BOM_UTF8) :].decode("utf-8"), None, "utf-8-sig")
        except UnicodeDecodeError:
            pass  # not UTF-8 after all: read as the rest are
    if b"\x00" in data[:8192]:
        raise BinaryFileError("looks like a binary file (it contains NUL bytes), not a Dockerfile")
    try:
        return Source(data.decode("utf-8"), None)
    except UnicodeDecodeError as error:
        return Source(
            data.decode("latin-1"),
            f"not valid UTF-8 (byte {error.start}); read as Latin-1",
            "latin-1",
        )


_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CHUNK = 1 << 16


class NotRegularError(SourceError):
    """A directory, FIFO, device or socket: never read (it may block, or never end)."""


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Anything else is refused before a byte is read (:class:`NotRegularError`): a FIFO
    would block the reader, ``/dev/zero`` never ends. The limit holds while reading, not
    by ``stat`` alone (which says 0 for devices and may be stale): a file that grows past it
    is refused too. ``limit`` defaults to :data:`MAX_BYTES`. An OS error becomes a :class:`SourceError` with its reason.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except IsADirectoryError as error:
        raise NotRegularError("is a directory") from error
    except OSError as error:
        raise SourceError(error.strerror or str(error)) from error
    limit = MAX_BYTES if limit is None else limit
    try:
        info = os.fstat(descriptor)
        for test, why in _KINDS:
            if test(info.st_mode):
                raise NotRegularError(why)
        if info.st_size > limit:  # known too big: do not read a byte
            raise _too_long(info.st_size, "bytes")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        raise _too_long(size, "bytes", more=True)
    except OSError as error:
        raise SourceError(error.strerror or str(error)) from error
    finally:
        os.close(descriptor)


def read_stream(stream: BinaryIO, limit: int | None = None) -> bytes:
    """At most ``limit`` bytes of ``stream`` (standard input); longer is a SourceError."""
    limit = MAX_BYTES if limit is None else limit
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_long(len(data), "bytes", more=True)
    return data


def read(path: Path) -> Source:
    """The Dockerfile at ``path`` as text (see :func:`read_bytes` and :func:`decode`)."""
    return decode(read_bytes(path))
