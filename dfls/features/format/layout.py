"""The layout of one instruction: keyword case, the blank after it, continuation lines.

Works on the physical lines of the instruction, with the node's segments saying which part
of each line belongs to the logical line. Only blanks at line boundaries, the blanks after
the keyword, the keyword's case and single-line exec-form arrays change: the words
themselves are never rewritten, so the build stays the same (and
:mod:`dfls.features.format.safety` checks it). An instruction whose layout cannot change
safely (a line break inside a word or a quoted string, arguments read whole, a syntax
problem) is returned as written, apart from its keyword's case when that is on line 0.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

from dfls.engine.format_options import FormatOptions
from dfls.features.format.safety import raw_arguments
from dfls.model import words as scan
from dfls.model.lexer import INSTRUCTIONS, SPACE
from dfls.model.logical import PLACEHOLDER, SpanOf, span_mapper
from dfls.model.nodes import InstructionNode, Segment
from dfls.model.text import Span

_BLANKS = " \t\v\f\r"
_ODD_BLANKS = re.compile("[\t\v\f\r\xa0]")
"""Blanks other than a space: a line with one is laid out again."""
OPERATORS = frozenset({"&&", "||", "|"})
_OPENERS = frozenset({"if", "for", "while", "until", "case", "select", "{"})
_CLOSERS = frozenset({"fi", "done", "esac", "}"})


class Style(NamedTuple):
    """What the whole file decided: the keyword case and the indentation unit. (The
    formatter's records are named tuples: a dataclass costs about a millisecond to define,
    at every start of ``dfls format``.)"""

    options: FormatOptions
    lower: bool | None
    """Keywords in lower case (True), upper case (False), or as written (None)."""
    escape: str

    @property
    def unit(self) -> str:
        if self.options.indent_style == "tab":
            return "\t"
        return " " * self.options.indent_width


def cased(keyword: str, style: Style) -> str:
    if style.lower is None or keyword.upper() not in INSTRUCTIONS:
        return keyword
    return keyword.lower() if style.lower else keyword.upper()


# A replacement on one physical line: (relative line, start column, end column, new text).
_Replacement = tuple[int, int, int, str]


class _Where:
    """Where an instruction's keywords and words are on its lines, found again from its
    logical line and segments as the lexer finds them: the spans in the node are not read,
    so that layout works on nodes lexed without positions (``dfls format`` lexes them so,
    for less work; see :mod:`dfls.features.format.source`)."""

    def __init__(self, node: InstructionNode, escape: str) -> None:
        self.node = node
        self.escape = escape
        self._words: list[tuple[int, int]] | None = None
        self._span: SpanOf | None = None

    def keyword(self) -> Span | None:
        """The keyword's span; None when a line break splits it."""
        node = self.node
        span = node.keyword_span
        if span is PLACEHOLDER:  # where the lexer reads it: after the logical line's blanks
            text = node.text
            first = len(text) - len(text.lstrip(" \t\v\f"))
            span = self._mapper()(first, first + len(node.keyword_text))
        return span if span.start.line == span.end.line else None

    def word(self, index: int) -> Span | None:
        """The span of ``node.words[index]`` (None if the words cannot be found again)."""
        given = self.node.words
        if 0 <= index < len(given) and given[index].span is not PLACEHOLDER:
            return given[index].span  # lexed with positions
        if self._words is None:
            node = self.node
            pattern = scan.word_pattern(self.escape)
            found = [m.span() for m in pattern.finditer(node.text, node.args_offset)]
            words = found[len(found) - len(node.words) :] if len(found) >= len(node.words) else []
            same = len(words) == len(node.words) and all(
                node.text[a:b] == w.text for (a, b), w in zip(words, node.words, strict=True)
            )
            self._words = words if same else []
        if not 0 <= index < len(self._words):
            return None
        return self._mapper()(*self._words[index])

    def _mapper(self) -> SpanOf:
        if self._span is None:
            self._span = span_mapper(self.node.segments)
        return self._span


