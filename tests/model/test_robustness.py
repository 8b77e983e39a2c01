"""The model never raises: odd, broken, huge or hostile input gives a model and problems."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dfls.model import Dockerfile, Position, Span, parse
from tests.model.checks import assert_well_formed, dockerfiles, edited_text


def test_empty_file() -> None:
    dockerfile = parse("")
    assert_well_formed(dockerfile, "")
    assert dockerfile.instructions == ()
    assert dockerfile.stages == ()
    assert dockerfile.problems == ()
    assert dockerfile.directives == ()
    assert dockerfile.line_count == 1


@pytest.mark.parametrize("text", ["\n", "\n\n\n", "   \t\n", "\r\n\r", "\ufeff", "#", "# \\\n"])
def test_files_without_instructions(text: str) -> None:
    dockerfile = parse(text)
    assert_well_formed(dockerfile, text)
    assert dockerfile.instructions == ()


def test_binary_garbage() -> None:
    rng = random.Random(2)
    for _ in range(50):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
        text = data.decode("latin-1")
        assert_well_formed(parse(text), text)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
    assert_well_formed(parse(png.decode("latin-1")), png.decode("latin-1"))


def test_nul_bytes_and_control_characters() -> None:
    text = 'FROM \x00alpine\nRUN \x00\x01\x02 \\\n\x1b[31m\x7f\nCMD ["\x00"]\n'
    assert_well_formed(parse(text), text)


def test_a_10_mb_file() -> None:
    script = "".join(
        f'echo "step {n}: configuring the service" >> /var/log/setup.log\n' for n in range(60)
    )
    chunk = (
        "# build stage\n"
        "FROM python:3.12-slim AS build\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends \\\n"
        "        build-essential curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        f"COPY <<EOF /usr/local/bin/setup.sh\n#!/bin/sh\n{script}EOF\n"
        'ENV A=1 B="two words" PATH="/opt/venv/bin:$PATH"\n'
        'CMD ["python", "-m", "app"]\n\n'
    )
    text = chunk * (10_000_000 // len(chunk) + 1)
    assert len(text) >= 10_000_000
    started = time.process_time()
    dockerfile = parse(text)
    assert len(dockerfile.instructions) == 5 * (len(text) // len(chunk))
    assert dockerfile.problems == ()
    assert dockerfile.text == text
    edited = dockerfile.apply_edit(Span.on_line(1, 5, 11), "alpine")
    assert edited.instructions[0].words[0].value == "alpine:3.12-slim"
    assert time.process_time() - started < 60  # generous: a smoke check, not a benchmark


@pytest.mark.parametrize(
    "text",
    [
        "RUN " + "a " * 100_000,  # one very long line
        "RUN a \\\n" * 50_000 + "b\n",  # one very long continuation
        "RUN <<EOF\n" + "x\n" * 100_000,  # an unterminated heredoc to the end
        "ONBUILD " * 20_000 + "RUN x\n",
        "$" * 200_000 + "{" * 200_000,
        "RUN [" + '"a",' * 50_000 + "\n",
        "RUN ${A:-" * 20_000 + "\n",
    ],
    ids=[
        "long-line",
        "long-continuation",
        "long-heredoc",
        "onbuild-chain",
        "dollars",
        "json",
        "nested-vars",
    ],
)
def test_pathological_inputs(text: str) -> None:
    assert_well_formed(parse(text), text)


def test_unterminated_heredoc_is_a_problem_with_a_range() -> None:
    dockerfile = parse("FROM a\nRUN cat <<-END\n\tbody\n")
    (problem,) = dockerfile.problems
    assert problem.kind == "unterminated-heredoc"
    assert problem.severity == "error"
    assert problem.span == Span.on_line(1, 8, 14)
    assert "END" in problem.message


def test_several_unterminated_heredocs() -> None:
    dockerfile = parse("RUN <<A <<B\nbody\n")
    assert [p.kind for p in dockerfile.problems] == ["unterminated-heredoc"] * 2


@pytest.mark.parametrize(
    ("text", "problem_span"),
    [
        ("FROM a\nRUN make \\", Span.on_line(1, 9, 10)),
        ("FROM a\nRUN make \\  \n", Span.on_line(1, 9, 12)),  # blanks after it count
        ("FROM a\nRUN make \\\n# comment\n\n", Span.on_line(1, 9, 10)),
        ("# escape=`\nRUN make `", Span.on_line(1, 9, 10)),
    ],
)
def test_trailing_escape_at_end_of_file_is_a_problem(text: str, problem_span: Span) -> None:
    dockerfile = parse(text)
    (problem,) = dockerfile.problems
    assert problem.kind == "continuation-at-eof"
    assert problem.span == problem_span
    assert dockerfile.instructions[-1].keyword == "RUN"


def test_lone_escape_lines() -> None:
    for text in ["\\", "\\\n", "\\\n\\\n", "FROM a\n\\\n\\", " \\ \n RUN x"]:
        dockerfile = parse(text)
        assert_well_formed(dockerfile, text)
    # a lone "\" continues into the next line (BuildKit): one RUN instruction
    (run,) = parse("\\\nRUN x\n").instructions
    assert (run.keyword, run.line, run.keyword_span.start.line) == ("RUN", 0, 1)


def test_unknown_instructions_and_keyword_only_lines() -> None:
    text = "FROBNICATE now\nRUN\nFROM\nCOPY\nONBUILD\nHEALTHCHECK\nENV\n"
    dockerfile = parse(text)
    assert_well_formed(dockerfile, text)
    assert [i.keyword for i in dockerfile.instructions] == [
        "FROBNICATE",
        "RUN",
        "FROM",
        "COPY",
        "ONBUILD",
        "HEALTHCHECK",
        "ENV",
    ]
    assert dockerfile.stages[0].image is None


def test_invalid_directives_are_problems_not_exceptions() -> None:
    text = "# escape=\\\\\n# escape=`\n# syntax=\n"
    dockerfile = parse(text)
    assert_well_formed(dockerfile, text)
    assert {p.kind for p in dockerfile.problems} == {"directive"}


@settings(deadline=None, max_examples=300)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_well_formed(parse(text), text)


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet=st.sampled_from("RUNFROM <EOF>-'\"\\`#$={}[],\t\r\n\x00\u00a0\ufeffé😀")))
def test_dockerfile_alphabet_never_raises(text: str) -> None:
    assert_well_formed(parse(text), text)


@settings(deadline=None, max_examples=200)
@given(dockerfiles())
def test_generated_dockerfiles_never_raise(text: str) -> None:
    assert_well_formed(parse(text), text)


@pytest.mark.parametrize(
    "span",
    [
        Span(Position(99, 0), Position(120, 7)),  # past the end of the file
        Span(Position(1, 50), Position(1, 80)),  # past the end of a line
        Span(Position(2, 3), Position(0, 1)),  # reversed
        Span(Position(-4, -2), Position(0, -1)),  # negative
        Span(Position(-1, 0), Position(99, 99)),  # everything
    ],
)
def test_apply_edit_clamps_ranges(span: Span) -> None:
    dockerfile = parse("FROM alpine\nRUN a \\\n  b\nCMD c\n")
    edited = dockerfile.apply_edit(span, "X\n")
    expected = edited_text(dockerfile, span, "X\n")
    assert edited.text == expected
    assert edited.items == parse(expected).items
    assert_well_formed(edited, expected)


def test_apply_edit_on_an_empty_file() -> None:
    dockerfile = parse("")
    edited = dockerfile.apply_edit(Span(Position(3, 3), Position(0, 9)), "FROM a\n")
    assert edited.text == "FROM a\n"
    assert [i.keyword for i in edited.instructions] == ["FROM"]


def test_apply_edit_returns_a_new_model_and_leaves_the_old_one() -> None:
    dockerfile = parse("FROM a\nRUN b\n")
    edited = dockerfile.apply_edit(Span.on_line(1, 4, 5), "c")
    assert dockerfile.text == "FROM a\nRUN b\n"
    assert edited.text == "FROM a\nRUN c\n"
    assert isinstance(edited, Dockerfile)
