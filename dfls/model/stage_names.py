"""The stage names of a document for :mod:`dfls.model.symbols`: each stage's ``AS`` name and
the ``FROM <stage>``, ``COPY --from=`` and ``RUN --mount=...,from=`` that name a stage, as
:class:`~dfls.model.stages.StageGraph` resolves them."""

from __future__ import annotations

from dfls.model.instruction import Instruction
from dfls.model.occurrences import Document, Occurrence, Symbol, SymbolKey, holds, unquoted
from dfls.model.stages import Stage
from dfls.model.text import Span


class StageNames:
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
        renamable = holds(self.lines, span, written) and not written.isdigit()
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
        span = unquoted(self.lines, words[0].span, words[0].value)
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
            found.append((flag.value, unquoted(lines, flag.value_span, flag.value)))
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
