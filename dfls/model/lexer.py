"""The line lexer: physical lines in, one item (an instruction or a comment) out.

It follows BuildKit's parser: a line ending in the escape character (plus optional blanks)
continues the instruction; comment lines and empty lines inside a continuation are skipped
(they belong to the instruction but are not part of its logical line); heredoc bodies for
RUN, COPY and ADD (also under ONBUILD) follow the logical line, each up to its terminator.
Parser directives are only read at the top of the file, before anything else.

Every item ends at a line boundary and the lexer carries no state between items beyond the
escape character, which is what lets :mod:`dfls.model.document` re-lex only a window.
This module joins the physical lines; what the logical line says (keyword, flags, words...)
is read by :mod:`dfls.model.logical`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from dfls.model.logical import EXEC_FORM_INSTRUCTIONS as EXEC_FORM_INSTRUCTIONS
from dfls.model.logical import (
    PLACEHOLDER,
    Analysis,
    analyse,
    span_mapper,
    unlocated,
)
from dfls.model.nodes import (
    Comment,
    CommentNode,
    Directive,
    Heredoc,
    InstructionNode,
    Node,
    Problem,
    Segment,
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
DIRECTIVES = frozenset({"syntax", "escape", "check"})

# Go's unicode.IsSpace, which BuildKit uses to skip leading blanks and blank lines.
SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    map(chr, range(0x2000, 0x200B))
)
# BuildKit: leading blanks, "#", blanks, a name, "=", a value (Go's \s is [\t\n\f\r ]).
_DIRECTIVE_LINE = re.compile(
    "^[" + SPACE + "]*#[" + SPACE + "]*([a-zA-Z][a-zA-Z0-9]*)[\t\f ]*=[\t\f ]*(.+?)[\t\f ]*$"
)
BOM = "\ufeff"
_new = tuple.__new__  # NamedTuple construction without the Python-level __new__


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


def lex_items(lines: Sequence[str], start: int, escape: str) -> tuple[list[Node], list[int]]:
    """Every item from line ``start`` on (blank lines between them skipped), and their lines."""
    items: list[Node] = []
    starts: list[int] = []
    line = start
    total = len(lines)
    while line < total:
        text = lines[line]
        col = len(text) - len(text.lstrip(SPACE)) if line else indent(text, 0)
        if col == len(text):
            line += 1
            continue
        node, last = _lex_at(lines, line, col, escape, True)
        items.append(node)
        starts.append(line)
        line = last + 1
    return items, starts


def lex_item(
    lines: Sequence[str], first: int, escape: str, located: bool = True
) -> tuple[Node, int]:
    """Lex the item starting at non-blank line ``first``; return it and its last line.

    With ``located=False`` the spans of the keyword, flags, words, arguments, comments and
    the node itself are :data:`PLACEHOLDER` (problems and heredoc bodies keep theirs) and it
    has no variables; all the rest (keyword, arguments, flags, words, exec form, heredocs,
    comments' texts, problems' messages, segments...) is what ``located=True`` gives. That
    is enough to compare what two versions of an instruction build, for less work.
    """
    return _lex_at(lines, first, indent(lines[first], first), escape, located)


def _lex_at(
    lines: Sequence[str], first: int, start: int, escape: str, located: bool
) -> tuple[Node, int]:
    line = lines[first]
    if line.startswith("#", start):
        where = Span.on_line(0, start, len(line)) if located else PLACEHOLDER
        return CommentNode(Comment(line[start + 1 :].strip(), where)), first
    end = continuation_at(line, start, escape)
    if end < 0:  # one physical line: most instructions
        text = line[start:] if start else line
        logical = _Logical(text, (_new(Segment, (0, 0, start, len(line))),), 0)
    else:
        logical = _continued(lines, first, start, end, escape, located)
    segments = logical.segments
    span = span_mapper(segments) if located else unlocated
    analysis = analyse(logical.text, 0, escape, segments, span)
    heredocs = analysis.heredocs
    rel = logical.last
    if heredocs:
        heredocs, rel = _heredoc_bodies(lines, first, heredocs, rel, logical.problems)
    end_position = _new(Position, (rel, len(lines[first + rel])))
    trigger = None
    if analysis.trigger is not None:
        trigger = _node(analysis.trigger, logical, heredocs, end_position, located, None, True)
    node = _node(analysis, logical, heredocs, end_position, located, trigger, False)
    return node, first + rel


def continuation_at(line: str, start: int, escape: str) -> int:
    """Where the escape character that continues ``line`` is (at or after ``start``), or -1.

    It is the last character but blanks (spaces, tabs), and not escaped itself; the same
    as searching ``_continuation(escape)`` from ``start``, which stays the reference for
    the rare line that ends in a newline character (where ``$`` would differ).
    """
    body = line.rstrip(" \t")
    at = len(body) - 1
    if at < start or body[at] != escape:
        if body.endswith("\n"):
            match = _continuation(escape).search(line, start)
            return match.start() if match else -1
        return -1
    return at if at == 0 or body[at - 1] != escape else -1


class _Logical:
    """The logical line of an instruction and what its physical lines hold besides."""

    __slots__ = ("comments", "empty", "last", "problems", "segments", "text")

    def __init__(self, text: str, segments: tuple[Segment, ...], last: int) -> None:
        self.text = text
        self.segments = segments
        self.last = last  # the last line of the continuation, relative to the first
        self.comments: tuple[Comment, ...] = ()
        self.empty: tuple[int, ...] = ()
        self.problems: list[Problem] = []


def _continued(
    lines: Sequence[str], first: int, start: int, end: int, escape: str, located: bool
) -> _Logical:
    """The logical line of an instruction whose first line (content from ``start``)
    continues at ``end``: the continuation lines joined, comments and empty lines apart."""
    segments = [_new(Segment, (0, 0, start, end))]
    parts = [lines[first][start:end]]
    length = end - start
    comments: list[Comment] = []
    empty: list[int] = []
    total = len(lines)
    rel = 0
    continuing = True
    while continuing and first + rel + 1 < total:
        rel += 1
        line = lines[first + rel]
        col = len(line) - len(line.lstrip(SPACE))  # indent(): not line 0, so no BOM
        if line.startswith("#", col):
            span = Span.on_line(rel, col, len(line)) if located else PLACEHOLDER
            comments.append(Comment(line[col + 1 :].strip(), span))
        elif col == len(line):
            empty.append(rel)
        else:
            end = continuation_at(line, 0, escape)
            continuing = end >= 0
            if not continuing:
                end = len(line)
            segments.append(_new(Segment, (length, rel, 0, end)))
            parts.append(line[:end])
            length += end
    logical = _Logical("".join(parts), tuple(segments), rel)
    logical.comments = tuple(comments)
    logical.empty = tuple(empty)
    if continuing:
        last = segments[-1]  # the line with the escape character
        logical.problems.append(
            Problem(
                Span.on_line(last.line, last.end, len(lines[first + last.line])),
                "the file ends inside a line continuation",
                "continuation-at-eof",
                "warning",
            )
        )
    return logical


def _node(
    analysis: Analysis,
    logical: _Logical,
    heredocs: tuple[Heredoc, ...],
    end: Position,
    located: bool,
    trigger: InstructionNode | None,
    inner: bool,
) -> InstructionNode:
    """The node of the instruction or (``inner``) of an ONBUILD's trigger, which has no
    comments, empty lines or problems of its own: the ONBUILD has them."""
    outer = not inner
    return InstructionNode(
        keyword=analysis.keyword,
        keyword_text=analysis.keyword_text,
        keyword_span=analysis.keyword_span,
        span=_new(Span, (analysis.keyword_span.start, end)) if located else PLACEHOLDER,
        line_count=end.line + 1,
        text=logical.text,
        args=analysis.args,
        args_offset=analysis.args_offset,
        args_span=analysis.args_span,
        flags=analysis.flags,
        words=analysis.words,
        exec_form=analysis.exec_form,
        heredocs=heredocs,
        comments=logical.comments if outer else (),
        empty_continuation_lines=logical.empty if outer else (),
        variables=analysis.variables,
        trigger=trigger,
        problems=tuple(logical.problems) if outer else (),
        segments=logical.segments,
    )


def _heredoc_bodies(
    lines: Sequence[str],
    first: int,
    markers: tuple[Heredoc, ...],
    rel: int,
    problems: list[Problem],
) -> tuple[tuple[Heredoc, ...], int]:
    """The heredocs with their bodies, which follow line ``rel``; and the last line."""
    total = len(lines)
    done: list[Heredoc] = []
    for marker in markers:
        body: list[str] = []
        body_first = rel + 1
        terminator = None
        delimiter = marker.delimiter
        strip_tabs = marker.strip_tabs
        while first + rel + 1 < total:
            rel += 1
            line = lines[first + rel]
            candidate = line.lstrip("\t") if strip_tabs else line
            if candidate == delimiter:
                terminator = Span.on_line(rel, len(line) - len(candidate), len(line))
                break
            body.append(line)
        body_last = rel - 1 if terminator else rel
        body_span = None
        if body_last >= body_first:
            last_len = len(lines[first + body_last])
            body_span = Span(Position(body_first, 0), Position(body_last, last_len))
        if terminator is None:
            problems.append(
                Problem(
                    marker.marker_span,
                    f"heredoc {delimiter!r} is never terminated: add a line {delimiter!r}",
                    "unterminated-heredoc",
                )
            )
        text = "\n".join(body)
        if body and (terminator is not None or first + rel + 1 < total):
            text += "\n"  # the last line of the file has no line end
        done.append(marker._replace(body=text, body_span=body_span, terminator_span=terminator))
    return tuple(done), rel
