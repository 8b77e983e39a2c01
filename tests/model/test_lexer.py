"""Exact spans of the document model: keywords, ranges, flags, words, heredocs, directives.

Positions are 0-based lines and code-point characters. Where BuildKit's parser
(moby/buildkit frontend/dockerfile/parser) decides a question of meaning, the test says so.
"""

from __future__ import annotations

from textwrap import dedent

import pytest

from dfls.model import (
    Dockerfile,
    Instruction,
    Position,
    Span,
    Stage,
    parse,
    variables_at,
)
from dfls.model.semantics import value_at


def at(line: int, start: int, end: int) -> Span:
    """A span on one line."""
    return Span.on_line(line, start, end)


def span(line: int, character: int, end_line: int, end_character: int) -> Span:
    return Span(Position(line, character), Position(end_line, end_character))


def only(text: str) -> Instruction:
    """The single instruction of ``text``."""
    instructions = parse(text).instructions
    assert len(instructions) == 1, instructions
    return instructions[0]


def text_of(source: str, s: Span) -> str:
    """The source text a span covers (for spans on one line)."""
    assert s.start.line == s.end.line, s
    line = source.splitlines()[s.start.line]
    return line[s.start.character : s.end.character]


# -- keyword and range -----------------------------------------------------------------


def test_keyword_span_and_range_of_a_simple_instruction() -> None:
    instruction = only("  RUN echo hi  \n")
    assert instruction.keyword == "RUN"
    assert instruction.keyword_span == at(0, 2, 5)
    assert instruction.span == span(0, 2, 0, 15)  # to the end of the line, blanks included
    assert instruction.args == "echo hi"
    assert instruction.args_span == at(0, 6, 13)
    assert instruction.line == 0
    assert instruction.last_line == 0


def test_range_covers_continuation_lines_and_comments_and_blank_lines_inside_them() -> None:
    source = dedent(
        """\
        FROM alpine
        RUN apk add \\
            # a comment inside the continuation: Docker drops it
            curl \\

            git
        CMD ["sh"]
        """
    )
    dockerfile = parse(source)
    run = dockerfile.instructions[1]
    assert run.keyword == "RUN"
    assert run.span == span(1, 0, 5, 7)
    assert run.last_line == 5
    # the logical line BuildKit sees: continuations joined, comment and blank line dropped
    assert run.text == "RUN apk add     curl     git"
    assert [w.value for w in run.words] == ["apk", "add", "curl", "git"]
    assert [w.span for w in run.words] == [at(1, 4, 7), at(1, 8, 11), at(3, 4, 8), at(5, 4, 7)]
    assert run.comments == (
        run.comments[0]._replace(text="a comment inside the continuation: Docker drops it"),
    )
    assert run.comments[0].span == at(2, 4, 56)
    assert run.node.empty_continuation_lines == (3,)  # relative to the keyword line
    assert run.args_span == span(1, 4, 5, 7)
    # comments inside a continuation are not top-level comments
    assert dockerfile.comments == ()
    assert dockerfile.instructions[2].span == at(6, 0, 10)


def test_heredoc_body_and_terminator_are_part_of_the_range() -> None:
    source = "RUN <<EOF\napt-get update\nEOF\nUSER app\n"
    dockerfile = parse(source)
    run, user = dockerfile.instructions
    assert run.span == span(0, 0, 2, 3)
    assert user.keyword == "USER"  # the body line is not an APT-GET instruction
    assert user.span == at(3, 0, 8)


def test_an_escape_after_an_escaped_escape_does_not_continue_the_line() -> None:
    # BuildKit's continuation regex is ([^\\])\\[ \t]*$|^\\[ \t]*$: "C:\\" ends the line.
    source = "COPY a.txt C:\\\\\nRUN dir c:\\\n    /b\n"
    copy, run = parse(source).instructions
    assert copy.span == at(0, 0, 15)
    assert copy.words[-1].value == "C:\\"
    assert run.span == span(1, 0, 2, 6)


