"""Reading Dockerfiles from disk: any bytes become text plus, if needed, a warning.

A linter sees binary files, UTF-16 files from Windows editors and Latin-1 files; none of
them may crash it or be silently misread. A byte order mark is the encoding's, not the
text's: it is taken off (so that columns on line 1 count from the first real character)
and put back when the text is written.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import NamedTuple

MAX_CHARS = 1_000_000
"""The longest text dfls checks (the language server's limit too). Time and memory grow
about linearly with the text: a realistic 1,000,000-character Dockerfile takes about 5 s
and 120 MB to check (parse ~30%, the rest rules walking every instruction), 10 MB about a
minute and 1.4 GB. Real Dockerfiles are a few kilobytes."""
MAX_BYTES = 4 * MAX_CHARS
"""Files bigger than this cannot hold MAX_CHARS characters or fewer (UTF-8: at most 4 bytes
a character), so they are refused before they are read."""


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


def from_text(text: str) -> Source:
    """Text given as a string (standard input): a leading BOM marks the encoding."""
    if text.startswith(BOM):
        return Source(text[1:], None, "utf-8-sig")
    return Source(text, None)


class SourceError(Exception):
    """The file cannot be linted at all (unreadable, a directory, binary, too large)."""


class BinaryFileError(SourceError):
    """The file holds NUL bytes: not a Dockerfile (skipped when a directory search found it)."""


def _too_long(length: int, unit: str) -> SourceError:
    return SourceError(
        f"is {length:,} {unit} long; dfls checks files up to {MAX_CHARS:,} characters"
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


def read(path: Path) -> Source:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_long(size, "bytes")
        return decode(path.read_bytes())
    except IsADirectoryError as error:
        raise SourceError("is a directory") from error
    except OSError as error:
        raise SourceError(error.strerror or str(error)) from error
