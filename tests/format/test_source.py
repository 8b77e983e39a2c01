"""The formatter's own reading of a file (dfls.features.format.source): the lines it copies
without lexing them are exactly those the full formatter would copy, so the command line
(which reads files that way) and the language server (which formats its parsed model)
write the same text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dfls.engine.format_options import FormatOptions
from dfls.features.format import format_text
from dfls.features.format.source import Verbatim, read, verbatim
from dfls.model import Dockerfile
from dfls.model.lexer import BOM, lex_item
from dfls.model.logical import PLACEHOLDER
from dfls.model.nodes import InstructionNode
from tests.conftest import corpus_files
from tests.format.test_properties import KEYWORDS, WORDS, dockerfiles, options_strategy
from tests.model.checks import read_corpus_file

OPTIONS = [
    FormatOptions(),
    FormatOptions(keyword_case="keep", split_chains="always", blank_line_before_from=True),
    FormatOptions(keyword_case="majority", indent_style="tab"),
]


def _both_ways(text: str, options: FormatOptions) -> None:
    text = text.removeprefix(BOM)  # (the model is only used for a text without one)
    read_alone = format_text(text, options)
    from_model = format_text(text, options, parsed=Dockerfile.parse(text))
    assert read_alone.text == from_model.text
    assert read_alone.refused == from_model.refused
    assert read_alone.notes == from_model.notes
    source = read(text, options)
    assert source.starts == Dockerfile.parse(text).starts  # the same items, lexed or not


@pytest.mark.corpus
@pytest.mark.parametrize("options", OPTIONS, ids=["default", "keep-always", "majority"])
def test_the_corpus_formats_the_same_read_alone_or_from_the_model(
    options: FormatOptions,
) -> None:
    copied = 0
    for path in corpus_files():
        text = read_corpus_file(path)
        _both_ways(text, options)
        copied += sum(isinstance(i, Verbatim) for i in read(text, options).items)
    if options.keyword_case == "majority":
        assert copied == 0  # every keyword counts: all are lexed
    else:
        assert copied > 1000  # the comparison above is not empty


@st.composite
def laid_out_line(draw: st.DrawFn) -> str:
    """A one-line instruction with one blank between words: what the formatter copies,
    unless a word or the case says otherwise."""
    keyword = draw(st.sampled_from([*KEYWORDS, "ONBUILD run", "FROM alpine as", "FROM a AS"]))
    keyword = draw(st.sampled_from([keyword, keyword, keyword.lower()]))
    words = draw(st.lists(st.sampled_from([*WORDS, "AS", "\\", "`"]), max_size=5))
    return " ".join([keyword, *words])


@st.composite
def mixed_files(draw: st.DrawFn) -> str:
    """Generated files (see test_properties) with laid-out lines put in between."""
    lines = draw(dockerfiles()).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        lines.insert(draw(st.integers(0, len(lines))), draw(laid_out_line()))
    return "\n".join(lines)


@settings(deadline=None, max_examples=300)
@given(text=mixed_files(), options=options_strategy)
def test_generated_files_format_the_same_read_alone_or_from_the_model(
    text: str, options: FormatOptions
) -> None:
    _both_ways(text, options)


UPPER = FormatOptions()
KEEP = FormatOptions(keyword_case="keep")


@pytest.mark.parametrize(
    "line",
    [
        "RUN apk add curl && rm -rf /var/cache/apk/*",
        'ENV PATH="/opt/bin:$PATH" HOME=/root',
        "FROM python:3.12-slim AS build",
        "FROM --platform=$BUILDPLATFORM golang:1.22",
        "COPY --from=build /out /usr/local/bin/",
        "EXPOSE 8080",
        "USER 1000:1000",
        'LABEL a="x y"',
    ],
)
def test_laid_out_one_line_instructions_are_copied(line: str) -> None:
    found = verbatim(line, "\\", UPPER)
    assert found == Verbatim(line.split(" ")[0], line)


@pytest.mark.parametrize(
    ("line", "options", "why"),
    [
        ("run apk add curl", UPPER, "keyword case changes"),
        ("FROM alpine as build", UPPER, "AS case changes"),
        ("RUN  apk add curl", UPPER, "two blanks"),
        ("RUN\tapk add curl", UPPER, "a tab"),
        (" RUN apk add curl", UPPER, "indented"),
        ("RUN apk add curl ", UPPER, "a trailing blank"),
        ("RUN apk add curl \\", UPPER, "continued"),
        ("RUN echo C:\\\\", UPPER, "ends in the escape character"),
        ('CMD ["sh","-c"]', UPPER, "exec form may be respaced"),
        ("RUN <<EOF", UPPER, "a heredoc"),
        ("ONBUILD run make", UPPER, "ONBUILD's trigger"),
        ("NOTAKEYWORD x", UPPER, "not an instruction"),
        ("# comment", UPPER, "a comment"),
        ("RUN a && b", FormatOptions(split_chains="always"), "chains are split"),
    ],
)
def test_lines_the_formatter_may_rewrite_are_lexed(
    line: str, options: FormatOptions, why: str
) -> None:
    assert verbatim(line, "\\", options) is None, why


def test_keep_copies_any_case_and_the_escape_directive_is_respected() -> None:
    assert verbatim("run make", "\\", KEEP) == Verbatim("run", "run make")
    assert verbatim("FROM a as b", "\\", KEEP) is not None
    assert verbatim("RUN dir `", "`", UPPER) is None  # continued in a backtick file
    assert verbatim("RUN dir C:\\", "`", UPPER) is not None


def test_no_line_is_copied_when_the_options_rewrite_every_one() -> None:
    text = "FROM alpine\nRUN make\n"
    for options in (FormatOptions(keyword_case="majority"), FormatOptions(shell=True)):
        assert not any(isinstance(i, Verbatim) for i in read(text, options).items)
    assert all(isinstance(i, Verbatim) for i in read(text, UPPER).items)


def _spans_agree(text: str) -> int:
    """Layout reads no span of a node lexed without positions (as the command line lexes):
    what it finds again from the logical line must be what the located lexer gives, for
    every keyword, word and comment line. The number of words compared."""
    from dfls.features.format.layout import _comment_lines, _Where

    dockerfile = Dockerfile.parse(text.removeprefix(BOM))
    checked = 0
    for node, start in zip(dockerfile.items, dockerfile.starts, strict=True):
        if not isinstance(node, InstructionNode):
            continue
        bare = lex_item(dockerfile.lines, start, dockerfile.escape, located=False)[0]
        assert isinstance(bare, InstructionNode) and bare.keyword_span is PLACEHOLDER
        where = _Where(bare, dockerfile.escape)
        span = node.keyword_span
        assert where.keyword() == (span if span.start.line == span.end.line else None)
        if node.trigger is not None and node.words:
            assert where.word(0) == node.trigger.keyword_span
        assert [where.word(i) for i in range(len(node.words))] == [w.span for w in node.words]
        if not node.problems:  # (layout keeps an instruction with one as written)
            assert _comment_lines(bare) == {c.span.start.line for c in node.comments}
        checked += len(node.words)
    return checked


@pytest.mark.corpus
def test_layout_finds_the_spans_the_lexer_gives_on_the_corpus() -> None:
    assert sum(_spans_agree(read_corpus_file(path)) for path in corpus_files()) > 10_000


@settings(deadline=None, max_examples=300)
@given(text=mixed_files())
def test_layout_finds_the_spans_the_lexer_gives_on_generated_files(text: str) -> None:
    _spans_agree(text)


def test_a_keyword_on_a_continuation_line_is_cased_as_the_server_cases_it() -> None:
    r"""Found by the generated files: the keyword of `\` + `from` is on the second line."""
    text = "# a\n\\\n  from alpine\n"
    assert format_text(text).text == "# a\n\\\n    FROM alpine\n"
    _both_ways(text, UPPER)