def test_lowercase_and_mixed_case_keywords_are_reported_upper_case() -> None:
    dockerfile = parse("from alpine\nRuN echo\nworkDir /app\n")
    assert [i.keyword for i in dockerfile.instructions] == ["FROM", "RUN", "WORKDIR"]
    assert [i.keyword_text for i in dockerfile.instructions] == ["from", "RuN", "workDir"]
    assert dockerfile.instructions[1].keyword_span == at(1, 0, 3)


def test_unknown_instructions_are_instructions_with_their_keyword() -> None:
    instruction = only("FOO bar baz\n")
    assert instruction.keyword == "FOO"
    assert [w.value for w in instruction.words] == ["bar", "baz"]


def test_keyword_split_by_a_continuation() -> None:
    instruction = only("RU\\\nN echo\n")
    assert instruction.keyword == "RUN"
    assert instruction.keyword_span == span(0, 0, 1, 1)


# -- flags and words -------------------------------------------------------------------


def test_flag_name_and_value_spans() -> None:
    source = "COPY --from=build --chown=app:app /src /dst\n"
    copy = only(source)
    from_flag, chown = copy.flags
    assert (from_flag.name, from_flag.value) == ("from", "build")
    assert from_flag.span == at(0, 5, 17)
    assert from_flag.name_span == at(0, 7, 11)
    assert from_flag.value_span == at(0, 12, 17)
    assert (chown.name, chown.value) == ("chown", "app:app")
    assert text_of(source, chown.value_span or chown.span) == "app:app"
    assert copy.flag("from") == from_flag
    assert copy.flag("link") is None
    assert [w.value for w in copy.words] == ["/src", "/dst"]
    assert [w.span for w in copy.words] == [at(0, 34, 38), at(0, 39, 43)]


def test_run_mount_flag_value_with_equals_and_commas() -> None:
    source = "RUN --mount=type=cache,target=/x --network=none make\n"
    run = only(source)
    mount, network = run.flags
    assert mount.name == "mount"
    assert mount.value == "type=cache,target=/x"
    assert mount.value_span == at(0, 12, 32)
    assert network.value == "none"
    assert [w.value for w in run.words] == ["make"]


def test_flag_without_value_and_double_dash_ends_flags() -> None:
    run = only("COPY --link --parents -- --not-a-flag /dst\n")
    assert [(f.name, f.value) for f in run.flags] == [("link", None), ("parents", None)]
    assert run.flags[0].value_span is None
    assert [w.value for w in run.words] == ["--not-a-flag", "/dst"]


def test_words_keep_quotes_in_text_and_drop_them_in_value() -> None:
    source = """RUN echo "a b" 'c d' e\\ f\n"""
    run = only(source)
    assert [(w.text, w.value) for w in run.words] == [
        ("echo", "echo"),
        ('"a b"', "a b"),
        ("'c d'", "c d"),
        ("e\\ f", "e f"),
    ]
    assert [w.span for w in run.words] == [at(0, 4, 8), at(0, 9, 14), at(0, 15, 20), at(0, 21, 25)]


def test_flag_spread_over_a_continuation() -> None:
    run = only("RUN --mount=type=cache,\\\ntarget=/x true\n")
    (mount,) = run.flags
    assert mount.value == "type=cache,target=/x"
    assert mount.span == span(0, 4, 1, 9)
    assert mount.value_span == span(0, 12, 1, 9)
    # continuation lines keep their indentation, which splits words (as in BuildKit)
    indented = only("RUN --mount=type=cache,\\\n  target=/x true\n")
    assert indented.flags[0].value == "type=cache,"
    assert [w.value for w in indented.words] == ["target=/x", "true"]


# -- exec form -----------------------------------------------------------------------


def test_exec_form_elements_with_spans() -> None:
    source = 'CMD ["python", "-m", "http.server", "a \\"q\\""]\n'
    cmd = only(source)
    assert cmd.exec_form is not None
    assert [w.value for w in cmd.exec_form] == ["python", "-m", "http.server", 'a "q"']
    assert cmd.exec_form[0].text == '"python"'
    assert cmd.exec_form[0].span == at(0, 5, 13)
    assert cmd.exec_form[2].span == at(0, 21, 34)
    assert text_of(source, cmd.exec_form[3].span) == '"a \\"q\\""'


