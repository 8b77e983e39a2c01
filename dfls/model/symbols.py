"""The names of one document: every declaration and use of a stage or a variable.

A :class:`SymbolIndex` lists :class:`Occurrence` s with exact spans (the name alone, so
that a rename replaces just it) and groups them into symbols, with the scoping rules of
:mod:`dfls.model.semantics` and :mod:`dfls.model.stages`:

- A stage is named by its ``AS`` name and used by ``FROM <name>`` (an earlier stage only),
  ``COPY --from=`` and ``RUN --mount=...,from=`` (a name or an index, any stage). A name
  used twice means the first stage with it.
- A variable use resolves to the ARG or ENV that gives its value at that instruction: in
  the global scope (global ARGs, ``FROM`` lines), to the global ARG; in a stage, to the
  stage's own ARGs and ENVs above it, else to the ARGs and ENVs of the stages it is built on.
  ``ARG NAME`` without a value in a stage takes the global ARG's default: it is the same
  symbol as that global ARG. A declaration of a name already in scope (``ENV V=$V``)
  joins the symbol it overrides. A use that nothing in the file declares (``$PATH`` from
  the base image, a predefined build argument) is *external*: its symbol is one per name
  and stage chain, and has no definition.
- Uses are the ``$VAR`` / ``${VAR...}`` of every instruction (exec-form arrays included)
  and of heredoc bodies (not those of a ``COPY``/``ADD`` heredoc with a quoted marker,
  which BuildKit does not expand). ``ONBUILD`` instructions run in another build: their
  names are not this file's.

Built once per document version (kept with the stage graph) in one pass over the file.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from dfls.model import words as scan
from dfls.model.instruction import Instruction
from dfls.model.nodes import VariableRef
from dfls.model.occurrences import Document, Kind, Occurrence, Symbol, SymbolKey, holds
from dfls.model.semantics import key_values
from dfls.model.stage_names import StageNames
from dfls.model.stages import Stage
from dfls.model.text import Position, Span

__all__ = ["Document", "Kind", "Occurrence", "Symbol", "SymbolIndex", "SymbolKey", "symbol_index"]


class SymbolIndex:
    """The occurrences of one document version, by position and by symbol."""

    __slots__ = ("_members", "_starts", "occurrences", "symbols")

    def __init__(self, occurrences: list[Occurrence], symbols: dict[SymbolKey, Symbol]) -> None:
        occurrences.sort(key=_start)  # runs already in order: a merge
        self.occurrences = tuple(occurrences)
        self.symbols = symbols
        self._starts = [o.span.start.line for o in occurrences]
        self._members: dict[SymbolKey, list[Occurrence]] | None = None

    def at(self, position: Position) -> Occurrence | None:
        """The occurrence under ``position`` (its end included), the innermost one; on the
        ``$`` or ``${`` before a variable's name, that variable."""
        best: Occurrence | None = None
        occurrences = self.occurrences
        # A name spans two lines only when a line continuation splits it: look one line up.
        index = bisect_left(self._starts, position.line - 1)
        end = bisect_right(self._starts, position.line, lo=index)
        for occurrence in occurrences[index:end]:
            span = occurrence.span
            if not span.start <= position <= span.end:
                continue
            if best is None or _better(occurrence, best, position):
                best = occurrence
        if best is None:
            for occurrence in occurrences[index:end]:
                start = occurrence.span.start
                if (
                    occurrence.kind == "variable"
                    and not occurrence.write
                    and start.line == position.line
                    and 0 < start.character - position.character <= 2
                ):
                    return occurrence  # the name follows "$" or "${"
        return best

    def members(self, symbol: SymbolKey) -> list[Occurrence]:
        """The occurrences of ``symbol``, in file order."""
        members = self._members
        if members is None:
            members = self._members = {}
            for occurrence in self.occurrences:
                members.setdefault(occurrence.symbol, []).append(occurrence)
        return members.get(symbol, [])

    def symbol(self, occurrence: Occurrence) -> Symbol:
        return self.symbols[occurrence.symbol]

    def named(self, kind: Kind, name: str) -> Iterator[Occurrence]:
        """Every occurrence of ``kind`` called ``name`` (a stage name case-insensitively)."""
        fold = kind == "stage"
        key = name.lower() if fold else name
        for occurrence in self.occurrences:
            if (
                occurrence.kind == kind
                and (occurrence.name.lower() if fold else occurrence.name) == key
            ):
                yield occurrence


def _start(occurrence: Occurrence) -> Position:
    return occurrence.span.start


def _better(candidate: Occurrence, best: Occurrence, position: Position) -> bool:
    """Of two occurrences around ``position``: the one it is inside rather than just after,
    then the narrower one (``$B`` inside ``${A:-$B}``)."""
    inside_c = position < candidate.span.end
    inside_b = position < best.span.end
    if inside_c != inside_b:
        return inside_c
    return _width(candidate.span) < _width(best.span)


def _width(span: Span) -> tuple[int, int]:
    return span.end.line - span.start.line, span.end.character - span.start.character


def symbol_index(dockerfile: Document) -> SymbolIndex:
    """The symbols of ``dockerfile``, built on first use and kept for its version.

    A stage's variables are kept with its FROM instruction and reused by the next version
    while the stage's instructions, the global ARGs and what it inherits are the same
    (typing inside a line elsewhere), so a keystroke costs the stages it touched.
    """
    return dockerfile.stage_graph.memoized(("symbols",), lambda: _build(dockerfile))


_Scope = dict[str, Occurrence]
"""The declaration that gives each name its value, at some point of a scope."""


class _StageVariables(NamedTuple):
    """The variables of one stage, and what they were computed from."""

    instructions: tuple[Instruction, ...]
    root: int
    globals_: _Scope
    entry: _Scope
    occurrences: list[Occurrence]
    symbols: dict[SymbolKey, Symbol]
    exit_scope: _Scope


def _build(doc: Document) -> SymbolIndex:
    graph = doc.stage_graph
    occurrences: list[Occurrence] = []
    symbols: dict[SymbolKey, Symbol] = {}
    globals_: _Scope = {}
    scope = _VariableScope(doc.lines, doc.escape, None, -1, globals_, occurrences, symbols)
    for instruction in doc.instructions:
        if instruction.stage is not None:
            break
        scope.instruction(instruction, globals_)
    exit_scope: dict[int, _Scope] = {}
    for stage in doc.stages:
        parent = graph.parent(stage)
        entry = exit_scope.get(parent.index, {}) if parent is not None else {}
        found = _stage_variables(doc, stage, graph.root(stage).index, globals_, entry)
        occurrences.extend(found.occurrences)
        for key, symbol in found.symbols.items():
            symbols.setdefault(key, symbol)
        exit_scope[stage.index] = found.exit_scope
    StageNames(doc, occurrences, symbols).collect()
    return SymbolIndex(occurrences, symbols)


def _stage_variables(
    doc: Document, stage: Stage, root: int, globals_: _Scope, entry: _Scope
) -> _StageVariables:
    first = stage.from_instruction
    box: list[_StageVariables | None] = first.memoized("symbols.stage", lambda: [None])
    kept = box[0]
    if (
        kept is not None
        and kept.instructions is stage.instructions
        and kept.root == root
        and kept.entry == entry
        and kept.globals_ == globals_
    ):
        return kept
    occurrences: list[Occurrence] = []
    symbols: dict[SymbolKey, Symbol] = {}
    uses = _VariableScope(doc.lines, doc.escape, None, -1, globals_, occurrences, symbols)
    uses.instruction(first, globals_, uses_only=True)  # the FROM line reads the global scope
    scope = dict(entry)
    own = _VariableScope(doc.lines, doc.escape, stage.index, root, globals_, occurrences, symbols)
    for instruction in stage.instructions[1:]:
        own.instruction(instruction, scope)
    found = _StageVariables(
        stage.instructions, root, dict(globals_), dict(entry), occurrences, symbols, scope
    )
    box[0] = found
    return found


class _VariableScope:
    """Declarations and uses of variables in one scope (the global one, or a stage)."""

    def __init__(
        self,
        lines: list[str],
        escape: str,
        stage: int | None,
        root: int,
        globals_: _Scope,
        occurrences: list[Occurrence],
        symbols: dict[SymbolKey, Symbol],
    ) -> None:
        self.lines = lines
        self.escape = escape
        self.stage = stage
        self.root = root
        self.globals_ = globals_
        self.occurrences = occurrences
        self.symbols = symbols
        self.externals: set[str] = set()
        """Names used here before anything declared them."""

    def instruction(
        self,
        instruction: Instruction,
        scope: _Scope,
        uses_only: bool = False,
    ) -> None:
        keyword = instruction.keyword
        if keyword == "ONBUILD":
            return
        uses = _uses(instruction, self.escape)
        if uses_only or keyword not in ("ARG", "ENV"):
            for ref in uses:
                self._use(ref, instruction, scope)
            return
        pairs = key_values(instruction, self.escape)
        before = dict(scope) if keyword == "ENV" else scope
        pending = list(uses)
        for pair in pairs:
            inside = [r for r in pending if pair.span.start <= r.span.start < pair.span.end]
            if inside:
                pending = [r for r in pending if r not in inside]
            for ref in inside:
                self._use(ref, instruction, before)
            declared = self._declare(
                instruction, pair.key, pair.key_span, scope, bare=pair.raw is None
            )
            if declared is not None:
                scope[pair.key] = declared
        for ref in pending:
            self._use(ref, instruction, before)

    def _declare(
        self, instruction: Instruction, name: str, span: Span, scope: _Scope, bare: bool
    ) -> Occurrence | None:
        if not _NAME.fullmatch(name):
            return None
        definition = span
        symbol: SymbolKey
        if self.stage is not None and bare and name in self.globals_:
            joined = self.globals_[name]
            symbol = joined.symbol
            definition = joined.span
        elif name in scope:
            symbol = scope[name].symbol
        elif name in self.externals:
            symbol = ("external", name, self.root, 0)
        else:
            symbol = ("variable", name, span.start.line, span.start.character)
            self.symbols[symbol] = Symbol("variable", name, False, self.stage)
        occurrence = Occurrence(
            "variable",
            name,
            span,
            symbol,
            True,
            definition,
            holds(self.lines, span, name),
            self.stage,
            instruction.line,
            bare,
        )
        self.occurrences.append(occurrence)
        return occurrence

    def _use(self, ref: VariableRef, instruction: Instruction, scope: _Scope) -> None:
        name = ref.name
        span = _name_span(ref)
        declaration = scope.get(name)
        symbol: SymbolKey
        if declaration is not None:
            symbol, definition = declaration.symbol, declaration.span
        else:
            symbol = ("external", name, self.root, 0)
            if symbol not in self.symbols:
                self.symbols[symbol] = Symbol("variable", name, True, self.stage)
            self.externals.add(name)
            definition = None
        self.occurrences.append(
            Occurrence(
                "variable",
                name,
                span,
                symbol,
                False,
                definition,
                holds(self.lines, span, name),
                self.stage,
                instruction.line,
            )
        )


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _name_span(ref: VariableRef) -> Span:
    """The span of the name in ``$NAME`` / ``${NAME...}`` (when the reference is on one line)."""
    start = ref.span.start
    if ref.span.end.line != start.line:
        return ref.span
    column = start.character + (2 if ref.braced else 1)
    return Span.on_line(start.line, column, column + len(ref.name))


def _uses(instruction: Instruction, escape: str) -> tuple[VariableRef, ...]:
    """The variable references of an instruction, those of its heredoc bodies included."""
    heredocs = instruction.heredocs
    if not heredocs:
        return instruction.variables
    return instruction.variables + instruction.memoized(
        "symbols.heredoc_variables", lambda: _heredoc_variables(instruction)
    )


def _heredoc_variables(instruction: Instruction) -> tuple[VariableRef, ...]:
    found: list[VariableRef] = []
    for heredoc in instruction.heredocs:
        if heredoc.body_span is None or "$" not in heredoc.body:
            continue
        if heredoc.quoted and instruction.keyword != "RUN":
            continue  # COPY <<'EOF': the body is copied as written
        first = heredoc.body_span.start.line
        body = heredoc.body
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(body) if ch == "\n")
        for raw in scan.scan_variables(body, 0, "\\"):
            row = bisect_right(starts, raw.start) - 1
            line = first + row
            begin = raw.start - starts[row]
            end_row = bisect_right(starts, raw.end - 1) - 1
            end = Position(first + end_row, raw.end - starts[end_row])
            found.append(
                VariableRef(
                    raw.name, Span(Position(line, begin), end), raw.braced, raw.modifier, raw.word
                )
            )
    return tuple(found)