def _case_replacements(node: InstructionNode, style: Style, where: _Where) -> list[_Replacement]:
    found: list[_Replacement] = []

    def replace(span: Span | None, text: str) -> None:
        if span is not None and span.start.line == span.end.line:
            found.append((span.start.line, span.start.character, span.end.character, text))

    replace(where.keyword(), cased(node.keyword_text, style))
    if node.trigger is not None:  # its keyword is the first of ONBUILD's words
        replace(where.word(0), cased(node.trigger.keyword_text, style))
    words = node.words
    if (
        node.keyword == "FROM"
        and len(words) > 1
        and words[1].text.upper() == "AS"
        and style.lower is not None
    ):
        replace(where.word(1), "as" if style.lower else "AS")
    return found


def _exec_replacement(node: InstructionNode, where: _Where) -> list[_Replacement]:
    """``["a","b"]`` written as ``["a", "b"]`` when the array is on one line."""
    target = node.trigger or node
    values = target.exec_form
    if values is None:
        return []
    # The trigger's words are the last of ONBUILD's.
    skipped = len(node.words) - len(target.words)
    first = next((i for i, w in enumerate(target.words) if w.text.startswith("[")), None)
    if first is None:
        return []
    opening, closing = where.word(skipped + first), where.word(len(node.words) - 1)
    if opening is None or closing is None:
        return []
    start, end = opening.start, closing.end
    if start.line != end.line:
        return []
    import json  # (here: most files' formatting needs no JSON)

    text = "[" + ", ".join(json.dumps(w.value, ensure_ascii=False) for w in values) + "]"
    return [(start.line, start.character, end.character, text)]


def _fragile(node: InstructionNode, escape: str) -> bool:
    """A line break inside a word (or between two characters of one): keep the lines."""
    if len(node.segments) < 2:
        return False
    text = node.text
    words = scan.word_bounds(text, escape)
    starts = [start for start, _ in words]
    for segment in node.segments[1:]:
        at = segment.offset
        if 0 < at < len(text) and text[at - 1] not in _BLANKS and text[at] not in _BLANKS:
            return True
        index = bisect_left(starts, at) - 1  # the last word that starts before the break
        if index >= 0 and at < words[index][1]:
            return True
    return False


def _width(line: str, unit: int) -> int:
    """Columns of leading blanks (a tab counts as one unit of indentation): those the
    pieces strip (other Unicode blanks are part of a word, as the lexer reads them)."""
    stripped = line.lstrip(_BLANKS)
    return len(line[: len(line) - len(stripped)].expandtabs(unit))


class _Piece(NamedTuple):
    kind: str  # "first", "content", "comment"
    text: str
    depth: int  # columns beyond the continuation indent
    rel: int = -1
    """The physical line it comes from; ``text[anchor:]`` starts at column ``column``."""
    anchor: int = 0
    column: int = 0


def layout(node: InstructionNode, lines: Sequence[str], style: Style) -> list[str] | None:
    """The new physical lines of the instruction's logical part (its heredoc bodies follow
    unchanged), or None to keep them as written."""
    if node.problems or node.keyword not in INSTRUCTIONS:
        return None
    if node.trigger is not None and node.trigger.keyword not in INSTRUCTIONS:
        return None
    where = _Where(node, style.escape)
    replacements = _case_replacements(node, style, where)
    multi = len(node.segments) > 1
    if not multi and node.exec_form is None:
        quick = _one_line(node, lines[0], replacements, style)
        if quick is not None:
            return quick
    if multi and (_fragile(node, style.escape) or raw_arguments(node.trigger or node)):
        return _only_replacements(node, lines, replacements)
    replacements.extend(_exec_replacement(node, where))
    pieces = _pieces(node, lines, replacements, style)
    if _splits_chains(node, style.options, multi):
        pieces = _split_chains(node, pieces, where)
    return _render(pieces, style, collapse=not raw_arguments(node.trigger or node))


def spaced_once(line: str) -> bool:
    """Laid out as the formatter writes a line: no blanks around it, and a single space,
    nothing else, between its words (the text of a word is never looked into)."""
    return line == line.strip(SPACE) and "  " not in line and not _ODD_BLANKS.search(line)