def test_exec_form_over_continuation_lines() -> None:
    entrypoint = only('ENTRYPOINT ["tini", \\\n    "--"]\n')
    assert entrypoint.exec_form is not None
    assert [w.span for w in entrypoint.exec_form] == [at(0, 12, 18), at(1, 4, 8)]


def test_exec_form_after_flags_and_for_healthcheck_cmd() -> None:
    run = only('RUN --network=none ["make", "test"]\n')
    assert run.exec_form is not None
    assert [w.value for w in run.exec_form] == ["make", "test"]
    health = only('HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x/"]\n')
    assert health.exec_form is not None
    assert [w.value for w in health.exec_form] == ["curl", "-f", "http://x/"]
    assert health.exec_form[0].span == at(0, 31, 37)


@pytest.mark.parametrize(
    "source",
    [
        "CMD python app.py\n",
        "CMD [python, app.py]\n",  # not JSON: BuildKit runs it as shell form
        'CMD ["python", 1]\n',  # not an array of strings
        'CMD ["python"] extra\n',
        'CMD ["unterminated\n',
        "ENV X=[1]\n",  # ENV has no exec form
    ],
)
def test_not_exec_form(source: str) -> None:
    assert only(source).exec_form is None


def test_empty_exec_form() -> None:
    assert only("CMD []\n").exec_form == ()


# -- heredocs --------------------------------------------------------------------------


def test_heredoc_on_run() -> None:
    source = "RUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n"
    run = only(source)
    (heredoc,) = run.heredocs
    assert heredoc.delimiter == "EOF"
    assert not heredoc.strip_tabs
    assert not heredoc.quoted
    assert heredoc.marker_span == at(0, 4, 9)
    assert heredoc.body == "apt-get update\napt-get install -y curl\n"
    assert heredoc.body_span == span(1, 0, 2, 23)
    assert heredoc.terminator_span == at(3, 0, 3)
    assert run.span == span(0, 0, 3, 3)
    assert parse(source).problems == ()


def test_heredoc_with_tab_stripping_terminator() -> None:
    source = "RUN <<-EOF\n\techo hi\n\t\tEOF\nUSER app\n"
    dockerfile = parse(source)
    run = dockerfile.instructions[0]
    (heredoc,) = run.heredocs
    assert heredoc.strip_tabs
    assert heredoc.body == "\techo hi\n"  # the body is kept as written
    assert heredoc.terminator_span == at(2, 2, 5)
    assert run.span == span(0, 0, 2, 5)
    assert dockerfile.instructions[1].keyword == "USER"


def test_tab_indented_terminator_does_not_end_a_plain_heredoc() -> None:
    source = "RUN <<EOF\n\tEOF\nEOF\n"
    (heredoc,) = only(source).heredocs
    assert heredoc.body == "\tEOF\n"
    assert heredoc.terminator_span == at(2, 0, 3)


@pytest.mark.parametrize(
    ("marker", "delimiter"),
    [("<<'EOF'", "EOF"), ('<<"EOF"', "EOF"), ("<<-'END'", "END"), ("<<E'O'F", "EOF")],
)
def test_quoted_heredoc_delimiters(marker: str, delimiter: str) -> None:
    source = f"RUN cat {marker}\n$HOME stays\n{delimiter}\n"
    run = only(source)
    (heredoc,) = run.heredocs
    assert heredoc.delimiter == delimiter
    assert heredoc.quoted
    assert heredoc.body == "$HOME stays\n"
    assert heredoc.marker_span == at(0, 8, 8 + len(marker))


def test_quoted_heredoc_delimiter_may_contain_a_blank() -> None:
    # BuildKit reads the word after << with its shell lexer: 'E F' is one word.
    source = "RUN <<'E F'\nbody\nE F\nUSER app\n"
    dockerfile = parse(source)
    assert [i.keyword for i in dockerfile.instructions] == ["RUN", "USER"]
    assert dockerfile.instructions[0].heredocs[0].delimiter == "E F"


