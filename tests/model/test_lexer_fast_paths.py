"""The lexer's fast paths agree with the plain definitions they replace.

The lexer builds words with their spans in one pass (mapping offsets to positions inline,
segment by segment), unquotes words by substitution, finds continuations without a regex
and splits lines without one when there is no carriage return; ``lex_item(located=False)``
skips spans and variables; the word pattern never backtracks. Each test here checks one of
those against the reference: :func:`dfls.model.nodes.span_in`,
:func:`split_words`/:func:`take_flags`, a character loop, the continuation pattern, the
line-end pattern, ``located=True``, the word pattern with backtracking.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dfls.features.format.safety import signature
from dfls.model import Dockerfile
from dfls.model.lexer import _continuation, continuation_at, lex_item
from dfls.model.logical import PLACEHOLDER
from dfls.model.nodes import InstructionNode, span_in
from dfls.model.text import split_lines
from dfls.model.words import split_words, take_flags, unquote, word_bounds
from tests.conftest import corpus_files
from tests.model.checks import FRAGMENTS, dockerfiles, read_corpus_file

CORPUS = corpus_files()
ALPHABET = st.sampled_from("RUN <EOF>-'\"\\`#$={}[],\t\r\n\x0b\u00a0\ufeffé😀x")
fragments = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(ALPHABET, max_size=3))).map(
    "".join
)
texts = st.one_of(dockerfiles(), fragments, st.text(ALPHABET))


def _nodes(dockerfile: Dockerfile) -> list[InstructionNode]:
    found = []
    for item in dockerfile.items:
        if isinstance(item, InstructionNode):
            found.append(item)
            if item.trigger is not None:
                found.append(item.trigger)
    return found


def assert_words_as_defined(dockerfile: Dockerfile) -> None:
    """Flags and words are what split_words and take_flags give, spans as span_in maps."""
    for node in _nodes(dockerfile):
        start = node.args_offset
        raw_flags, raw_words = take_flags(split_words(node.text, start, dockerfile.escape))
        segments = node.segments
        assert [(w.text, w.value, w.span) for w in node.words] == [
            (w.text, w.value, span_in(segments, w.start, w.end)) for w in raw_words
        ]
        assert [(f.name, f.value, f.span, f.name_span, f.value_span) for f in node.flags] == [
            (
                f.name,
                f.value,
                span_in(segments, f.start, f.end),
                span_in(segments, f.name_start, f.name_end),
                None if f.value is None else span_in(segments, f.value_start, f.value_end),
            )
            for f in raw_flags
        ]
    for instruction in dockerfile.instructions:
        for word in instruction.words:  # a word on one line is the text its span covers
            begin, end = word.span
            if begin.line == end.line:
                line = dockerfile.lines[begin.line]
                assert line[begin.character : end.character] == word.text


@settings(deadline=None, max_examples=300)
@given(texts)
def test_words_and_flags_are_split_and_located_as_defined(text: str) -> None:
    assert_words_as_defined(Dockerfile.parse(text))


@pytest.mark.corpus
def test_corpus_words_and_flags_are_split_and_located_as_defined() -> None:
    for path in CORPUS:
        assert_words_as_defined(Dockerfile.parse(read_corpus_file(path)))


def _backtracking_word_pattern(escape: str) -> re.Pattern[str]:
    """The word pattern as first written, every quantifier greedy (it may backtrack)."""
    e = re.escape(escape)
    blank = re.escape(" \t\v\f\r")
    escaped = f"{e}[\\s\\S]|{e}\\Z"
    return re.compile(
        f"(?:[^{blank}'\"{e}]+|{escaped}|'[^']*(?:'|\\Z)|\"(?:[^\"{e}]|{escaped})*(?:\"|\\Z))+"
    )


@settings(max_examples=500)
@given(st.text(ALPHABET), st.sampled_from("\\`"))
def test_possessive_word_pattern_matches_as_the_backtracking_one(text: str, escape: str) -> None:
    expected = [m.span() for m in _backtracking_word_pattern(escape).finditer(text)]
    assert word_bounds(text, escape) == expected


def _unquote_by_characters(word: str, escape: str) -> str:
    """The definition: quotes removed; an escape (outside single quotes) takes the next
    character as it is; an escape at the very end stays."""
    value: list[str] = []
    quote = ""
    i = 0
    while i < len(word):
        ch = word[i]
        if quote and ch == quote:
            quote = ""
        elif not quote and ch in "'\"":
            quote = ch
        elif ch == escape and quote != "'" and i + 1 < len(word):
            i += 1
            value.append(word[i])
        else:
            value.append(ch)
        i += 1
    return "".join(value)


@settings(max_examples=500)
@given(st.text(st.sampled_from("ab '\"\\`$\n")), st.sampled_from("\\`"))
def test_unquote_agrees_with_the_character_loop(word: str, escape: str) -> None:
    assert unquote(word, escape) == _unquote_by_characters(word, escape)


@settings(max_examples=500)
@given(st.text(st.sampled_from("a \t\\`\n\r")), st.integers(0, 3), st.sampled_from("\\`"))
def test_continuation_at_agrees_with_the_pattern(line: str, start: int, escape: str) -> None:
    match = _continuation(escape).search(line, start)
    assert continuation_at(line, start, escape) == (match.start() if match else -1)


@settings(max_examples=300)
@given(st.text(st.sampled_from("a\r\n")))
def test_split_lines_agrees_with_the_line_end_pattern(text: str) -> None:
    parts = re.split(r"(\r\n|\r|\n)", text)
    assert split_lines(text) == (parts[::2], [*parts[1::2], ""])


def assert_unlocated_builds_the_same(dockerfile: Dockerfile) -> None:
    """``located=False`` gives what ``located=True`` does, but spans and variables."""
    for first in dockerfile.starts:
        located, last = lex_item(dockerfile.lines, first, dockerfile.escape)
        unlocated, unlocated_last = lex_item(dockerfile.lines, first, dockerfile.escape, False)
        assert unlocated_last == last
        if not isinstance(located, InstructionNode):
            assert not isinstance(unlocated, InstructionNode)
            assert unlocated.comment.text == located.comment.text
            assert unlocated.comment.span == PLACEHOLDER
            continue
        assert isinstance(unlocated, InstructionNode)
        assert _built(unlocated) == _built(located)
        assert signature(unlocated) == signature(located)
        assert unlocated.variables == ()
        assert {w.span for w in unlocated.words} <= {PLACEHOLDER}
        assert unlocated.keyword_span == PLACEHOLDER


def _built(node: InstructionNode | None) -> object:
    """Everything but spans and variables."""
    if node is None:
        return None
    return (
        node.keyword,
        node.keyword_text,
        node.text,
        node.args,
        node.args_offset,
        [(f.name, f.value) for f in node.flags],
        [(w.text, w.value) for w in node.words],
        None if node.exec_form is None else [(w.text, w.value) for w in node.exec_form],
        [(h.delimiter, h.strip_tabs, h.quoted, h.body) for h in node.heredocs],
        [c.text for c in node.comments],
        [(p.message, p.kind, p.severity) for p in node.problems],
        node.empty_continuation_lines,
        node.segments,
        node.line_count,
        _built(node.trigger),
    )


@settings(deadline=None, max_examples=300)
@given(texts)
def test_unlocated_lexing_builds_the_same(text: str) -> None:
    assert_unlocated_builds_the_same(Dockerfile.parse(text))


@pytest.mark.corpus
def test_corpus_unlocated_lexing_builds_the_same() -> None:
    for path in CORPUS:
        assert_unlocated_builds_the_same(Dockerfile.parse(read_corpus_file(path)))
