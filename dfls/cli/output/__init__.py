"""Reporters: one module per output format, each turning check results into text.

A reporter is ``write(report, out)``. Only the chosen format's module is imported, so a
plain ``dfls check`` does not pay for XML or hashing. Positions: the ``json`` format keeps
the model's 0-based line and code-point character; every other format is for people or CI
systems and counts lines and columns from 1.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, TextIO, cast

if TYPE_CHECKING:  # importing the checker is not needed to know the formats (start-up)
    from dfls.cli.results import FileResult

FORMATS = ("text", "json", "sarif", "github", "gitlab", "checkstyle")


class Report(NamedTuple):  # not a dataclass: cheaper to make at start-up
    results: Sequence[FileResult]
    color: bool = False
    quiet: bool = False
    fix: bool = False
    """``--fix`` ran: the results hold what was fixed and what is left."""
    unsafe_fixes: bool = False
    """Unsafe fixes are on, so "fixable" counts them."""
    unchecked: int = 0
    """Paths that could not be checked (missing, unreadable, an internal error)."""
    docs_url: str | None = None
    """The ``docs-url`` setting, for formats that link to rule docs (SARIF)."""


Writer = Callable[[Report, TextIO], None]


def writer(name: str) -> Writer:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"dfls.cli.output.{name}")
    return cast(Writer, module.write)


_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters but tab shown as escapes (``\\x1b``, ``\\n``).

    Messages quote the Dockerfile, which may hold ANSI escape sequences, carriage returns
    or bidirectional overrides; printed raw, they would repaint the terminal or the CI log.
    """
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text