def test_several_heredocs_in_one_instruction() -> None:
    source = dedent(
        """\
        RUN <<FILE1 cat > /a && <<-FILE2 cat > /b
        one
        FILE1
        \ttwo
        \tFILE2
        EXPOSE 80
        """
    )
    dockerfile = parse(source)
    run, expose = dockerfile.instructions
    first, second = run.heredocs
    assert (first.delimiter, first.body, first.terminator_span) == ("FILE1", "one\n", at(2, 0, 5))
    assert (second.delimiter, second.strip_tabs) == ("FILE2", True)
    assert second.body == "\ttwo\n"
    assert second.body_span == at(3, 0, 4)
    assert second.terminator_span == at(4, 1, 6)
    assert run.span == span(0, 0, 4, 6)
    assert expose.span == at(5, 0, 9)


@pytest.mark.parametrize("keyword", ["COPY", "ADD"])
def test_heredocs_on_copy_and_add(keyword: str) -> None:
    source = f"{keyword} --chmod=755 <<EOF /usr/local/bin/hello\n#!/bin/sh\necho hi\nEOF\n"
    dockerfile = parse(source)
    (instruction,) = dockerfile.instructions
    assert instruction.keyword == keyword
    (heredoc,) = instruction.heredocs
    assert heredoc.body == "#!/bin/sh\necho hi\n"
    assert heredoc.marker_span == at(0, len(keyword) + 13, len(keyword) + 18)
    assert instruction.span == span(0, 0, 3, 3)
    assert dockerfile.comments == ()  # "#!/bin/sh" is body, not a comment


def test_heredoc_on_onbuild_run() -> None:
    source = "ONBUILD RUN <<EOF\necho built\nEOF\nCMD x\n"
    dockerfile = parse(source)
    onbuild, cmd = dockerfile.instructions
    assert onbuild.keyword == "ONBUILD"
    (heredoc,) = onbuild.heredocs
    assert heredoc.body == "echo built\n"
    trigger = onbuild.trigger
    assert trigger is not None
    assert trigger.keyword == "RUN"
    assert trigger.keyword_span == at(0, 8, 11)
    assert trigger.heredocs == onbuild.heredocs
    assert onbuild.span == span(0, 0, 2, 3)
    assert cmd.line == 3


def test_heredoc_after_a_continuation() -> None:
    source = "RUN --mount=type=cache,target=/x \\\n    <<EOF\nmake\nEOF\n"
    run = only(source)
    (heredoc,) = run.heredocs
    assert heredoc.marker_span == at(1, 4, 9)
    assert heredoc.body_span == at(2, 0, 4)
    assert run.span == span(0, 0, 3, 3)


@pytest.mark.parametrize(
    "source",
    [
        "ENV X=<<EOF\nUSER app\n",  # only RUN, COPY and ADD take heredocs
        'RUN ["cat", "<<EOF"]\nUSER app\n',  # exec form: no heredoc
        'RUN echo "<<EOF"\nUSER app\n',  # quoted: a plain word
        "RUN cat<<EOF\nUSER app\n",  # not a word of its own (BuildKit's rule)
        "RUN cat <<\nUSER app\n",  # no delimiter
    ],
)
def test_not_a_heredoc(source: str) -> None:
    dockerfile = parse(source)
    assert dockerfile.instructions[0].heredocs == ()
    assert [i.keyword for i in dockerfile.instructions][-1] == "USER"


def test_unterminated_heredoc_is_a_problem_and_runs_to_the_end() -> None:
    source = "RUN <<EOF\necho hi\nUSER app\n"
    dockerfile = parse(source)
    (run,) = dockerfile.instructions
    (heredoc,) = run.heredocs
    assert heredoc.terminator_span is None
    assert heredoc.body == "echo hi\nUSER app\n"
    assert run.span == span(0, 0, 3, 0)
    (problem,) = dockerfile.problems
    assert problem.kind == "unterminated-heredoc"
    assert problem.span == at(0, 4, 9)
    assert "EOF" in problem.message


def test_heredoc_body_at_end_of_file_without_newline() -> None:
    (heredoc,) = only("RUN <<EOF\necho hi").heredocs
    assert heredoc.body == "echo hi"


