"""What one logical line says: keyword, flags, words, exec form, heredoc markers, variables.

The scanners of :mod:`dfls.model.words` work on offsets into the logical line; this module
turns their results into nodes with spans relative to the instruction's first line. It is
the lexer's hot loop, so it builds each :class:`Word` straight from the word pattern's match
(no intermediate tuple) and maps offsets to positions with a cursor that remembers the last
segment, since the offsets mostly come in increasing order.

With ``located=False`` every span is one shared placeholder and no variables are scanned:
what the instruction builds is the same, for a cheaper comparison (the formatter's check).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from sys import maxsize

from dfls.model import words as scan
from dfls.model.nodes import Flag, Heredoc, Segment, VariableRef, Word
from dfls.model.text import Position, Span

EXEC_FORM_INSTRUCTIONS = frozenset(
    {"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME", "HEALTHCHECK"}
)
HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
PLACEHOLDER = Span(Position(0, 0), Position(0, 0))
"""The span of everything in a node lexed with ``located=False``."""

_BLANK = " \t\v\f"
# Blanks, the keyword (BuildKit splits it off at [\t\v\f\r ]), the blanks after it.
_KEYWORD = re.compile("[ \t\v\f]*([^ \t\v\f\r]*)[ \t\v\f]*")

SpanOf = Callable[[int, int], Span]
"""From offsets ``start, end`` in the logical line to a span relative to the first line."""

_new = tuple.__new__  # NamedTuple construction without the Python-level __new__
_GROUP = re.Match.group


def span_mapper(segments: tuple[Segment, ...]) -> SpanOf:
    """A function from offsets in the logical line to relative spans, as ``span_in``.

    Specialised for speed: the offsets are always inside the logical line, and most come
    in increasing order, so the segment of the previous offset is tried first.
    """
    if len(segments) == 1:
        line, base = segments[0].line, segments[0].start

        def one_line(a: int, b: int) -> Span:
            start = _new(Position, (line, base + a))
            if b <= a:
                return _new(Span, (start, start))
            return _new(Span, (start, _new(Position, (line, base + b))))

        return one_line

    offsets = [segment.offset for segment in segments]
    limits = [*offsets[1:], maxsize]  # a segment holds the offsets up to the next one's
    # Per segment: first offset, limit, line, first column, width.
    table = [
        (seg.offset, limit, seg.line, seg.start, seg.end - seg.start)
        for seg, limit in zip(segments, limits, strict=True)
    ]
    current = table[0]

    def position(offset: int) -> Position:
        off, _, line, base, width = table[max(bisect_right(offsets, offset) - 1, 0)]
        column = offset - off
        return _new(Position, (line, base + (column if column < width else width)))

    def many_lines(a: int, b: int) -> Span:
        nonlocal current
        off, limit, line, base, width = current
        if not off <= a < limit:  # the last segment starting at or before a
            current = table[max(bisect_right(offsets, a) - 1, 0)]
            off, limit, line, base, width = current
        column = a - off
        start = _new(Position, (line, base + (column if column < width else width)))
        if b <= a:
            return _new(Span, (start, start))
        if b <= limit:  # inside one segment: the end is on the same line
            column = b - off
            end = base + (column if column <= width else width + 1)
            return _new(Span, (start, _new(Position, (line, end))))
        last = position(b - 1)
        return _new(Span, (start, _new(Position, (last.line, last.character + 1))))

    return many_lines


def unlocated(a: int, b: int) -> Span:
    """The span mapper of ``located=False``: one placeholder for everything."""
    return PLACEHOLDER


class Analysis:
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
    trigger: Analysis | None


def analyse(
    text: str, start: int, escape: str, segments: tuple[Segment, ...], span: SpanOf
) -> Analysis:
    """Keyword, flags, words, exec form, variables and heredoc markers of ``text[start:]``.

    ``span`` is ``span_mapper(segments)``, or :func:`unlocated` for placeholder spans and
    no variables.
    """
    result = Analysis()
    head = _KEYWORD.match(text, start)
    assert head is not None  # every part of the pattern may be empty
    i, kw_end = head.span(1)
    args_start = head.end()
    result.keyword_text = keyword_text = head.group(1)
    result.keyword = keyword = keyword_text.upper()
    result.keyword_span = span(i, kw_end)
    args_end = len(text.rstrip(_BLANK))
    result.args_offset = args_start
    if args_start < args_end:
        result.args = text[args_start:args_end]
        result.args_span = span(args_start, args_end)
    else:
        result.args = ""
        result.args_span = None
    flags, words, matches = _flags_and_words(text, args_start, escape, segments, span)
    result.flags = flags
    result.words = words
    result.exec_form = None
    result.trigger = None
    rest_start = matches[0].start() if matches else args_end
    effective = keyword
    if keyword == "ONBUILD" and words and start == 0:
        # One level only: BuildKit rejects ONBUILD ONBUILD, and a chain of them must not
        # recurse once per word.
        result.trigger = analyse(text, rest_start, escape, segments, span)
        effective = result.trigger.keyword
    elif keyword in EXEC_FORM_INSTRUCTIONS and words:
        exec_start = rest_start
        if keyword == "HEALTHCHECK" and words[0].value.upper() == "CMD" and len(words) > 1:
            exec_start = matches[1].start()
        raw_exec = scan.scan_exec_form(text[:args_end], exec_start)
        if raw_exec is not None:
            result.exec_form = tuple(
                _new(Word, (w.text, w.value, span(w.start, w.end))) for w in raw_exec
            )
    if result.trigger is not None:
        result.heredocs = result.trigger.heredocs
    elif effective in HEREDOC_INSTRUCTIONS and result.exec_form is None and "<<" in text:
        result.heredocs = _heredoc_markers(text, rest_start, escape, span) if words else ()
    else:
        result.heredocs = ()
    result.variables = () if span is unlocated else _variables(text, args_start, escape, span)
    return result


def _flags_and_words(
    text: str, start: int, escape: str, segments: tuple[Segment, ...], span: SpanOf
) -> tuple[tuple[Flag, ...], tuple[Word, ...], list[re.Match[str]]]:
    """The flags, the other words, and the matches of those words.

    As :func:`words.take_flags` over :func:`words.split_words`: the leading ``--`` words
    are flags, and a bare ``--`` ends them (and is neither).
    """
    matches = list(scan.word_pattern(escape).finditer(text, start))
    flags: tuple[Flag, ...] = ()
    if matches and text.startswith("--", matches[0].start()):
        flags, matches = _take_flags(matches, escape, span)
    if span is unlocated:
        plain, unquote = scan.plain_characters(escape), scan.unquote  # (_value, inline)
        words = tuple(
            _new(Word, (w, w if plain.isdisjoint(w) else unquote(w, escape), PLACEHOLDER))
            for w in map(_GROUP, matches)
        )
    else:
        words = _located_words(matches, escape, segments, span)
    return flags, words, matches


def _take_flags(
    matches: list[re.Match[str]], escape: str, span: SpanOf
) -> tuple[tuple[Flag, ...], list[re.Match[str]]]:
    """The leading ``--`` words as flags, and the matches after them (and after a ``--``)."""
    flags: list[Flag] = []
    for index, match in enumerate(matches):
        word = match.group()
        if not word.startswith("--"):
            return tuple(flags), matches[index:]
        if word == "--":
            return tuple(flags), matches[index + 1 :]
        flags.append(_flag(word, _value(word, escape), *match.span(), span))
    return tuple(flags), []


def _located_words(
    matches: list[re.Match[str]], escape: str, segments: tuple[Segment, ...], span: SpanOf
) -> tuple[Word, ...]:
    """The words of ``matches`` with their spans, as ``span`` gives them but inline: the
    words come in order, so the segment of each is the previous one's or a later one.

    Inside a segment, the column of offset ``a`` is ``start + a - offset`` (a word is never
    empty and never past the end of the logical line, so no clamping is needed); a word
    across segments (split by a continuation) is left to ``span``.
    """
    plain = scan.plain_characters(escape)
    unquote = scan.unquote
    count = len(segments)
    index = 0
    offset, line, base, _ = segments[0]
    limit = segments[1].offset if count > 1 else maxsize
    found: list[Word] = []
    for match in matches:
        word = match.group()
        a, b = match.span()
        while a >= limit:  # the last segment starting at or before a
            index += 1
            offset, line, base, _ = segments[index]
            limit = segments[index + 1].offset if index + 1 < count else maxsize
        if b <= limit:
            start = _new(Position, (line, base + a - offset))
            where = _new(Span, (start, _new(Position, (line, base + b - offset))))
        else:
            where = span(a, b)
        # _value(word, escape), inline: most words have no quotes nor escapes.
        value = word if plain.isdisjoint(word) else unquote(word, escape)
        found.append(_new(Word, (word, value, where)))
    return tuple(found)


def _value(word: str, escape: str) -> str:
    """What the word means: quotes removed and escapes resolved (most words are as is)."""
    return word if scan.plain_characters(escape).isdisjoint(word) else scan.unquote(word, escape)


def _flag(text: str, value: str, a: int, b: int, span: SpanOf) -> Flag:
    """The flag of the word ``text`` (unquoted: ``value``) at ``a:b``, as ``take_flags``."""
    name, eq, _ = value[2:].partition("=")
    name_start = a + 2
    raw_eq = text.find("=")
    if eq and raw_eq >= 0:
        flag_value: str | None = value[2 + len(name) + 1 :]
        value_span: Span | None = span(a + raw_eq + 1, b)
    else:
        flag_value = None
        value_span = None
    return Flag(name, flag_value, span(a, b), span(name_start, name_start + len(name)), value_span)


def _heredoc_markers(text: str, start: int, escape: str, span: SpanOf) -> tuple[Heredoc, ...]:
    """The heredoc markers among the words from ``start`` (where the first word starts)."""
    markers = [
        marker
        for word in scan.split_words(text, start, escape)
        if "<<" in word.text and (marker := scan.heredoc_marker(word)) is not None
    ]
    return tuple(
        Heredoc(m.delimiter, m.strip_tabs, m.quoted, span(m.start, m.end), "", None, None)
        for m in markers
    )


def _variables(text: str, start: int, escape: str, span: SpanOf) -> tuple[VariableRef, ...]:
    if text.find("$", start) < 0:
        return ()
    return tuple(
        _new(VariableRef, (v.name, span(v.start, v.end), v.braced, v.modifier, v.word))
        for v in scan.scan_variables(text, start, escape)
    )
