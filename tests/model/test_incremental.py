"""Incremental parsing: edits reuse untouched nodes, and always equal a fresh parse."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dfls.model import Dockerfile, Position, Span, key_values
from tests.conftest import corpus_files
from tests.model.checks import (
    assert_same_parse,
    assert_well_formed,
    dockerfiles,
    edited_text,
    edits,
    read_corpus_file,
)


def fifty_instructions() -> str:
    parts = ["# syntax=docker/dockerfile:1", "ARG BASE=alpine:3.20"]
    for n in range(12):
        parts += [
            f"FROM ${{BASE}} AS stage{n}",
            f"# stage {n}",
            "RUN apk add --no-cache \\",
            "      curl \\",
            "      git",
            f"COPY <<EOF /etc/conf{n}",
            f"value = {n}",
            "EOF",
            "WORKDIR /srv",
            "",
        ]
    parts += ['CMD ["sh"]']
    return "\n".join(parts) + "\n"


MIDDLE_RUN = 26  # the RUN of the seventh stage


def test_the_reuse_fixture_has_fifty_instructions() -> None:
    instructions = Dockerfile.parse(fifty_instructions()).instructions
    assert len(instructions) == 50
    assert instructions[MIDDLE_RUN].keyword == "RUN"


def _edit_inside(dockerfile: Dockerfile, instruction_index: int) -> tuple[int, Span]:
    """The item index of an instruction and a position inside its second line."""
    instruction = dockerfile.instructions[instruction_index]
    assert instruction.keyword == "RUN"
    item = dockerfile.starts.index(instruction.line)
    at = Position(instruction.line + 1, 8)  # inside "curl"
    return item, Span(at, at)


@pytest.mark.parametrize(
    ("new_text", "lines_added"),
    [("x", 0), ("\n", 1), ("\\\n", 1), ("", 0)],
    ids=["keystroke", "newline", "continued-newline", "nothing"],
)
def test_an_edit_reuses_every_other_item_as_the_same_object(
    new_text: str, lines_added: int
) -> None:
    dockerfile = Dockerfile.parse(fifty_instructions())
    item, edit = _edit_inside(dockerfile, MIDDLE_RUN)
    edited = dockerfile.apply_edit(edit, new_text)
    assert_same_parse(edited, Dockerfile.parse(edited.text))
    assert edited.line_count == dockerfile.line_count + lines_added
    pairs = zip(dockerfile.items, edited.items, strict=False)  # a newline may add an item
    changed = [k for k, (a, b) in enumerate(pairs) if a is not b]
    if new_text == "\n":
        # "cu" / "rl" split the RUN: "rl" starts a new (unknown) instruction
        assert len(edited.items) == len(dockerfile.items) + 1
        assert edited.items[item + 2 :] == dockerfile.items[item + 1 :]
        after = zip(edited.items[item + 2 :], dockerfile.items[item + 1 :], strict=True)
        assert all(a is b for a, b in after)
        assert changed[0] == item
    else:
        assert len(edited.items) == len(dockerfile.items)
        assert changed == [item]  # re-lexed (even when nothing changed): a new, equal node
    # nodes are relative to their first line: the shifted ones are the same objects
    assert all(a is b for a, b in zip(edited.items[:item], dockerfile.items[:item], strict=True))
    assert edited.starts[-1] == dockerfile.starts[-1] + lines_added


def test_lines_inserted_above_an_instruction_shift_the_rest_without_copying() -> None:
    dockerfile = Dockerfile.parse(fifty_instructions())
    line = dockerfile.instructions[20].line
    item = dockerfile.starts.index(line)
    edited = dockerfile.apply_edit(Span(Position(line, 0), Position(line, 0)), "\n\n")
    # the instruction on the edited line is lexed again (an equal node); all others are reused
    same = [a is b for a, b in zip(edited.items, dockerfile.items, strict=True)]
    assert same == [k != item for k in range(len(same))]
    assert edited.items == dockerfile.items
    assert edited.starts == [s + 2 if s >= line else s for s in dockerfile.starts]
    assert_same_parse(edited, Dockerfile.parse(edited.text))


def test_located_views_are_reused_when_nothing_moved() -> None:
    dockerfile = Dockerfile.parse(fifty_instructions())
    before = dockerfile.instructions  # computed: apply_edit may reuse them
    _, edit = _edit_inside(dockerfile, MIDDLE_RUN)
    typed = dockerfile.apply_edit(edit, "x")
    after = typed.instructions
    changed = [k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a is not b]
    assert changed == [MIDDLE_RUN]
    assert_same_parse(typed, Dockerfile.parse(typed.text))
    # a new line moves everything below: fresh views, still equal to a full parse
    moved = dockerfile.apply_edit(edit, "\n")
    assert moved.instructions[:MIDDLE_RUN] == before[:MIDDLE_RUN]
    assert_same_parse(moved, Dockerfile.parse(moved.text))


@pytest.mark.parametrize(
    "new_text",
    ["FROM scratch AS extra\n", "", "RUN a\nRUN b\n", "# escape=`\n", "<<EOF\n"],
)
def test_located_views_after_structural_edits(new_text: str) -> None:
    dockerfile = Dockerfile.parse(fifty_instructions())
    dockerfile.instructions  # noqa: B018 - computed, so the edit takes the reuse path
    run = dockerfile.instructions[MIDDLE_RUN]
    edited = dockerfile.apply_edit(run.span, new_text)
    assert_same_parse(edited, Dockerfile.parse(edited.text))


def test_edits_in_the_directives_reparse_everything() -> None:
    dockerfile = Dockerfile.parse("FROM a\nRUN b \\\n  c\n")
    edited = dockerfile.apply_edit(Span(Position(0, 0), Position(0, 0)), "# escape=`\n")
    assert edited.escape == "`"
    assert [i.last_line for i in edited.instructions] == [1, 2, 3]
    assert_same_parse(edited, Dockerfile.parse(edited.text))
    back = edited.apply_edit(Span(Position(0, 0), Position(1, 0)), "")
    assert back.escape == "\\"
    assert_same_parse(back, dockerfile)


def test_cr_then_lf_merge_into_one_line_end() -> None:
    dockerfile = Dockerfile.parse("FROM a\rRUN b\r")
    edited = dockerfile.apply_edit(Span(Position(1, 0), Position(1, 0)), "\n")
    assert edited.text == "FROM a\r\nRUN b\r"
    assert edited.line_count == 3
    assert_same_parse(edited, Dockerfile.parse(edited.text))
    split = Dockerfile.parse("FROM a\r\nRUN b\r\n").apply_edit(Span.on_line(0, 6, 6), "\r")
    assert_same_parse(split, Dockerfile.parse("FROM a\r\r\nRUN b\r\n"))


CORPUS_FILES = corpus_files()


def replay(dockerfile: Dockerfile, data: st.DataObject, steps: int) -> None:
    """Apply random edits one by one; after each, compare with a fresh parse."""
    for _ in range(steps):
        if data.draw(st.booleans(), label="views computed before the edit"):
            dockerfile.instructions  # noqa: B018 - exercise the located-view reuse
            derived = st.sets(st.sampled_from(["comments", "stages", "_keyword_index"]))
            for name in sorted(data.draw(derived, label="derived views computed too")):
                getattr(dockerfile, name)  # patched after the edit (typing inside a line)
        span, new_text = data.draw(edits(dockerfile), label="edit")
        expected = edited_text(dockerfile, span, new_text)
        dockerfile = dockerfile.apply_edit(span, new_text)
        assert dockerfile.text == expected
        assert_same_parse(dockerfile, Dockerfile.parse(expected))
    assert_well_formed(dockerfile, dockerfile.text)


@pytest.mark.corpus
@settings(
    deadline=None,
    max_examples=120,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_random_edits_on_corpus_files_equal_a_fresh_parse(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(CORPUS_FILES), label="corpus file")
    text = read_corpus_file(path)
    replay(Dockerfile.parse(text), data, steps=6)


@settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfiles(), st.data())
def test_random_edits_on_generated_dockerfiles_equal_a_fresh_parse(
    text: str, data: st.DataObject
) -> None:
    replay(Dockerfile.parse(text), data, steps=8)


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=80), st.data())
def test_random_edits_on_arbitrary_text_equal_a_fresh_parse(text: str, data: st.DataObject) -> None:
    replay(Dockerfile.parse(text), data, steps=5)


def test_typing_a_dockerfile_character_by_character() -> None:
    target = fifty_instructions().replace("\n", "\r\n", 10)
    dockerfile = Dockerfile.parse("")
    for n, ch in enumerate(target):
        end = Position(dockerfile.line_count - 1, len(dockerfile.lines[-1]))
        dockerfile = dockerfile.apply_edit(Span(end, end), ch)
        if n % 97 == 0:
            assert_same_parse(dockerfile, Dockerfile.parse(target[: n + 1]))
    assert_same_parse(dockerfile, Dockerfile.parse(target))


def test_deleting_a_dockerfile_from_the_top() -> None:
    dockerfile = Dockerfile.parse(fifty_instructions())
    while dockerfile.text:
        # seven characters, or the line end of an empty first line
        end = Position(0, 7) if dockerfile.lines[0] else Position(1, 0)
        dockerfile = dockerfile.apply_edit(Span(Position(0, 0), end), "")
        assert_same_parse(dockerfile, Dockerfile.parse(dockerfile.text))


def test_located_views_are_computed_once_per_instruction() -> None:
    dockerfile = Dockerfile.parse(fifty_instructions())
    copy = dockerfile.instructions[MIDDLE_RUN + 1]
    assert copy.keyword == "COPY"
    assert copy.words is copy.words
    assert copy.heredocs is copy.heredocs
    assert copy.span is copy.span
    _, edit = _edit_inside(dockerfile, MIDDLE_RUN)
    typed = dockerfile.apply_edit(edit, "x")
    assert typed.instructions[MIDDLE_RUN + 1] is copy  # reused, with what it computed


def test_key_values_are_memoized_but_callers_get_their_own_list() -> None:
    dockerfile = Dockerfile.parse('FROM a\nENV A=1 B="two words"\n')
    env = dockerfile.instructions[1]
    first = key_values(env)
    first.clear()
    assert [(kv.key, kv.value, kv.raw) for kv in key_values(env)] == [
        ("A", "1", "1"),
        ("B", "two words", '"two words"'),
    ]


def test_views_derived_from_instructions_are_patched_after_typing_in_a_line() -> None:
    dockerfile = Dockerfile.parse(fifty_instructions())
    stages, comments = dockerfile.stages, dockerfile.comments
    workdirs = list(dockerfile.by_keyword("WORKDIR"))
    _, edit = _edit_inside(dockerfile, MIDDLE_RUN)
    typed = dockerfile.apply_edit(edit, "x")
    edited_stage = typed.instructions[MIDDLE_RUN].stage
    assert edited_stage is not None
    # Untouched stages are the same objects; the edited one holds the new RUN.
    for old, new in zip(stages, typed.stages, strict=True):
        assert (new is old) == (new.index != edited_stage)
    assert typed.stages[edited_stage].instructions[1] is typed.instructions[MIDDLE_RUN]
    assert typed.comments == comments
    assert list(typed.by_keyword("WORKDIR")) == workdirs  # the same instructions
    assert list(typed.by_keyword("RUN"))[6] is typed.instructions[MIDDLE_RUN]
    assert_same_parse(typed, Dockerfile.parse(typed.text))


def test_editing_a_from_line_rebuilds_the_stages() -> None:
    dockerfile = Dockerfile.parse(fifty_instructions())
    dockerfile.stages  # noqa: B018 - computed before the edit
    line = dockerfile.stages[3].instructions[0].line
    renamed = dockerfile.apply_edit(Span(Position(line, 22), Position(line, 22)), "x")
    assert renamed.stages[3].name == "stage3x"
    assert_same_parse(renamed, Dockerfile.parse(renamed.text))