# -- comments --------------------------------------------------------------------------


def test_comments_between_instructions() -> None:
    source = "# first\nFROM alpine\n   #   indented  \nRUN true # not a comment\n"
    dockerfile = parse(source)
    assert [(c.text, c.span) for c in dockerfile.comments] == [
        ("first", at(0, 0, 7)),
        ("indented", at(2, 3, 17)),
    ]
    assert dockerfile.instructions[1].words[-1].value == "comment"


# -- parser directives -----------------------------------------------------------------


def test_directives_at_the_top() -> None:
    source = "# syntax=docker/dockerfile:1.7\n#escape = `\n# check=skip=JSONArgsRecommended\n"
    source += "FROM alpine\n"
    dockerfile = parse(source)
    assert [(d.name, d.value) for d in dockerfile.directives] == [
        ("syntax", "docker/dockerfile:1.7"),
        ("escape", "`"),
        ("check", "skip=JSONArgsRecommended"),
    ]
    syntax = dockerfile.directives[0]
    assert syntax.span == at(0, 0, 30)
    assert syntax.name_span == at(0, 2, 8)
    assert syntax.value_span == at(0, 9, 30)
    assert dockerfile.directives[1].value_span == at(1, 10, 11)
    assert dockerfile.escape == "`"
    assert dockerfile.directive("check") == dockerfile.directives[2]
    assert dockerfile.directive("nope") is None
    assert dockerfile.comments == ()
    assert dockerfile.problems == ()


def test_directive_names_are_case_insensitive_and_may_be_indented() -> None:
    dockerfile = parse("  # SYNTAX = docker/dockerfile:1  \nFROM x\n")
    (directive,) = dockerfile.directives
    assert (directive.name, directive.value) == ("syntax", "docker/dockerfile:1")
    assert directive.span == at(0, 2, 34)
    assert directive.value_span == at(0, 13, 32)


@pytest.mark.parametrize(
    "source",
    [
        "# a comment\n# escape=`\nFROM x\n",
        "\n# escape=`\nFROM x\n",
        "FROM x\n# escape=`\n",
        "# unknown=directive\n# escape=`\nFROM x\n",
        "#\n# escape=`\nFROM x\n",
    ],
)
def test_a_directive_after_anything_else_is_a_comment(source: str) -> None:
    dockerfile = parse(source)
    assert dockerfile.directives == ()
    assert dockerfile.escape == "\\"
    assert "escape=`" in [c.text for c in dockerfile.comments]


def test_duplicate_directive_is_a_problem() -> None:
    dockerfile = parse("# syntax=a\n# syntax=b\nFROM x\n")
    assert len(dockerfile.directives) == 2
    (problem,) = dockerfile.problems
    assert problem.kind == "directive"
    assert problem.span == at(1, 0, 10)
    assert "only one syntax" in problem.message


def test_invalid_escape_value_is_a_problem() -> None:
    dockerfile = parse("# escape=x\nRUN a \\\n  b\n")
    (problem,) = dockerfile.problems
    assert problem.span == at(0, 9, 10)
    assert dockerfile.escape == "\\"
    assert dockerfile.instructions[0].span == span(1, 0, 2, 3)


def test_backtick_escape_as_windows_dockerfiles_use() -> None:
    source = dedent(
        """\
        # escape=`
        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        RUN powershell -Command `
            $ErrorActionPreference = 'Stop'; `
            Write-Host C:\\path\\
        COPY app.ps1 C:\\app\\
        """
    )
    dockerfile = parse(source)
    assert dockerfile.escape == "`"
    _, run, copy = dockerfile.instructions
    assert run.span == span(2, 0, 4, 23)
    assert run.words[-1].value == "C:\\path\\"  # the backslash is an ordinary character
    assert copy.line == 5
    assert copy.words[-1].value == "C:\\app\\"


def test_backslash_does_not_continue_a_line_under_backtick_escape() -> None:
    dockerfile = parse("# escape=`\nRUN dir c:\\\nRUN dir d:\n")
    assert [i.line for i in dockerfile.instructions] == [1, 2]


# -- line ends and BOM -----------------------------------------------------------------


