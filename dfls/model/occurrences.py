"""What :mod:`dfls.model.symbols` is made of: an occurrence of a stage or variable name,
the symbol it belongs to, and reading a name's exact span in the file's lines."""

from __future__ import annotations

from typing import Literal, NamedTuple, Protocol

from dfls.model import semantics
from dfls.model.text import Span

Kind = Literal["stage", "variable"]


class Document(semantics.Document, Protocol):
    """What the symbols read of a :class:`~dfls.model.document.Dockerfile`: what
    :mod:`~dfls.model.semantics` reads, and its lines and escape character."""

    @property
    def lines(self) -> list[str]: ...

    @property
    def escape(self) -> str: ...


SymbolKey = tuple[str, str, int, int]
"""Names a symbol, the same in every version where it does not move: a stage's
``("stage", "", index, 0)``, a declared variable's ``("variable", name, line, column)`` (of
the declaration that introduced it), an external variable's ``("external", name, root, 0)``
(per stage chain, by the index of its first stage; -1 for the global scope)."""


class Occurrence(NamedTuple):
    """One place a stage or variable name is written."""

    kind: Kind
    name: str
    """As written (a stage name keeps its case; ``0`` for ``--from=0``)."""
    span: Span
    """The name itself (``NAME`` of ``${NAME:-x}``, ``build`` of ``--from=build``)."""
    symbol: SymbolKey
    write: bool
    """A declaration: a stage's ``AS`` name, an ARG or ENV key."""
    definition: Span | None
    """Where the value (or stage) comes from: the declaration this use resolves to; for a
    declaration, itself (the global ARG for a stage's ``ARG NAME``; the first stage of that
    name for a duplicate). None for an external variable."""
    renamable: bool
    """The span holds exactly the name (not ``--from=0``, not a name split by a line
    continuation)."""
    stage: int | None
    """The stage it is in; None for the global scope (global ARGs, ``FROM`` lines)."""
    line: int
    """The first line of its instruction."""
    bare: bool = False
    """An ``ARG NAME`` without a value (in a stage, it takes the global ARG's default)."""


class Symbol(NamedTuple):
    kind: Kind
    name: str
    external: bool
    """A variable used where nothing in the file declares it (from the base image or the
    build): it cannot be renamed."""
    stage: int | None
    """A stage symbol's stage; for a variable, the scope it was first declared (or used) in."""


def holds(lines: list[str], span: Span, text: str) -> bool:
    """Whether the file has exactly ``text`` at ``span``."""
    line = span.start.line
    if line != span.end.line or not 0 <= line < len(lines):
        return False
    return lines[line][span.start.character : span.end.character] == text


def unquoted(lines: list[str], span: Span, value: str) -> Span:
    """``span`` without the quotes around ``value`` (``--from="build"``)."""
    if holds(lines, span, value) or span.start.line != span.end.line:
        return span
    inner = Span.on_line(span.start.line, span.start.character + 1, span.end.character - 1)
    return inner if holds(lines, inner, value) else span
