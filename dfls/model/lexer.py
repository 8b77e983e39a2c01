"""The line lexer: physical lines in, one item (an instruction or a comment) out.

It follows BuildKit's parser: a line ending in the escape character (plus optional blanks)
continues the instruction; comment lines and empty lines inside a continuation are skipped
(they belong to the instruction but are not part of its logical line); heredoc bodies for
RUN, COPY and ADD (also under ONBUILD) follow the logical line, each up to its terminator.
Parser directives are only read at the top of the file, before anything else.

Every item ends at a line boundary and the lexer carries no state between items beyond the
escape character, which is what lets :mod:`dfls.model.document` re-lex only a window.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache

from dfls.model import words as scan
from dfls.model.nodes import (
    Comment,
    CommentNode,
    Directive,
    Flag,
    Heredoc,
    InstructionNode,
    Node,
    Problem,
    Segment,
    VariableRef,
    Word,
)
from dfls.model.text import Position, Span

INSTRUCTIONS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)
EXEC_FORM_INSTRUCTIONS = frozenset(
    {"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME", "HEALTHCHECK"}
)
HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
DIRECTIVES = frozenset({"syntax", "escape", "check"})

# Go's unicode.IsSpace, which BuildKit uses to skip leading blanks and blank lines.
SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    map(chr, range(0x2000, 0x200B))
)
# BuildKit: leading blanks, "#", blanks, a name, "=", a value (Go's \s is [\t\n\f\r ]).
_DIRECTIVE_LINE = re.compile(
    "^[" + SPACE + "]*#[" + SPACE + "]*([a-zA-Z][a-zA-Z0-9]*)[\t\f ]*=[\t\f ]*(.+?)[\t\f ]*$"
)
_BLANK = " \t\v\f"
_KEYWORD_END = _BLANK + "\r"  # BuildKit splits the keyword off at [\t\v\f\r ]
BOM = "\ufeff"


@lru_cache(maxsize=4)
def _continuation(escape: str) -> re.Pattern[str]:
    """The escape character at the end of a line (blanks may follow) continues it.

    As in BuildKit, not when the escape character is itself escaped (``C:\\``).
    """
    e = re.escape(escape)
    return re.compile(f"(?<!{e}){e}[ \t]*$")


def indent(line: str, index: int) -> int:
    """Where the content of line ``index`` starts: after a BOM on line 0, then blanks."""
    start = 1 if index == 0 and line.startswith(BOM) else 0
    return len(line) - len(line[start:].lstrip(SPACE))


def is_blank(line: str, index: int) -> bool:
    """A line BuildKit skips: nothing but blanks (and, on line 0, a BOM)."""
    return indent(line, index) == len(line)


def parse_directives(lines: Sequence[str]) -> tuple[list[Directive], str, list[Problem], int]:
    """Read parser directives from the top: (directives, escape, problems, next line)."""
    directives: list[Directive] = []
    problems: list[Problem] = []
    escape = "\\"
    seen: set[str] = set()
    index = 0
    for index, raw in enumerate(lines):
        offset = 1 if index == 0 and raw.startswith(BOM) else 0
        line = raw[offset:]
        match = _DIRECTIVE_LINE.match(line)
        if not match or match.group(1).lower() not in DIRECTIVES:
            return directives, escape, problems, index
        name = match.group(1).lower()
        value = match.group(2)
        span = Span.on_line(index, indent(raw, index), len(raw))
        name_span = Span.on_line(index, offset + match.start(1), offset + match.end(1))
        value_span = Span.on_line(index, offset + match.start(2), offset + match.end(2))
        if name in seen:
            problems.append(
                Problem(span, f"only one {name} parser directive can be used", "directive")
            )
        seen.add(name)
        if name == "escape":
            if value in ("\\", "`"):
                escape = value
            else:
                problems.append(
                    Problem(
                        value_span,
                        f"invalid escape token {value!r}: use a backslash or a backtick",
                        "directive",
                    )
                )
        directives.append(Directive(name, value, span, name_span, value_span))
    return directives, escape, problems, len(lines)


def lex_item(lines: Sequence[str], first: int, escape: str) -> tuple[Node, int]:
    """Lex the item starting at non-blank line ``first``; return it and its last line."""
    line = lines[first]
    start = indent(line, first)
    if line.startswith("#", start):
        return CommentNode(
            Comment(line[start + 1 :].strip(), Span.on_line(0, start, len(line)))
        ), first
    return _InstructionLexer(lines, first, escape).run()


def _span_mapper(segments: tuple[Segment, ...]) -> Callable[[int, int], Span]:
    """A function from offsets in the logical line to relative spans, as ``span_in``.

    Specialised for speed: the scanners' offsets are always inside the logical line.
    """
    new = tuple.__new__
    if len(segments) == 1:
        line, base = segments[0].line, segments[0].start

        def one_line(a: int, b: int) -> Span:
            start = new(Position, (line, base + a))
            if b <= a:
                return new(Span, (start, start))
            return new(Span, (start, new(Position, (line, base + b))))

        return one_line

    offsets = [segment.offset for segment in segments]

    def position(offset: int) -> Position:
        index = bisect_right(offsets, offset) - 1
        seg = segments[index if index > 0 else 0]
        column = offset - seg.offset
        width = seg.end - seg.start
        return new(Position, (seg.line, seg.start + (column if column < width else width)))

    def many_lines(a: int, b: int) -> Span:
        start = position(a)
        if b <= a:
            return new(Span, (start, start))
        last = position(b - 1)
        return new(Span, (start, new(Position, (last.line, last.character + 1))))

    return many_lines


class _Analysis:
    """What one logical line says, before the heredoc bodies and the full range are known."""

    __slots__ = (
        "args",
        "args_offset",
        "args_span",
        "exec_form",
        "flags",
        "heredocs",
        "keyword",
        "keyword_span",
        "keyword_text",
        "trigger",
        "variables",
        "words",
    )

    keyword: str
    keyword_text: str
    keyword_span: Span
    args: str
    args_offset: int
    args_span: Span | None
    flags: tuple[Flag, ...]
    words: tuple[Word, ...]
    exec_form: tuple[Word, ...] | None
    heredocs: tuple[Heredoc, ...]
    variables: tuple[VariableRef, ...]
    trigger: _Analysis | None


class _InstructionLexer:
    def __init__(self, lines: Sequence[str], first: int, escape: str) -> None:
        self.lines = lines
        self.first = first
        self.escape = escape
        self.continuation = _continuation(escape)
        self.segments: list[Segment] = []
        self.parts: list[str] = []
        self.length = 0
        self.comments: list[Comment] = []
        self.empty: list[int] = []
        self.problems: list[Problem] = []

    def _take(self, rel: int, start: int) -> bool:
        """Append line content to the logical line; return True if it continues."""
        line = self.lines[self.first + rel]
        match = self.continuation.search(line, start)
        end = match.start() if match else len(line)
        self.segments.append(Segment(self.length, rel, start, end))
        self.parts.append(line[start:end])
        self.length += end - start
        return match is not None

    def run(self) -> tuple[InstructionNode, int]:
        lines = self.lines
        first = self.first
        total = len(lines)
        rel = 0
        continuing = self._take(0, indent(lines[first], first))
        while continuing and first + rel + 1 < total:
            rel += 1
            line = lines[first + rel]
            col = indent(line, first + rel)
            if line.startswith("#", col):
                self.comments.append(
                    Comment(line[col + 1 :].strip(), Span.on_line(rel, col, len(line)))
                )
            elif col == len(line):
                self.empty.append(rel)
            else:
                continuing = self._take(rel, 0)
        if continuing:
            last = self.segments[-1]  # the line with the escape character
            self.problems.append(
                Problem(
                    Span.on_line(last.line, last.end, len(lines[first + last.line])),
                    "the file ends inside a line continuation",
                    "continuation-at-eof",
                    "warning",
                )
            )
        text = "".join(self.parts)
        segments = tuple(self.segments)
        analysis = self._analyse(text, _span_mapper(segments), 0)
        heredocs = analysis.heredocs
        if heredocs:
            heredocs, rel = self._heredoc_bodies(heredocs, rel)
        end = Position(rel, len(lines[first + rel]))
        trigger = None
        if analysis.trigger is not None:
            trigger = self._node(analysis.trigger, text, segments, heredocs, end, rel, False)
        node = self._node(analysis, text, segments, heredocs, end, rel, True, trigger)
        return node, first + rel

    def _analyse(self, text: str, span: Callable[[int, int], Span], start: int) -> _Analysis:
        """Keyword, flags, words, exec form, variables and heredoc markers of ``text[start:]``."""
        escape = self.escape
        result = _Analysis()
        n = len(text)
        i = start
        while i < n and text[i] in _BLANK:
            i += 1
        kw_end = i
        while kw_end < n and text[kw_end] not in _KEYWORD_END:
            kw_end += 1
        result.keyword_text = keyword_text = text[i:kw_end]
        result.keyword = keyword = keyword_text.upper()
        result.keyword_span = span(i, kw_end)
        args_start = kw_end
        while args_start < n and text[args_start] in _BLANK:
            args_start += 1
        args_end = len(text.rstrip(_BLANK))
        result.args_offset = args_start
        if args_start < args_end:
            result.args = text[args_start:args_end]
            result.args_span = span(args_start, args_end)
        else:
            result.args = ""
            result.args_span = None

        raw_flags, rest = scan.take_flags(scan.split_words(text, args_start, escape))
        result.flags = tuple(
            Flag(
                f.name,
                f.value,
                span(f.start, f.end),
                span(f.name_start, f.name_end),
                span(f.value_start, f.value_end) if f.value is not None else None,
            )
            for f in raw_flags
        )
        result.words = tuple(Word(w.text, w.value, span(w.start, w.end)) for w in rest)
        result.exec_form = None
        result.trigger = None
        rest_start = rest[0].start if rest else args_end
        effective = keyword
        if keyword == "ONBUILD" and rest and start == 0:
            # One level only: BuildKit rejects ONBUILD ONBUILD, and a chain of them must not
            # recurse once per word.
            result.trigger = self._analyse(text, span, rest_start)
            effective = result.trigger.keyword
        elif keyword in EXEC_FORM_INSTRUCTIONS and rest:
            exec_start = rest_start
            if keyword == "HEALTHCHECK" and rest[0].value.upper() == "CMD" and len(rest) > 1:
                exec_start = rest[1].start
            raw_exec = scan.scan_exec_form(text[:args_end], exec_start)
            if raw_exec is not None:
                result.exec_form = tuple(
                    Word(w.text, w.value, span(w.start, w.end)) for w in raw_exec
                )
        if result.trigger is not None:
            result.heredocs = result.trigger.heredocs
        elif effective in HEREDOC_INSTRUCTIONS and result.exec_form is None and "<<" in text:
            markers = [m for m in map(scan.heredoc_marker, rest) if m is not None]
            result.heredocs = tuple(
                Heredoc(m.delimiter, m.strip_tabs, m.quoted, span(m.start, m.end), "", None, None)
                for m in markers
            )
        else:
            result.heredocs = ()
        result.variables = tuple(
            VariableRef(v.name, span(v.start, v.end), v.braced, v.modifier, v.word)
            for v in scan.scan_variables(text, args_start, escape)
        )
        return result

    def _node(
        self,
        analysis: _Analysis,
        text: str,
        segments: tuple[Segment, ...],
        heredocs: tuple[Heredoc, ...],
        end: Position,
        rel: int,
        outer: bool,
        trigger: InstructionNode | None = None,
    ) -> InstructionNode:
        return InstructionNode(
            keyword=analysis.keyword,
            keyword_text=analysis.keyword_text,
            keyword_span=analysis.keyword_span,
            span=Span(analysis.keyword_span.start, end),
            line_count=rel + 1,
            text=text,
            args=analysis.args,
            args_offset=analysis.args_offset,
            args_span=analysis.args_span,
            flags=analysis.flags,
            words=analysis.words,
            exec_form=analysis.exec_form,
            heredocs=heredocs,
            comments=tuple(self.comments) if outer else (),
            empty_continuation_lines=tuple(self.empty) if outer else (),
            variables=analysis.variables,
            trigger=trigger,
            problems=tuple(self.problems) if outer else (),
            segments=segments,
        )

    def _heredoc_bodies(
        self, markers: tuple[Heredoc, ...], rel: int
    ) -> tuple[tuple[Heredoc, ...], int]:
        lines = self.lines
        total = len(lines)
        done: list[Heredoc] = []
        for marker in markers:
            body: list[str] = []
            body_first = rel + 1
            terminator = None
            delimiter = marker.delimiter
            strip_tabs = marker.strip_tabs
            while self.first + rel + 1 < total:
                rel += 1
                line = lines[self.first + rel]
                candidate = line.lstrip("\t") if strip_tabs else line
                if candidate == delimiter:
                    terminator = Span.on_line(rel, len(line) - len(candidate), len(line))
                    break
                body.append(line)
            body_last = rel - 1 if terminator else rel
            body_span = None
            if body_last >= body_first:
                last_len = len(lines[self.first + body_last])
                body_span = Span(Position(body_first, 0), Position(body_last, last_len))
            if terminator is None:
                self.problems.append(
                    Problem(
                        marker.marker_span,
                        f"heredoc {delimiter!r} is never terminated: add a line {delimiter!r}",
                        "unterminated-heredoc",
                    )
                )
            text = "\n".join(body)
            if body and (terminator is not None or self.first + rel + 1 < total):
                text += "\n"  # the last line of the file has no line end
            done.append(marker._replace(body=text, body_span=body_span, terminator_span=terminator))
        return tuple(done), rel
