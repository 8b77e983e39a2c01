"""What editors get: small line edits, a range formatted alone, on-type indentation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dfls.engine.format_options import FormatOptions
from dfls.features.format import format_text
from dfls.features.format.edits import (
    continuation_indent,
    formatting_edits,
    line_edits,
    range_text,
)
from dfls.model.edits import Edit
from dfls.model.text import Position, Span, split_lines
from tests.format.checks import same_build
from tests.format.test_properties import dockerfiles

TEXT = (
    "from alpine\n"  # 0
    "# a comment   \n"  # 1
    "run  apk add \\\n"  # 2
    "  curl\n"  # 3
    "\n"  # 4
    "\n"  # 5
    "RUN true\n"  # 6
    'CMD ["a","b"]'  # 7
)


def apply(text: str, edits: list[Edit]) -> str:
    lines, endings = split_lines(text)
    offsets = [0]
    for line, ending in zip(lines, endings, strict=True):
        offsets.append(offsets[-1] + len(line) + len(ending))

    def at(position: Position) -> int:
        return offsets[position.line] + position.character

    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[: at(edit.span.start)] + edit.new_text + text[at(edit.span.end) :]
    return text


def test_edits_cover_only_the_changed_lines() -> None:
    new = format_text(TEXT).text
    edits = line_edits(TEXT, new)
    assert apply(TEXT, edits) == new
    touched = {line for e in edits for line in range(e.span.start.line, e.span.end.line)}
    assert 6 not in touched  # RUN true is already formatted
    assert all(e.span.start.character == 0 for e in edits)


def test_no_edits_when_nothing_changes() -> None:
    assert line_edits("FROM a\n", "FROM a\n") == []


@settings(deadline=None, max_examples=200)
@given(text=dockerfiles())
def test_applying_the_edits_gives_the_formatted_text(text: str) -> None:
    new = format_text(text).text
    assert apply(text, line_edits(text, new)) == new


@settings(deadline=None, max_examples=200)
@given(text=dockerfiles())
def test_edits_from_the_chunks_give_the_formatted_text(text: str) -> None:
    result = format_text(text)
    edits = formatting_edits(result)
    assert apply(text, edits) == result.text
    # No edit that changes nothing (Neovim adds a line for one past the last line).
    assert all(apply(text, [e]) != text for e in edits)


def test_edits_from_the_chunks_touch_only_changed_items() -> None:
    result = format_text(TEXT)
    edits = formatting_edits(result)
    assert apply(TEXT, edits) == result.text
    assert [e.span.start.line for e in edits] == [0, 1, 2, 4, 7]  # an edit per item/gap
    assert all(e.span.end <= Position(6, 0) for e in edits[:-1])
    assert edits[-1].span.start.line == 7  # `RUN true` on line 6 is left alone
    assert formatting_edits(format_text(result.text)) == []


@settings(deadline=None, max_examples=150)
@given(text=dockerfiles(), first=st.integers(0, 30), size=st.integers(0, 10))
def test_a_formatted_range_builds_the_same(text: str, first: int, size: int) -> None:
    result = format_text(text)
    partial = range_text(result, first, first + size)
    assert same_build(text, partial)
    assert format_text(partial).text == result.text  # the rest can still be formatted


def test_range_formats_only_the_instructions_it_touches() -> None:
    result = format_text(TEXT)
    only_run = range_text(result, 3, 3)  # a continuation line of the RUN
    assert only_run == (
        'from alpine\n# a comment   \nRUN apk add \\\n    curl\n\n\nRUN true\nCMD ["a","b"]'
    )
    last = range_text(result, 7, 7)
    assert last.endswith('\n\n\nRUN true\nCMD ["a", "b"]\n')
    assert last.startswith("from alpine\n# a comment   \nrun  apk add")


def test_range_of_everything_is_the_whole_formatting_but_blank_lines() -> None:
    result = format_text(TEXT)
    whole = range_text(result, 0, 7)
    assert format_text(whole).text == result.text
    assert whole.count("\n\n\n") == 1  # blank lines between items are not in any item


def test_range_of_a_refused_file_is_the_file() -> None:
    result = format_text("from a\n")
    refused = type(result)("FROM a\n", "from a\n", refused="no")
    assert range_text(refused, 0, 0) == "from a\n"


def test_continuation_indent_after_the_first_line() -> None:
    text = "FROM a\nRUN apk add \\\n\n"
    edit = continuation_indent(text, 2, FormatOptions())
    assert edit == Edit(Span(Position(2, 0), Position(2, 0)), "    ")


def test_continuation_indent_follows_the_line_above() -> None:
    text = "FROM a\nRUN apk add \\\n      curl \\\n  \n"
    edit = continuation_indent(text, 3, FormatOptions())
    assert edit == Edit(Span(Position(3, 0), Position(3, 2)), "      ")


def test_continuation_indent_with_tabs_and_backticks() -> None:
    text = "# escape=`\nFROM a\nRUN dir `\n\n"
    edit = continuation_indent(text, 3, FormatOptions(indent_style="tab"))
    assert edit == Edit(Span(Position(3, 0), Position(3, 0)), "\t")


def test_no_continuation_indent_without_a_continuation() -> None:
    assert continuation_indent("FROM a\nRUN x\n\n", 2, FormatOptions()) is None
    assert continuation_indent("FROM a\nRUN x \\\n    ", 2, FormatOptions()) is None
    assert continuation_indent("FROM a\n", 0, FormatOptions()) is None
    assert continuation_indent("# a \\\n\n", 1, FormatOptions()) is None
