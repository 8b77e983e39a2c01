"""An instruction placed in the file: its node, where it is, and its located views.

Nodes hold spans relative to their first line, so they survive edits above them; an
:class:`Instruction` pairs a node with its line, index and stage, and turns the node's
spans into absolute ones on first use.

Its own module so that what the instructions mean (``semantics``, ``stages``) can name it
without importing the document, which imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, Self, TypeVar

from dfls.model.nodes import Comment, Flag, Heredoc, InstructionNode, VariableRef, Word
from dfls.model.text import Span


class Instruction:
    """An instruction node placed in the file: absolute spans, index, stage.

    The located views (``words``, ``flags``, ...) are computed on first use and kept: an
    Instruction is immutable, and after an edit the new document reuses the Instruction
    objects that did not move, so rules that read them on every keystroke pay once.
    """

    __slots__ = ("_facts", "_memo", "index", "keyword", "line", "node", "stage")

    def __init__(self, node: InstructionNode, line: int, index: int, stage: int | None) -> None:
        self.node = node
        self.keyword = node.keyword
        """The keyword in upper case (an attribute: rules read it very often)."""
        self.line = line
        self.index = index
        self.stage = stage
        self._memo: dict[str, Any] | None = None
        self._facts: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"Instruction({self.keyword} line={self.line} index={self.index})"

    def memoized(self, key: str, compute: Callable[[], _T]) -> _T:
        """``compute()``, once per Instruction: for facts that only depend on it."""
        memo = self._memo
        if memo is None:
            memo = self._memo = {}
        try:
            found: _T = memo[key]
        except KeyError:
            found = memo[key] = compute()
        return found

    def node_memoized(self, key: str, compute: Callable[[], _T]) -> _T:
        """``compute()``, once per node: for facts of the instruction's text alone (no
        positions). When lines are added above, the document places the same node again as
        a new Instruction, which keeps these (see :meth:`keep_facts_of`)."""
        facts = self._facts
        if facts is None:
            facts = self._facts = {}
        try:
            found: _T = facts[key]
        except KeyError:
            found = facts[key] = compute()
        return found

    def keep_facts_of(self, before: Instruction) -> None:
        """Share the node facts of ``before``, the same node where it was placed before."""
        if before.node is self.node:
            if before._facts is None:
                before._facts = {}
            self._facts = before._facts

    def abs(self, span: Span) -> Span:
        """Turn a span relative to this instruction into an absolute one."""
        return span.shifted(self.line)

    @property
    def keyword_text(self) -> str:
        return self.node.keyword_text

    @property
    def text(self) -> str:
        return self.node.text

    @property
    def args(self) -> str:
        return self.node.args

    @property
    def span(self) -> Span:
        return self.memoized("span", lambda: self.node.span.shifted(self.line))

    @property
    def keyword_span(self) -> Span:
        return self.memoized("keyword_span", lambda: self.node.keyword_span.shifted(self.line))

    @property
    def args_span(self) -> Span | None:
        span = self.node.args_span
        return span.shifted(self.line) if span else None

    @property
    def last_line(self) -> int:
        return self.line + self.node.line_count - 1

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.memoized("flags", lambda: _shift_all(self.node.flags, self.line))

    def flag(self, name: str) -> Flag | None:
        for flag in self.flags:
            if flag.name.lower() == name:
                return flag
        return None

    @property
    def words(self) -> tuple[Word, ...]:
        return self.memoized("words", lambda: _shift_all(self.node.words, self.line))

    @property
    def exec_form(self) -> tuple[Word, ...] | None:
        form = self.node.exec_form
        if form is None:
            return None
        return self.memoized("exec_form", lambda: _shift_all(form, self.line))

    @property
    def heredocs(self) -> tuple[Heredoc, ...]:
        return self.memoized("heredocs", lambda: _shift_all(self.node.heredocs, self.line))

    @property
    def comments(self) -> tuple[Comment, ...]:
        return self.memoized("comments", lambda: _shift_all(self.node.comments, self.line))

    @property
    def variables(self) -> tuple[VariableRef, ...]:
        return self.memoized("variables", lambda: _shift_all(self.node.variables, self.line))

    @property
    def trigger(self) -> Instruction | None:
        """The instruction an ONBUILD wraps, at the same place."""
        node = self.node.trigger
        if node is None:
            return None
        return self.memoized(
            "trigger", lambda: Instruction(node, self.line, self.index, self.stage)
        )

    def span_of(self, start: int, end: int) -> Span:
        """The absolute span of ``text[start:end]`` (offsets into the logical line)."""
        return self.node.span_of(start, end).shifted(self.line)


class _Shiftable(Protocol):
    def shifted(self, lines: int) -> Self: ...


_S = TypeVar("_S", bound=_Shiftable)
_T = TypeVar("_T")


def _shift_all(values: tuple[_S, ...], lines: int) -> tuple[_S, ...]:
    """Relative values made absolute (the tuple itself when there is nothing to move)."""
    if not lines or not values:
        return values
    return tuple(value.shifted(lines) for value in values)
