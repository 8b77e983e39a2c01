"""Reading Dockerfiles from disk: any bytes become text plus, if needed, a warning.

A linter sees binary files, UTF-16 files from Windows editors and Latin-1 files; none of
them may crash it or be silently misread.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import NamedTuple

MAX_BYTES = 50 * 1024 * 1024


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
        return data


class SourceError(Exception):
    """The file cannot be linted at all (unreadable, a directory, binary, too large)."""


class BinaryFileError(SourceError):
    """The file holds NUL bytes: not a Dockerfile (skipped when a directory search found it)."""


def decode(data: bytes) -> Source:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return Source(data[len(bom) :].decode(encoding), None, encoding)
            except UnicodeDecodeError:
                break
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
            raise SourceError(f"is {size // (1024 * 1024)} MiB; dfls reads files up to 50 MiB")
        return decode(path.read_bytes())
    except IsADirectoryError as error:
        raise SourceError("is a directory") from error
    except OSError as error:
        raise SourceError(error.strerror or str(error)) from error