def _one_line(
    node: InstructionNode, line: str, replacements: list[_Replacement], style: Style
) -> list[str] | None:
    """A one-line instruction already laid out (one blank between words, none around):
    only its keyword's case may change. None when it needs the full treatment."""
    if not spaced_once(line):
        return None
    if _splits_chains(node, style.options, False) and OPERATORS.intersection(line.split(" ")):
        return None
    if node.heredocs and node.segments[0].end != len(line):
        return None
    return [_replaced(line, 0, replacements)]


def _only_replacements(
    node: InstructionNode, lines: Sequence[str], replacements: list[_Replacement]
) -> list[str]:
    last = node.segments[-1].line
    return [_replaced(lines[rel], rel, replacements) for rel in range(last + 1)]


def _replaced(line: str, rel: int, replacements: list[_Replacement]) -> str:
    for line_no, start, end, text in sorted(replacements, reverse=True):
        if line_no == rel:
            line = line[:start] + text + line[end:]
    return line


def _content(line: str, rel: int, segment: Segment, replacements: list[_Replacement]) -> str:
    """The line's part of the logical line, replacements applied."""
    end = segment.end
    for line_no, start, old_end, text in replacements:
        if line_no == rel and start < segment.end:
            end += len(text) - (old_end - start)
    return _replaced(line, rel, replacements)[segment.start : end]


def _pieces(
    node: InstructionNode, lines: Sequence[str], replacements: list[_Replacement], style: Style
) -> list[_Piece]:
    segments = {s.line: s for s in node.segments}
    last = node.segments[-1].line
    comments = _comment_lines(node)
    unit = style.options.indent_width
    widths = {r: _width(lines[r], unit) for r in range(1, last + 1) if r in segments}
    base = min(widths.values(), default=0)
    replaced = {r for r, *_ in replacements}
    pieces: list[_Piece] = []
    for rel in range(last + 1):
        line = lines[rel]
        if rel in segments:
            segment = segments[rel]
            if rel in replaced:
                text = _content(line, rel, segment, replacements)
            else:
                text = line[segment.start : segment.end]
            if rel == 0:
                pieces.append(_first(text, node, segment.start))
            else:
                stripped = text.strip(_BLANKS)
                column = segment.start + len(text) - len(text.lstrip(_BLANKS))
                depth = widths[rel] - base
                pieces.append(_Piece("content", stripped, depth, rel, 0, column))
        elif rel in comments:
            pieces.append(_Piece("comment", line.strip(SPACE), 0, rel))
    return pieces


def _comment_lines(node: InstructionNode) -> set[int]:
    """The lines of the comments inside the instruction's continuation lines: the lines
    between its first and last that are neither part of the logical line nor empty (their
    spans are not read: see :class:`_Where`). For an instruction without problems (layout
    keeps the others as written): one that ends inside a continuation may have comment
    lines after its last part."""
    taken = {s.line for s in node.segments}.union(node.empty_continuation_lines)
    return {rel for rel in range(node.segments[-1].line) if rel not in taken}


def _first(text: str, node: InstructionNode, start: int) -> _Piece:
    """Line 0: the keyword, one blank, the rest (blanks at the end dropped)."""
    size = len(node.keyword_text)
    keyword = text[:size]
    after = text[size:]
    rest = after.strip(_BLANKS)
    column = start + size + len(after) - len(after.lstrip(_BLANKS))
    if not rest:
        return _Piece("first", keyword, 0, 0, size, column)
    return _Piece("first", f"{keyword} {rest}", 0, 0, size + 1, column)


def _splits_chains(node: InstructionNode, options: FormatOptions, multi: bool) -> bool:
    if node.keyword != "RUN" or node.heredocs or node.exec_form is not None:
        return False
    if options.split_chains == "always":
        return True
    return options.split_chains == "multi-line" and multi