def test_crlf_line_ends() -> None:
    source = "FROM alpine\r\nRUN a \\\r\n  b\r\nUSER app\r\n"
    dockerfile = parse(source)
    assert [(i.keyword, i.span) for i in dockerfile.instructions] == [
        ("FROM", at(0, 0, 11)),
        ("RUN", span(1, 0, 2, 3)),
        ("USER", at(3, 0, 8)),
    ]
    assert dockerfile.text == source
    assert dockerfile.instructions[1].words[-1].value == "b"


def test_lone_cr_line_ends() -> None:
    source = "FROM alpine\rRUN <<EOF\recho\rEOF\rUSER app"
    dockerfile = parse(source)
    assert [(i.keyword, i.line, i.last_line) for i in dockerfile.instructions] == [
        ("FROM", 0, 0),
        ("RUN", 1, 3),
        ("USER", 4, 4),
    ]
    assert dockerfile.instructions[1].heredocs[0].body == "echo\n"
    assert dockerfile.text == source


def test_bom_at_the_start() -> None:
    dockerfile = parse("\ufeffFROM alpine\nRUN true\n")
    first = dockerfile.instructions[0]
    assert first.keyword == "FROM"
    assert first.keyword_span == at(0, 1, 5)
    with_directive = parse("\ufeff# syntax=docker/dockerfile:1\nFROM alpine\n")
    assert with_directive.directives[0].span == at(0, 1, 29)
    assert with_directive.instructions[0].keyword == "FROM"


def test_unicode_blank_lines_are_blank() -> None:
    # BuildKit skips lines of Go's unicode.IsSpace characters, NBSP included.
    dockerfile = parse("FROM x\n\u00a0\u3000\nRUN y\n")
    assert [i.keyword for i in dockerfile.instructions] == ["FROM", "RUN"]


def test_characters_are_code_points() -> None:
    run = only("RUN echo 😀 é x\n")
    assert [w.span for w in run.words] == [at(0, 4, 8), at(0, 9, 10), at(0, 11, 12), at(0, 13, 14)]


# -- ONBUILD ---------------------------------------------------------------------------


def test_onbuild_with_its_trigger() -> None:
    source = "onbuild copy --from=build /a /b\n"
    onbuild = only(source)
    assert onbuild.keyword == "ONBUILD"
    trigger = onbuild.trigger
    assert trigger is not None
    assert trigger.keyword == "COPY"
    assert trigger.keyword_text == "copy"
    assert trigger.keyword_span == at(0, 8, 12)
    assert trigger.span == onbuild.span._replace(start=Position(0, 8))
    assert [(f.name, f.value, f.value_span) for f in trigger.flags] == [
        ("from", "build", at(0, 20, 25))
    ]
    assert [w.span for w in trigger.words] == [at(0, 26, 28), at(0, 29, 31)]


def test_onbuild_onbuild_goes_one_level_only() -> None:
    onbuild = only("ONBUILD ONBUILD RUN x\n")
    trigger = onbuild.trigger
    assert trigger is not None
    assert trigger.keyword == "ONBUILD"
    assert trigger.trigger is None


def test_onbuild_without_trigger() -> None:
    assert only("ONBUILD\n").trigger is None


# -- stages ------------------------------------------------------------------------------


STAGES = dedent(
    """\
    ARG REGISTRY=ghcr.io
    ARG VERSION=3.12
    FROM --platform=$BUILDPLATFORM ${REGISTRY}/acme/python:${VERSION}-slim AS build
    RUN make
    FROM build AS test
    RUN make test
    FROM gcr.io/distroless/python3-debian12:nonroot@sha256:0123abcd AS final
    COPY --from=build /app /app
    FROM localhost:5000/tools
    FROM scratch
    """
)


