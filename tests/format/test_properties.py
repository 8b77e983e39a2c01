"""Properties of the formatter on the real-world corpus and on generated Dockerfiles: the
result builds the same (dfls' comparison and another parser's), formatting it again
changes nothing, and the formatter refuses rather than emit a file that differs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dfls.engine.format_options import FormatOptions
from dfls.features import format as formatter
from dfls.features.format import format_text
from dfls.model.lexer import lex_item
from tests.conftest import corpus_files
from tests.format.checks import oracle, oracle_applies, same_build
from tests.model.checks import read_corpus_file

CORPUS = corpus_files()

options_strategy = st.builds(
    FormatOptions,
    keyword_case=st.sampled_from(["upper", "majority", "keep"]),
    indent_width=st.integers(1, 8),
    indent_style=st.sampled_from(["space", "tab"]),
    split_chains=st.sampled_from(["multi-line", "always", "never"]),
    blank_line_before_from=st.booleans(),
)


def _check(text: str, options: FormatOptions) -> None:
    result = format_text(text, options)
    assert result.refused is None, result.refused
    assert same_build(text, result.text)
    again = format_text(result.text, options)
    assert again.text == result.text, "not idempotent"


@pytest.mark.corpus
@pytest.mark.parametrize(
    "options",
    [
        FormatOptions(),
        FormatOptions(keyword_case="majority", indent_style="tab", split_chains="always"),
        FormatOptions(keyword_case="keep", indent_width=2, blank_line_before_from=True),
    ],
    ids=["default", "tabs-always-majority", "keep-2-blank"],
)
def test_corpus_builds_the_same_and_is_idempotent(options: FormatOptions) -> None:
    compared = 0
    for path in CORPUS:
        text = read_corpus_file(path)
        result = format_text(text, options)
        assert result.refused is None, (path, result.refused)
        assert same_build(text, result.text), path
        if oracle_applies(text):
            compared += 1
            assert oracle(text) == oracle(result.text), path
        assert format_text(result.text, options).text == result.text, path
    assert compared > len(CORPUS) * 0.9


@pytest.mark.corpus
@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(CORPUS), options=options_strategy)
def test_corpus_property(path: object, options: FormatOptions) -> None:
    _check(read_corpus_file(path), options)  # type: ignore[arg-type]


# -- generated files ---------------------------------------------------------------------

KEYWORDS = [
    "FROM",
    "RUN",
    "CMD",
    "COPY",
    "ENV",
    "LABEL",
    "WORKDIR",
    "USER",
    "ARG",
    "EXPOSE",
    "ONBUILD RUN",
    "HEALTHCHECK --interval=5s CMD",
    "MAINTAINER",
    "STOPSIGNAL",
    "VOLUME",
    "SHELL",
    "NOTAKEYWORD",
]
WORDS = [
    "a",
    "apk",
    "add",
    "--no-cache",
    "&&",
    "||",
    "|",
    ";",
    "echo",
    '"two  blanks"',
    "'q  q'",
    "$HOME",
    "${A:-b c}",
    "$(cat x)",
    "A=1",
    'B="x y"',
    "--mount=type=cache,target=/c",
    "if",
    "then",
    "fi",
    "#",
    "é",
    "a\\ b",
    "as",
    "[",
    '"]',
    "`x`",
    "<<-END",
    "C:\\\\",
]


@st.composite
def blanks(draw: st.DrawFn, least: int = 0) -> str:
    return draw(st.text(alphabet=" \t", min_size=least, max_size=3))


@st.composite
def instruction(draw: st.DrawFn, escape: str) -> list[str]:
    keyword = draw(st.sampled_from(KEYWORDS))
    keyword = draw(st.sampled_from([keyword, keyword.lower(), keyword.title()]))
    if draw(st.integers(0, 5)) == 0:
        array = draw(st.lists(st.sampled_from(['"a"', '"b c"', '"\\u00e9"']), max_size=3))
        sep = draw(st.sampled_from([",", ", ", " , "]))
        return [f"{draw(blanks())}{keyword}{draw(blanks(1))}[{sep.join(array)}]{draw(blanks())}"]
    lines = [draw(blanks()) + keyword + draw(blanks(1))]
    for _ in range(draw(st.integers(1, 8))):
        word = draw(st.sampled_from(WORDS))
        kind = draw(st.integers(0, 9))
        if kind == 0:  # a line continuation
            lines[-1] += draw(blanks()) + escape + draw(blanks())
            if draw(st.integers(0, 3)) == 0:
                lines.append(draw(blanks()) + "# a comment  ")
            if draw(st.integers(0, 6)) == 0:
                lines.append(escape)
            lines.append(draw(blanks()) + word)
        else:
            lines[-1] += draw(blanks(1)) + word
    if draw(st.integers(0, 6)) == 0:  # a heredoc
        lines[-1] += " <<EOF"
        lines.extend(["  body  stays  ", "\tas is ", "EOF"])
    return lines


@st.composite
def dockerfiles(draw: st.DrawFn) -> str:
    escape = draw(st.sampled_from(["\\", "\\", "`"]))
    lines = ["# escape=`"] if escape == "`" else []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.extend([draw(blanks())] * draw(st.integers(1, 3)))
        elif kind == 1:
            lines.append(draw(blanks()) + "# note " + draw(blanks()))
        else:
            lines.extend(draw(instruction(escape)))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "", "\ufeff"]))
    final = draw(st.sampled_from(["", ending, ending * 3]))
    return bom + ending.join(lines) + final


@settings(deadline=None, max_examples=400)
@given(text=dockerfiles(), options=options_strategy)
def test_generated_files_build_the_same_and_are_idempotent(
    text: str, options: FormatOptions
) -> None:
    _check(text, options)


# -- the safety net itself ---------------------------------------------------------------


def test_refuses_a_result_that_builds_differently(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were layout to lose a word and the per-instruction check to miss it, the file check
    refuses: the text comes back unchanged, with the reason."""
    monkeypatch.setattr(formatter.lay, "layout", lambda node, lines, style: ["RUN other"])
    monkeypatch.setattr(
        formatter._FileFormatter, "_same", lambda self, node, new: lex_item(new, 0, "\\")[0]
    )
    text = "from alpine\nrun  echo hi\n"
    result = format_text(text)
    assert result.text == text and not result.changed
    assert result.refused is not None and "instruction 1 (FROM) would change" in result.refused