def _operator_columns(node: InstructionNode, where: _Where) -> dict[int, list[tuple[int, int]]]:
    """Top-level ``&&``, ``||`` and ``|`` words: columns per line (a rough depth count
    keeps those inside ``if``/loops/groups/subshells on their lines). None in a script of
    ``;``-separated statements (``set -eux; ...``): its author chose where lines break."""
    found: dict[int, list[tuple[int, int]]] = {}
    depth = 0
    for index, word in enumerate(node.words):
        text = word.text
        bare = text.rstrip(";")
        if bare in _OPENERS:
            depth += 1
        elif bare in _CLOSERS:
            depth -= 1
        depth = max(depth + text.count("(") - text.count(")"), 0)
        if depth == 0 and text.endswith(";") and not text.endswith(";;"):
            return {}
        if text in OPERATORS and depth == 0 and (span := where.word(index)) is not None:
            start, end = span
            if start.line == end.line:
                found.setdefault(start.line, []).append((start.character, end.character))
    return found


def _split_chains(node: InstructionNode, pieces: list[_Piece], where: _Where) -> list[_Piece]:
    """Each command of a top-level chain on its own line, the operator where the
    instruction's other line breaks put it (at the start of lines by default)."""
    columns = _operator_columns(node, where)
    if not columns:
        return pieces
    leading = _leading_operators(pieces)
    out: list[_Piece] = []
    for piece in pieces:
        if piece.kind == "comment" or piece.rel not in columns:
            out.append(piece)
        else:
            out.extend(_split_piece(piece, columns[piece.rel], leading))
    return out


def _leading_operators(pieces: list[_Piece]) -> bool:
    content = [p for p in pieces if p.kind != "comment"]
    starts = sum(1 for p in content if p.text.split(" ", 1)[0] in OPERATORS)
    ends = sum(1 for p in content if p.text.rsplit(" ", 1)[-1] in OPERATORS)
    return starts >= ends


def _split_piece(piece: _Piece, columns: list[tuple[int, int]], leading: bool) -> list[_Piece]:
    text = piece.text
    cuts = []
    for start, end in columns:
        first = piece.anchor + start - piece.column
        last = piece.anchor + end - piece.column
        if first <= piece.anchor or last >= len(text):
            continue  # the line's first word after the keyword, or its last word
        cuts.append(first if leading else last)
    if not cuts:
        return [piece]
    parts: list[_Piece] = []
    previous = 0
    for cut in cuts:
        chunk = text[previous:cut].strip(_BLANKS)
        if chunk:
            kind = piece.kind if not parts else "content"
            parts.append(_Piece(kind, chunk, piece.depth))
        previous = cut
    parts.append(_Piece("content", text[previous:].strip(_BLANKS), piece.depth))
    return parts


def _collapsed(text: str, escape: str) -> str:
    """One blank between the words of a line (blanks inside quotes are part of a word)."""
    if spaced_once(text):
        return text  # (stripped already: the words are one blank apart)
    return " ".join(scan.word_texts(text, escape))


def _render(pieces: list[_Piece], style: Style, collapse: bool) -> list[str]:
    unit = style.unit
    width = style.options.indent_width

    def deeper(depth: int) -> str:
        if unit == "\t":
            return "\t" * (depth // width) + " " * (depth % width)
        return " " * depth

    escape = style.escape
    contents = [i for i, p in enumerate(pieces) if p.kind != "comment"]
    last = contents[-1] if contents else -1
    out: list[str] = []
    for index, piece in enumerate(pieces):
        text = piece.text
        if collapse and piece.kind != "comment":
            text = _collapsed(text, escape)
        if piece.kind == "first":
            line = text
        elif piece.kind == "content":
            line = unit + deeper(piece.depth) + text if text else unit
        else:
            # The depth of the next line with content (an empty one is written without its
            # depth: taking it would move the comment again at the next formatting).
            following = next(
                (p for p in pieces[index + 1 :] if p.kind == "content" and p.text), None
            )
            depth = following.depth if following is not None else 0
            line = unit + deeper(depth) + piece.text
        if piece.kind != "comment" and index != last:
            line += " " + escape if text else escape
        out.append(line)
    return out
