"""The terminal the command line talks to: colour or not, the progress bar, error messages.

Errors go to stderr as ``dfls: message``; a :class:`UsageError` also makes the exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from dfls.engine.sources import Source

PROGRESS_AFTER = 1.0
"""Seconds before the progress bar appears (on a TTY only)."""


class UsageError(Exception):
    """A mistake on the command line: message on stderr, exit code 2, no traceback."""


def error(message: str) -> None:
    print(f"dfls: {message}", file=sys.stderr)


def read_one(path: str) -> Source | None:
    """The Dockerfile one command works on (``-``: standard input), with its warning (not
    UTF-8) on stderr; None when it cannot be read, which is said on stderr too."""
    from dfls.engine import sources

    try:
        if path == "-":
            source = sources.decode(sources.read_stream(sys.stdin.buffer))
        else:
            source = sources.read(Path(path))
    except sources.SourceError as problem:
        error(f"{path}: {problem}")
        return None
    if source.warning:
        error(f"{path}: {source.warning}")
    return source


def read_stdin() -> tuple[str, str]:
    """Standard input for ``check -`` and ``format -``: its text (with a BOM it had) and
    its encoding; a warning on stderr when it is not UTF-8, a usage error when unreadable."""
    from dfls.engine import sources

    try:
        source = sources.decode(sources.read_stream(sys.stdin.buffer))
    except sources.SourceError as problem:
        raise UsageError(f"-: {problem}") from None
    if source.warning:
        error(f"-: warning: {source.warning}")
    # The checker takes the BOM off, and --fix puts it back; text in another encoding is
    # written back in it (a Latin-1 LABEL keeps its bytes).
    return source.marked(source.text), source.encoding


def write_stdout(text: str, encoding: str = "utf-8") -> None:
    """``text`` on standard output, in ``encoding`` when that is not UTF-8: standard input
    read as Latin-1 or UTF-16 is answered in it, so bytes outside ASCII survive."""
    if encoding in ("utf-8", "utf-8-sig"):
        sys.stdout.write(text)
        return
    from dfls.engine.sources import Source

    sys.stdout.flush()
    sys.stdout.buffer.write(Source(text, None, encoding).encode(text))
    sys.stdout.buffer.flush()


def _columns() -> int:
    """The terminal's width, found as ``shutil.get_terminal_size`` finds it."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    stdout = sys.__stdout__
    if columns <= 0 and stdout is not None:
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with the terminal's width found here: argparse's own lookup
    imports shutil, and with it zlib, bz2 and lzma (2 ms of every start of dfls)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class RawDescriptionHelpFormatter(HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """:class:`HelpFormatter` keeping the line breaks of the description."""


def use_color(stream: TextIO, no_color: bool = False) -> bool:
    """Colour on a terminal, unless --no-color or NO_COLOR; FORCE_COLOR forces it."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


class Progress:
    """``[#####     ] 120/400 files`` on stderr, only on a TTY and only after a second."""

    def __init__(self, stream: TextIO, enabled: bool, delay: float = PROGRESS_AFTER) -> None:
        self.stream = stream
        self.enabled = enabled
        self.start = time.monotonic()
        self.delay = delay
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + " " * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} files")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
