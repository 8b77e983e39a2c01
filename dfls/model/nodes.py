"""Frozen syntax nodes of a Dockerfile.

An :class:`InstructionNode` stores its spans *relative to its own first line* (line 0 is
the line of the keyword; characters are absolute columns). That makes a node independent of
where it sits in the file, so the incremental parser reuses it unchanged when lines are
inserted or deleted above it. :class:`dfls.model.instruction.Instruction` is the located view
that rules use, with absolute spans.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from dfls.model.text import Position, Span


class Problem(NamedTuple):
    """Something wrong with the file's syntax, reported as a value, never raised."""

    span: Span
    message: str
    kind: str
    severity: str = "error"

    def shifted(self, lines: int) -> Problem:
        return self._replace(span=self.span.shifted(lines)) if lines else self


class Word(NamedTuple):
    """A whitespace-separated, quote-aware word: ``text`` as written, ``value`` unquoted."""

    text: str
    value: str
    span: Span

    def shifted(self, lines: int) -> Word:
        return self._replace(span=self.span.shifted(lines)) if lines else self


class Flag(NamedTuple):
    """A builder flag such as ``--from=build``: ``name`` is ``from``, ``value`` is ``build``."""

    name: str
    value: str | None
    span: Span
    name_span: Span
    value_span: Span | None

    def shifted(self, lines: int) -> Flag:
        if not lines:
            return self
        return Flag(
            self.name,
            self.value,
            self.span.shifted(lines),
            self.name_span.shifted(lines),
            self.value_span.shifted(lines) if self.value_span else None,
        )


class Heredoc(NamedTuple):
    """A here-document: the ``<<EOF`` marker, its body lines and its terminator line."""

    delimiter: str
    strip_tabs: bool
    quoted: bool
    marker_span: Span
    body: str
    body_span: Span | None
    terminator_span: Span | None

    def shifted(self, lines: int) -> Heredoc:
        if not lines:
            return self
        return self._replace(
            marker_span=self.marker_span.shifted(lines),
            body_span=self.body_span.shifted(lines) if self.body_span else None,
            terminator_span=self.terminator_span.shifted(lines) if self.terminator_span else None,
        )


class VariableRef(NamedTuple):
    """``$NAME``, ``${NAME}`` or ``${NAME:-default}``; ``modifier`` is ``:-``, ``+``, ..."""

    name: str
    span: Span
    braced: bool
    modifier: str | None
    word: str | None

    def shifted(self, lines: int) -> VariableRef:
        return self._replace(span=self.span.shifted(lines)) if lines else self


class Comment(NamedTuple):
    """A comment line; ``text`` is what follows ``#``, stripped."""

    text: str
    span: Span

    def shifted(self, lines: int) -> Comment:
        return self._replace(span=self.span.shifted(lines)) if lines else self


class Directive(NamedTuple):
    """A parser directive at the top of the file (``# syntax=``, ``# escape=``, ``# check=``)."""

    name: str
    value: str
    span: Span
    name_span: Span
    value_span: Span


class Segment(NamedTuple):
    """Where a run of the logical line comes from: ``offset`` in it, then line and columns."""

    offset: int
    line: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class InstructionNode:
    """One instruction with spans relative to its first line.

    ``text`` is the logical line: the keyword and arguments with continuation lines joined
    (escape characters removed, comment and empty lines inside the continuation dropped),
    as BuildKit sees it. ``args`` is the part after the keyword, and ``args_offset`` is
    where it starts in ``text``.
    """

    keyword: str
    keyword_text: str
    keyword_span: Span
    span: Span
    line_count: int
    text: str
    args: str
    args_offset: int
    args_span: Span | None
    flags: tuple[Flag, ...]
    words: tuple[Word, ...]
    exec_form: tuple[Word, ...] | None
    heredocs: tuple[Heredoc, ...]
    comments: tuple[Comment, ...]
    empty_continuation_lines: tuple[int, ...]
    variables: tuple[VariableRef, ...]
    trigger: InstructionNode | None
    problems: tuple[Problem, ...]
    segments: tuple[Segment, ...]

    def span_of(self, start: int, end: int) -> Span:
        """The relative span of ``text[start:end]``."""
        return span_in(self.segments, start, end)


@dataclass(frozen=True, slots=True)
class CommentNode:
    """A comment line between instructions (line 0 is its own line)."""

    comment: Comment
    line_count: int = 1


Node = InstructionNode | CommentNode


def position_in(segments: tuple[Segment, ...], offset: int) -> Position:
    index = bisect_right(segments, offset, key=lambda s: s.offset) - 1
    seg = segments[max(index, 0)]
    return Position(seg.line, seg.start + min(max(offset - seg.offset, 0), seg.end - seg.start))


def span_in(segments: tuple[Segment, ...], start: int, end: int) -> Span:
    begin = position_in(segments, start)
    if end <= start:
        return Span(begin, begin)
    last = position_in(segments, end - 1)
    return Span(begin, Position(last.line, last.character + 1))
