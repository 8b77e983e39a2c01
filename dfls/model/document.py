"""The Dockerfile: parsed items, their locations, and incremental re-parsing.

The file is a run of items (instructions and comment lines) separated by blank lines. Each
item starts at a line where the lexer is in its initial state, so after an edit only the
items from the one containing the edit to the first untouched item start after it need
lexing; every other node is reused as the same object (its start line shifted).
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import cached_property
from typing import Any, NamedTuple

from dfls.model.instruction import Instruction as Instruction
from dfls.model.lexer import is_blank, lex_item, lex_items, parse_directives
from dfls.model.nodes import Comment, CommentNode, Directive, InstructionNode, Node, Problem
from dfls.model.semantics import build_stages, patch_stages
from dfls.model.stages import Stage, StageGraph
from dfls.model.text import Position, Span, split_lines


class Dockerfile:
    """An immutable parse of one Dockerfile's text. Never raises, whatever the input."""

    def __init__(
        self,
        lines: list[str],
        endings: list[str],
        directives: tuple[Directive, ...],
        escape: str,
        directive_problems: tuple[Problem, ...],
        body_start: int,
        items: list[Node],
        starts: list[int],
        reuse: _Reuse | None = None,
    ) -> None:
        self.lines = lines
        self.endings = endings
        self.directives = directives
        self.escape = escape
        self.directive_problems = directive_problems
        self.body_start = body_start
        self.items = items
        self.starts = starts
        self._reuse = reuse
        self._patch: _Patch | None = None

    @classmethod
    def parse(cls, text: str) -> Dockerfile:
        lines, endings = split_lines(text)
        directives, escape, problems, body_start = parse_directives(lines)
        items, starts = _lex(lines, body_start, escape)
        return cls(
            lines, endings, tuple(directives), escape, tuple(problems), body_start, items, starts
        )

    @cached_property
    def text(self) -> str:
        return "".join(map(str.__add__, self.lines, self.endings))

    @property
    def line_count(self) -> int:
        return len(self.lines)

    # -- located views -----------------------------------------------------------------

    @cached_property
    def instructions(self) -> tuple[Instruction, ...]:
        reuse, self._reuse = self._reuse, None
        if reuse is not None:
            return self._instructions_after_edit(reuse)
        return tuple(self._locate(0, len(self.items), 0, -1))

    def _locate(self, begin: int, end: int, index: int, stage: int) -> list[Instruction]:
        """Located views of the instructions among ``items[begin:end]``."""
        located: list[Instruction] = []
        items, starts = self.items, self.starts
        for k in range(begin, end):
            node = items[k]
            if isinstance(node, InstructionNode):
                if node.keyword == "FROM":
                    stage += 1
                located.append(Instruction(node, starts[k], index, stage if stage >= 0 else None))
                index += 1
        return located

    def _instructions_after_edit(self, reuse: _Reuse) -> tuple[Instruction, ...]:
        """The located views, reusing the previous document's where nothing moved.

        Views before the re-lexed window are the same objects; views after it too when no
        line, instruction or stage was added or removed (typing inside a line). The work is
        then proportional to the window, not to the file.
        """
        previous = reuse.instructions
        head = bisect_left(previous, reuse.window_line, key=_line_of)
        tail = bisect_left(previous, reuse.tail_line, lo=head, key=_line_of)
        stage = -1
        if head:
            last_stage = previous[head - 1].stage
            stage = -1 if last_stage is None else last_stage
        window = self._locate(reuse.window, reuse.resumed, head, stage)
        new_froms = sum(i.keyword == "FROM" for i in window)
        old_froms = sum(i.keyword == "FROM" for i in previous[head:tail])
        if reuse.delta == 0 and len(window) == tail - head and new_froms == old_froms:
            if reuse.derived:
                self._patch = _Patch(
                    previous[head:tail],
                    tuple(window),
                    (reuse.window, reuse.resumed),
                    (reuse.window_line, reuse.tail_line),
                    reuse.derived,
                )
            return previous[:head] + tuple(window) + previous[tail:]
        if window:
            last_stage = window[-1].stage
            stage = -1 if last_stage is None else last_stage
        rest = self._locate(reuse.resumed, len(self.items), head + len(window), stage)
        for moved, before in zip(rest, previous[tail:], strict=False):
            moved.keep_facts_of(before)  # the same nodes, placed again: their text is the same
        return previous[:head] + tuple(window) + tuple(rest)

    def _derived(self, name: str) -> tuple[_Patch, Any] | None:
        """The patch and the parent's ``name`` view, when this document can patch it."""
        self.instructions  # noqa: B018 -- locating the instructions decides on a patch
        patch = self._patch
        if patch is None or name not in patch.derived:
            return None
        return patch, patch.derived[name]

    @cached_property
    def comments(self) -> tuple[Comment, ...]:
        """Comment lines between instructions (not those inside a continuation)."""
        derived = self._derived("comments")
        if derived is not None:
            patch = derived[0]
            old: tuple[Comment, ...] = derived[1]
            begin, end = patch.items
            first, after = patch.lines
            low = bisect_left(old, first, key=comment_line)
            high = bisect_left(old, after, lo=low, key=comment_line)
            new = self._comments(begin, end)
            if old[low:high] == new:
                return old  # the same object: consumers can tell nothing changed
            return old[:low] + new + old[high:]
        return self._comments(0, len(self.items))

    def _comments(self, begin: int, end: int) -> tuple[Comment, ...]:
        items, starts = self.items, self.starts
        return tuple(
            items[k].comment.shifted(starts[k])  # type: ignore[union-attr]
            for k in range(begin, end)
            if isinstance(items[k], CommentNode)
        )

    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        found = list(self.directive_problems)
        for node, line in zip(self.items, self.starts, strict=True):
            # Comment items have no problems; most instructions have none either.
            if isinstance(node, InstructionNode) and node.problems:
                found.extend(p.shifted(line) for p in node.problems)
        return tuple(found)

    @cached_property
    def stages(self) -> tuple[Stage, ...]:
        derived = self._derived("stages")
        if derived is not None:
            patch, old = derived
            patched = patch_stages(old, patch.old, patch.new, self.instructions)
            if patched is not None:
                return patched
        return build_stages(self)

    @cached_property
    def stage_graph(self) -> StageGraph:
        """How the stages refer to each other: ancestors, what a ``--from`` or ``FROM``
        names, the target and what ships. Built from :attr:`stages` on first use, so a
        patched ``stages`` gets a fresh graph."""
        return StageGraph(self.stages)

    def directive(self, name: str) -> Directive | None:
        for directive in self.directives:
            if directive.name == name:
                return directive
        return None

    def instruction_at(self, line: int) -> Instruction | None:
        """The instruction whose lines include ``line``, if any."""
        index = bisect_right(self.starts, line) - 1
        if index < 0 or not isinstance(self.items[index], InstructionNode):
            return None
        node = self.items[index]
        if line >= self.starts[index] + node.line_count:
            return None
        ordinal = bisect_left(self.instructions, self.starts[index], key=lambda i: i.line)
        return self.instructions[ordinal]

    def by_keyword(self, *keywords: str) -> Iterator[Instruction]:
        """The instructions with one of ``keywords``, in file order."""
        index = self._keyword_index
        if len(keywords) == 1:
            return iter(index.get(keywords[0], ()))
        found = [i for k in set(keywords) for i in index.get(k, ())]
        found.sort(key=lambda i: i.index)
        return iter(found)

    @cached_property
    def _keyword_index(self) -> dict[str, list[Instruction]]:
        # One pass per version, so rules asking for "every RUN" do not each walk the file.
        index: dict[str, list[Instruction]] = {}
        for instruction in self.instructions:
            index.setdefault(instruction.keyword, []).append(instruction)
        return index

    # -- incremental update ----------------------------------------------------------------

    def apply_edit(self, span: Span, new_text: str) -> Dockerfile:
        """Return the Dockerfile after replacing ``span`` with ``new_text``.

        Positions past the end of a line or of the file are clamped, as editors do.
        Only the items the edit can affect are lexed again.
        """
        start, end = sorted((self._clamp(span.start), self._clamp(span.end)))
        lines, endings = self.lines, self.endings
        first = start.line
        if first > 0 and endings[first - 1] == "\r":
            first -= 1  # "\r" then an inserted "\n" must become one "\r\n"
        last = end.line
        region = "".join(lines[i] + endings[i] for i in range(first, start.line))
        region += lines[start.line][: start.character] + new_text
        region += lines[last][end.character :] + endings[last]
        if region.endswith("\r") and last + 1 < len(lines):
            last += 1
            region += lines[last] + endings[last]
        new_lines, new_endings = split_lines(region)
        if endings[last]:
            new_lines.pop()  # the region ended with a line ending: no partial line follows
            new_endings.pop()
        lines = lines.copy()  # one copy and a slice assignment: C speed, even for huge files
        lines[first : last + 1] = new_lines
        endings = endings.copy()
        endings[first : last + 1] = new_endings
        if first <= self.body_start:  # the directives (and so the escape) may change
            return self._reparsed(lines, endings)
        delta = len(new_lines) - (last - first + 1)
        touched_last = first + len(new_lines) - 1
        items, starts, window, resumed_old = self._relex(lines, first, touched_last, delta)
        reuse = None
        previous = self.__dict__.get("instructions")  # computed already: worth reusing
        if previous is not None:
            old_starts = self.starts
            reuse = _Reuse(
                previous,
                window,
                len(items) - (len(old_starts) - resumed_old),
                old_starts[window] if window < len(old_starts) else sys.maxsize,
                old_starts[resumed_old] if resumed_old < len(old_starts) else sys.maxsize,
                delta,
                {k: self.__dict__[k] for k in _DERIVED if k in self.__dict__},
            )
        return Dockerfile(
            lines,
            endings,
            self.directives,
            self.escape,
            self.directive_problems,
            self.body_start,
            items,
            starts,
            reuse,
        )

    def _reparsed(self, lines: list[str], endings: list[str]) -> Dockerfile:
        directives, escape, problems, body_start = parse_directives(lines)
        items, starts = _lex(lines, body_start, escape)
        return Dockerfile(
            lines, endings, tuple(directives), escape, tuple(problems), body_start, items, starts
        )

    def _relex(
        self, lines: list[str], first: int, touched_last: int, delta: int
    ) -> tuple[list[Node], list[int], int, int]:
        """New items and starts, the index of the first re-lexed item, and the index of the
        first old item reused after the window (``len(items)`` if none)."""
        old_items, old_starts = self.items, self.starts
        k = bisect_right(old_starts, first) - 1
        if k >= 0 and old_starts[k] + old_items[k].line_count - 1 < first:
            k += 1  # the edit starts in a gap after item k, which it cannot change
            line = first
        elif k >= 0:
            line = old_starts[k]
        else:
            k = 0
            line = self.body_start
        items = old_items[:k]
        starts = old_starts[:k]
        total = len(lines)
        escape = self.escape
        while line < total:
            if is_blank(lines[line], line):
                line += 1
                continue
            if line > touched_last:
                j = bisect_left(old_starts, line - delta, lo=k)
                if j < len(old_starts) and old_starts[j] == line - delta:
                    items.extend(old_items[j:])
                    starts.extend(map(delta.__add__, old_starts[j:]) if delta else old_starts[j:])
                    return items, starts, k, j
            node, last = lex_item(lines, line, escape)
            items.append(node)
            starts.append(line)
            line = last + 1
        return items, starts, k, len(old_items)

    def _clamp(self, position: Position) -> Position:
        if position.line < 0:
            return Position(0, 0)
        if position.line >= len(self.lines):
            last = len(self.lines) - 1
            return Position(last, len(self.lines[last]))
        return Position(
            position.line, max(0, min(position.character, len(self.lines[position.line])))
        )


