"""Positions, spans and line splitting: the coordinate system every layer shares.

Lines are 0-based; characters are code points. A line ends at ``\\r\\n``, ``\\n`` or a
lone ``\\r``, as the LSP specification says. Conversion to UTF-16 or UTF-8 units happens
only at the LSP edge.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LINE_END = re.compile(r"\r\n|\r|\n")
_new = tuple.__new__


class Position(NamedTuple):
    line: int
    character: int

    def shifted(self, lines: int) -> Position:
        return Position(self.line + lines, self.character) if lines else self


class Span(NamedTuple):
    start: Position
    end: Position

    @classmethod
    def on_line(cls, line: int, start: int, end: int) -> Span:
        # tuple.__new__: NamedTuple's own __new__ is a Python function (and this is hot).
        return _new(cls, (_new(Position, (line, start)), _new(Position, (line, end))))

    def shifted(self, lines: int) -> Span:
        if not lines:
            return self
        return Span(self.start.shifted(lines), self.end.shifted(lines))

    def contains(self, position: Position) -> bool:
        return self.start <= position <= self.end

    def to_json(self) -> dict[str, dict[str, int]]:
        return {
            "start": {"line": self.start.line, "character": self.start.character},
            "end": {"line": self.end.line, "character": self.end.character},
        }


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Split text into lines and their endings (the last ending may be ``""``).

    There is always at least one line: ``""`` is one empty line, and ``"a\\n"`` is
    ``["a", ""]``, matching how editors count lines.
    """
    lines: list[str]
    endings: list[str]
    if "\r" not in text:  # the common case, at C speed
        lines = text.split("\n")
        endings = ["\n"] * (len(lines) - 1)
        endings.append("")
        return lines, endings
    lines = []
    endings = []
    pos = 0
    for match in _LINE_END.finditer(text):
        lines.append(text[pos : match.start()])
        endings.append(match.group())
        pos = match.end()
    lines.append(text[pos:])
    endings.append("")
    return lines, endings
