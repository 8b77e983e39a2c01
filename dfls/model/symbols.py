"""The names of one document: every declaration and use of a stage or a variable.

A :class:`SymbolIndex` lists :class:`Occurrence` s with exact spans (the name alone, so
that a rename replaces just it) and groups them into symbols, with the scoping rules of
:mod:`dfls.model.semantics` and :mod:`dfls.model.stages`:

- A stage is named by its ``AS`` name and used by ``FROM <name>`` (an earlier stage only),
  ``COPY --from=`` and ``RUN --mount=...,from=`` (a name or an index, any stage). A name
  used twice means the first stage with it.
- A variable use resolves to the ARG or ENV that gives its value at that instruction: in
  the global scope (global ARGs, ``FROM`` lines), to the global ARG; in a stage, to the
  stage's own ARGs and ENVs above it, else to the ENVs of the stages it is built on.
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
from typing import Literal, NamedTuple, Protocol

from dfls.model import semantics
from dfls.model import words as scan
from dfls.model.instruction import Instruction
from dfls.model.nodes import VariableRef
from dfls.model.semantics import key_values
from dfls.model.stages import Stage
from dfls.model.text import Position, Span

Kind = Literal["stage", "variable"]


class Document(semantics.Document, Protocol):
    """What this module reads of a :class:`~dfls.model.document.Dockerfile`: what
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
        """The occurrence under ``position`` (its end included), the innermost one."""
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
    exit_envs: _Scope


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
    exit_envs: dict[int, _Scope] = {}
    for stage in doc.stages:
        parent = graph.parent(stage)
        entry = exit_envs.get(parent.index, {}) if parent is not None else {}
        found = _stage_variables(doc, stage, graph.root(stage).index, globals_, entry)
        occurrences.extend(found.occurrences)
        for key, symbol in found.symbols.items():
            symbols.setdefault(key, symbol)
        exit_envs[stage.index] = found.exit_envs
    _StageNames(doc, occurrences, symbols).collect()
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
    envs = dict(entry)
    own = _VariableScope(doc.lines, doc.escape, stage.index, root, globals_, occurrences, symbols)
    for instruction in stage.instructions[1:]:
        own.instruction(instruction, scope, envs=envs)
    found = _StageVariables(
        stage.instructions, root, dict(globals_), dict(entry), occurrences, symbols, envs
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
        envs: _Scope | None = None,
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
                if keyword == "ENV" and envs is not None:
                    envs[pair.key] = declared
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
            _holds(self.lines, span, name),
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
                _holds(self.lines, span, name),
                self.stage,
                instruction.line,
            )
        )


class _StageNames:
    """The ``AS`` names of stages and the references to them."""

    def __init__(
        self, doc: Document, occurrences: list[Occurrence], symbols: dict[SymbolKey, Symbol]
    ) -> None:
        self.doc = doc
        self.lines = doc.lines
        self.graph = doc.stage_graph
        self.occurrences = occurrences
        self.symbols = symbols

    def collect(self) -> None:
        graph = self.graph
        for stage in self.doc.stages:
            if stage.name is None or stage.name_span is None:
                continue
            first = graph.named(stage.name) or stage  # a duplicate name means the first
            line = stage.from_instruction.line
            self._add(stage.name, stage.name_span, stage, first, stage.index, line)
        for stage in self.doc.stages:
            if stage.parent is not None:
                self._from_reference(stage)
        for keyword in ("COPY", "RUN"):
            for instruction in self.doc.by_keyword(keyword):
                for value, span in _stage_words(instruction, self.lines):
                    self._reference(instruction, value, span)

    def _symbol(self, stage: Stage) -> SymbolKey:
        key: SymbolKey = ("stage", "", stage.index, 0)
        if key not in self.symbols:
            self.symbols[key] = Symbol("stage", stage.name or str(stage.index), False, stage.index)
        return key

    def _definition(self, stage: Stage) -> Span:
        if stage.name_span is not None:
            return stage.name_span
        first = stage.from_instruction
        end = stage.image.span.end if stage.image is not None else first.keyword_span.end
        return Span(first.keyword_span.start, end)

    def _add(
        self, written: str, span: Span, owner: Stage, target: Stage, where: int, line: int
    ) -> None:
        """An occurrence of ``owner``'s symbol whose definition is ``target``'s name: a
        declaration when ``owner`` is the stage it is in (``where``), else a use."""
        renamable = _holds(self.lines, span, written) and not written.isdigit()
        self.occurrences.append(
            Occurrence(
                "stage",
                written,
                span,
                self._symbol(owner),
                owner.index == where and owner.name_span == span,
                self._definition(target),
                renamable,
                where,
                line,
            )
        )

    def _from_reference(self, stage: Stage) -> None:
        instruction = stage.from_instruction
        words = instruction.words
        if not words or "$" in words[0].text:
            return
        parent = self.graph.resolve(words[0].value, before=stage)
        if parent is None:
            return
        span = _unquoted(self.lines, words[0].span, words[0].value)
        self._add(words[0].value, span, parent, parent, stage.index, instruction.line)

    def _reference(self, instruction: Instruction, value: str, span: Span) -> None:
        target = self.graph.resolve(value)
        if target is not None and instruction.stage is not None:
            self._add(value, span, target, target, instruction.stage, instruction.line)