class _Reuse(NamedTuple):
    """What a document made by ``apply_edit`` needs to reuse its parent's located views."""

    instructions: tuple[Instruction, ...]  # the parent's
    window: int  # index of the first re-lexed item (the same in both)
    resumed: int  # index, in the new items, of the first item reused after the window
    window_line: int  # the parent's first line of the window (its instructions start there)
    tail_line: int  # the parent's first line of the reused items after the window
    delta: int  # lines added (or removed, if negative) by the edit
    derived: dict[str, Any]  # the parent's views derived from its instructions, if computed


class _Patch(NamedTuple):
    """Typing inside a line: the instructions ``old`` were replaced by ``new`` one for one,
    nothing moved, and the views derived from the parent's instructions can be patched
    rather than rebuilt (see :meth:`Dockerfile._derived`)."""

    old: tuple[Instruction, ...]
    new: tuple[Instruction, ...]
    items: tuple[int, int]  # the re-lexed items, in this document
    lines: tuple[int, int]  # their lines: the window's first line, the first line after it
    derived: dict[str, Any]


def _line_of(instruction: Instruction) -> int:
    return instruction.line


def comment_line(comment: Comment) -> int:
    return comment.span.start.line


_DERIVED = ("comments", "stages")
"""Views :class:`_Patch` can carry from a parent to the document after an edit."""


def _lex(lines: list[str], start: int, escape: str) -> tuple[list[Node], list[int]]:
    return lex_items(lines, start, escape)


def parse(text: str) -> Dockerfile:
    """Parse Dockerfile text. Never raises; problems are in ``Dockerfile.problems``."""
    return Dockerfile.parse(text)