def test_an_instruction_that_would_change_is_kept_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(formatter.lay, "layout", lambda node, lines, style: ["RUN other"])
    text = "FROM alpine\nrun  echo hi\n"
    result = format_text(text)
    assert result.refused is None
    assert result.text == text
    assert any("kept as written" in note for note in result.notes)


@pytest.mark.parametrize("text", ["\n\ufeffRUN x\n", "\n\ufeff", "\n\n\ufeff# not a comment\n"])
def test_a_line_starting_with_u_feff_does_not_become_the_first(text: str) -> None:
    """On the first line U+FEFF is a byte order mark (dropped); elsewhere it is part of the
    line (here the keyword, which fails the build). Dropping the blank line above it would
    make a file that builds."""
    result = format_text(text)
    assert result.refused is None
    assert not result.text.startswith("\ufeff")
    assert same_build(text, result.text)
    assert format_text(result.text).text == result.text


@pytest.mark.parametrize("blank", ["\x85", "\u3000", "\xa0", "\u2028"])
def test_a_unicode_blank_starting_a_continuation_line_is_part_of_the_word(blank: str) -> None:
    """The lexer splits words only at ASCII blanks: the indentation is measured the same
    way, so formatting again changes nothing."""
    text = f"HEALTHCHECK \\\n{blank} \\\nm"
    result = format_text(text)
    assert result.refused is None and same_build(text, result.text)
    assert result.text == f"HEALTHCHECK \\\n    {blank} \\\n    m\n"
    assert format_text(result.text).text == result.text


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("# syntax=a\r \n# escape=`\rRUN a`\r b\r", FormatOptions()),
        ("RUN  a\n\nRUN b\rRUN c\rRUN d\r", FormatOptions()),
        ("RUN  cat <<EOF\n\nEOF\rRUN a\rRUN b\rRUN c\r", FormatOptions()),
        ("FROM\rFROM\n", FormatOptions(blank_line_before_from=True)),
    ],
)
def test_a_lone_cr_never_meets_an_empty_line_ending_in_lf(
    text: str, options: FormatOptions
) -> None:
    """In a file of mixed line endings, a line ending in CR right before an empty line
    ending in LF would read as one CRLF: the empty line (of a heredoc body, or a blank line
    that ends the directives) would be gone. Found by review."""
    result = format_text(text, options)
    assert result.refused is None
    assert same_build(text, result.text)
    assert format_text(result.text, options).text == result.text


def test_a_file_with_two_byte_order_marks_is_left_alone() -> None:
    """BuildKit drops one: the second is part of the first line (here its keyword)."""
    text = "\ufeff\ufeffRUN  x\n"
    result = format_text(text)
    assert result.text == text and result.refused is None
    assert result.notes == ("not formatted: it starts with two byte order marks",)


def test_a_comment_before_an_empty_continuation_line_stays_where_it_goes() -> None:
    text = "RUN \\\n#\n \\\nx"
    result = format_text(text)
    assert result.text == "RUN \\\n    #\n    \\\n    x\n"
    assert format_text(result.text).text == result.text