def test_stages_with_names_indexes_and_images() -> None:
    dockerfile = parse(STAGES)
    stages = dockerfile.stages
    assert [(s.index, s.name) for s in stages] == [
        (0, "build"),
        (1, "test"),
        (2, "final"),
        (3, None),
        (4, None),
    ]
    assert [i.stage for i in dockerfile.instructions] == [None, None, 0, 0, 1, 1, 2, 2, 3, 4]
    build = stages[0]
    assert build.name_span == at(2, 74, 79)
    assert build.from_instruction.line == 2
    assert build.span == span(2, 0, 3, 8)
    assert build.platform is not None
    assert build.platform.value == "$BUILDPLATFORM"
    assert build.platform.value_span == at(2, 16, 30)
    image = build.image
    assert image is not None
    assert image.text == "${REGISTRY}/acme/python:${VERSION}-slim"
    assert image.span == at(2, 31, 70)
    # variables in the image name come from the global ARGs before the first FROM
    assert image.resolved == "ghcr.io/acme/python:3.12-slim"
    assert (image.registry, image.repository, image.tag, image.digest) == (
        "ghcr.io",
        "acme/python",
        "3.12-slim",
        None,
    )
    assert image.name == "python"
    assert not image.has_variables


def test_image_reference_parts() -> None:
    stages = parse(STAGES).stages
    final = stages[2].image
    assert final is not None
    assert (final.registry, final.repository, final.tag, final.digest) == (
        "gcr.io",
        "distroless/python3-debian12",
        "nonroot",
        "sha256:0123abcd",
    )
    tools = stages[3].image
    assert tools is not None
    assert (tools.registry, tools.repository, tools.tag) == ("localhost:5000", "tools", None)
    scratch = stages[4].image
    assert scratch is not None
    assert scratch.is_scratch


def test_stage_built_from_an_earlier_stage_has_it_as_parent() -> None:
    stages = parse(STAGES).stages
    assert [s.parent for s in stages] == [None, 0, None, None, None]
    assert parse("FROM a AS Base\nFROM base\n").stages[1].parent == 0  # case-insensitive


def test_image_with_unknown_variables_keeps_them() -> None:
    stage: Stage = parse("FROM python:${TAG}\nFROM python:${TAG:-3.12}\n").stages[0]
    assert stage.image is not None
    assert stage.image.resolved == "python:${TAG}"
    assert stage.image.has_variables
    defaulted = parse("FROM python:${TAG:-3.12}\n").stages[0].image
    assert defaulted is not None
    assert defaulted.resolved == "python:3.12"
    overridden = parse("ARG TAG=3.11\nFROM python:${TAG:-3.12}\n").stages[0].image
    assert overridden is not None
    assert overridden.resolved == "python:3.11"


def test_instructions_before_the_first_from_have_no_stage() -> None:
    dockerfile = parse("ARG A=1\nFROM x\n")
    assert [i.stage for i in dockerfile.instructions] == [None, 0]
    assert len(dockerfile.stages) == 1


# -- ARG and ENV scopes ----------------------------------------------------------------


SCOPES = dedent(
    """\
    ARG BASE=alpine
    ARG TAG
    FROM ${BASE}:3.20 AS base
    ARG BASE
    ARG LOCAL=${BASE}-local
    ENV HOME_DIR=/home/app PATH_EXTRA=${LOCAL}
    RUN true
    FROM base AS child
    RUN true
    FROM child
    ENV HOME_DIR=/srv
    RUN true
    FROM alpine
    RUN true
    """
)


def _scope(index: int) -> dict[str, str | None]:
    dockerfile = parse(SCOPES)
    return variables_at(dockerfile, dockerfile.instructions[index])


def test_global_args_are_visible_before_the_first_from_and_on_from_lines() -> None:
    assert _scope(1) == {"BASE": "alpine"}  # ARG TAG itself is not yet declared
    assert _scope(2) == {"BASE": "alpine", "TAG": None}
    assert _scope(7) == {"BASE": "alpine", "TAG": None}  # FROM base AS child


def test_stage_args_and_env() -> None:
    assert _scope(3) == {}  # a stage does not see global ARGs until it declares them
    assert _scope(4) == {"BASE": "alpine"}  # ARG BASE without value takes the global default
    assert _scope(5) == {"BASE": "alpine", "LOCAL": "alpine-local"}
    assert _scope(6) == {
        "BASE": "alpine",
        "LOCAL": "alpine-local",
        "HOME_DIR": "/home/app",
        "PATH_EXTRA": "alpine-local",
    }