def _stage_words(instruction: Instruction, lines: list[str]) -> tuple[tuple[str, Span], ...]:
    """The stage names (or indexes) a COPY's ``--from`` or a RUN's mounts' ``from=`` give,
    with their spans (kept with the instruction)."""
    return instruction.memoized(
        "symbols.stage_words", lambda: _read_stage_words(instruction, lines)
    )


def _read_stage_words(instruction: Instruction, lines: list[str]) -> tuple[tuple[str, Span], ...]:
    found: list[tuple[str, Span]] = []
    if instruction.keyword == "COPY":
        flag = instruction.flag("from")
        if (
            flag is not None
            and flag.value
            and flag.value_span is not None
            and "$" not in flag.value
        ):
            found.append((flag.value, _unquoted(lines, flag.value_span, flag.value)))
    elif instruction.keyword == "RUN":
        for flag in instruction.flags:
            if flag.name.lower() == "mount" and flag.value and flag.value_span:
                found.extend(_mount_from(lines, flag.value_span))
    return tuple(found)


def _mount_from(lines: list[str], span: Span) -> list[tuple[str, Span]]:
    if span.start.line != span.end.line:
        return []
    raw = lines[span.start.line][span.start.character : span.end.character]
    base = span.start.character
    if len(raw) >= 2 and raw[0] in "\"'" and raw[-1] == raw[0]:
        raw, base = raw[1:-1], base + 1
    found = []
    offset = 0
    for part in raw.split(","):
        key, eq, value = part.partition("=")
        if eq and key.strip().lower() == "from" and value and "$" not in value:
            start = base + offset + len(key) + 1
            found.append((value, Span.on_line(span.start.line, start, start + len(value))))
        offset += len(part) + 1
    return found


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _name_span(ref: VariableRef) -> Span:
    """The span of the name in ``$NAME`` / ``${NAME...}`` (when the reference is on one line)."""
    start = ref.span.start
    if ref.span.end.line != start.line:
        return ref.span
    column = start.character + (2 if ref.braced else 1)
    return Span.on_line(start.line, column, column + len(ref.name))


def _holds(lines: list[str], span: Span, text: str) -> bool:
    """Whether the file has exactly ``text`` at ``span``."""
    line = span.start.line
    if line != span.end.line or not 0 <= line < len(lines):
        return False
    return lines[line][span.start.character : span.end.character] == text


def _unquoted(lines: list[str], span: Span, value: str) -> Span:
    """``span`` without the quotes around ``value`` (``--from="build"``)."""
    if _holds(lines, span, value) or span.start.line != span.end.line:
        return span
    inner = Span.on_line(span.start.line, span.start.character + 1, span.end.character - 1)
    return inner if _holds(lines, inner, value) else span


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