def test_env_and_args_are_inherited_by_stages_built_from_a_stage() -> None:
    # BuildKit passes a stage's ARGs on to its children too (moby/buildkit#5381)
    inherited = {
        "BASE": "alpine",
        "LOCAL": "alpine-local",
        "HOME_DIR": "/home/app",
        "PATH_EXTRA": "alpine-local",
    }
    assert _scope(8) == inherited
    assert _scope(10) == inherited  # from the grandparent, through "child"
    assert _scope(11) == {**inherited, "HOME_DIR": "/srv"}
    assert _scope(13) == {}  # an unrelated stage


def test_env_values_see_the_variables_from_before_the_instruction() -> None:
    # Docker's documented example: ENV abc=bye def=$abc gives def=hello.
    dockerfile = parse("FROM x\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\nRUN true\n")
    assert variables_at(dockerfile, dockerfile.instructions[-1]) == {
        "abc": "bye",
        "def": "hello",
        "ghi": "bye",
    }


def test_env_values_are_unquoted_and_single_quotes_stop_substitution() -> None:
    dockerfile = parse(
        "FROM x\nENV A=1\nENV B=\"$A two\" C='$A' D=a\\ b\nENV legacy form value\nRUN x\n"
    )
    assert variables_at(dockerfile, dockerfile.instructions[-1]) == {
        "A": "1",
        "B": "1 two",
        "C": "$A",
        "D": "a b",
        "legacy": "form value",
    }


# -- variable references ---------------------------------------------------------------


def test_variable_references_with_spans() -> None:
    source = "RUN echo $HOME ${USER} ${TAG:-latest} '$NOT' \"$YES\" \\$ESCAPED ${A:-$B}\n"
    run = only(source)
    found = [(v.name, v.braced, v.modifier, v.word, v.span) for v in run.variables]
    assert found == [
        ("HOME", False, None, None, at(0, 9, 14)),
        ("USER", True, None, None, at(0, 15, 22)),
        ("TAG", True, ":-", "latest", at(0, 23, 37)),
        ("YES", False, None, None, at(0, 46, 50)),
        ("A", True, ":-", "$B", at(0, 62, 70)),
        ("B", False, None, None, at(0, 67, 69)),
    ]
    assert text_of(source, run.variables[2].span) == "${TAG:-latest}"


def test_variable_references_in_flags_and_over_continuations() -> None:
    run = only("COPY --chown=$USER \\\n  ${SRC} /dst\n")
    assert [(v.name, v.span) for v in run.variables] == [
        ("USER", at(0, 13, 18)),
        ("SRC", at(1, 2, 8)),
    ]


# -- located views -----------------------------------------------------------------------


def test_instruction_at_and_by_keyword() -> None:
    dockerfile = parse("FROM a\n\nRUN b \\\n  c\n# note\nCMD d\n")
    run = dockerfile.instruction_at(3)
    assert run is not None
    assert run.keyword == "RUN"
    assert dockerfile.instruction_at(1) is None  # blank
    assert dockerfile.instruction_at(4) is None  # comment
    assert [i.keyword for i in dockerfile.by_keyword("CMD", "FROM")] == ["FROM", "CMD"]
    assert [i.index for i in dockerfile.instructions] == [0, 1, 2]
    assert dockerfile.line_count == 7


def test_parse_and_dockerfile_parse_agree() -> None:
    source = STAGES + SCOPES
    assert parse(source).items == Dockerfile.parse(source).items


def test_a_child_stage_inherits_the_args_of_the_stage_it_is_built_from() -> None:
    # BuildKit (moby/buildkit#5381, docs "Variable scoping"): an ARG declared in a stage
    # is inherited by the stages built FROM it, as DF110 already assumes.
    dockerfile = parse("FROM x AS a\nARG L=2\nENV E=$L\nFROM a AS b\nRUN echo $L $E\n")
    assert variables_at(dockerfile, dockerfile.instructions[-1]) == {"L": "2", "E": "2"}
    assert value_at(dockerfile, dockerfile.instructions[-1], "L") == "2"
