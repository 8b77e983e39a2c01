"""ShellCheck's findings land exactly where the text is in the Dockerfile (real binary)."""

from __future__ import annotations

import pytest

from tests.shellcheck.helpers import at, need_shellcheck, sc

pytestmark = pytest.mark.usefixtures("shellcheck_binary")


@pytest.fixture
def shellcheck_binary() -> None:
    need_shellcheck()


def _one(text: str, code: str = "SC2086") -> tuple[int, int, int, int]:
    found = [v for v in sc(text) if v.code == code]
    assert len(found) == 1, sc(text)
    return at(found[0])


def test_plain_line() -> None:
    assert _one("FROM debian:12\nRUN echo $foo\n") == (1, 9, 1, 13)


def test_after_flags() -> None:
    text = "FROM debian:12\nRUN --mount=type=cache,target=/x --network=none echo $foo\n"
    assert _one(text) == (1, 53, 1, 57)


def test_continuation_lines() -> None:
    text = "FROM debian:12\nRUN apt-get update \\\n    && echo $foo \\\n    && true\n"
    assert _one(text) == (2, 12, 2, 16)


def test_comment_lines_inside_a_continuation_are_skipped() -> None:
    text = "FROM debian:12\nRUN true \\\n# a comment $bar\n  && echo $foo\n"
    assert _one(text) == (3, 10, 3, 14)


def test_a_finding_across_a_join_spans_the_lines() -> None:
    text = "FROM debian:12\nRUN echo $(ls \\\n  /tmp)\n"
    found = [v for v in sc(text) if v.code == "SC2046"]
    assert [at(v) for v in found] == [(1, 9, 2, 7)]


def test_tabs_count_one_column() -> None:
    text = "FROM debian:12\nRUN true \\\n\t&& echo\t$foo\n"
    assert _one(text) == (2, 9, 2, 13)


def test_emoji_are_one_code_point() -> None:
    # The core speaks code points; UTF-16 comes at the LSP edge (tested end to end).
    assert _one("FROM debian:12\nRUN echo 😀 é $foo\n") == (1, 13, 1, 17)


def test_crlf_line_ends() -> None:
    text = "FROM debian:12\r\nRUN true \\\r\n  && echo $foo\r\n"
    assert _one(text) == (2, 10, 2, 14)


def test_heredoc_body_run_by_the_shell() -> None:
    text = "FROM debian:12\nRUN <<EOF\nset -e\n\techo $foo\nEOF\n"
    assert _one(text) == (3, 6, 3, 10)


def test_heredoc_body_with_a_shebang() -> None:
    text = "FROM debian:12\nRUN <<EOF\n#!/bin/bash\necho $foo\nEOF\n"
    assert _one(text) == (3, 5, 3, 9)


def test_second_heredoc_and_data_heredoc() -> None:
    text = "FROM debian:12\nRUN cat <<A > /a && cat <<B > /b\none\nA\ntwo $(echo $foo)\nB\n"
    assert _one(text) == (4, 11, 4, 15)


def test_onbuild_run_and_shell_form_cmd() -> None:
    assert _one("FROM debian:12\nONBUILD RUN echo $foo\n") == (1, 17, 1, 21)
    assert _one("FROM debian:12\nCMD echo $foo\n") == (1, 9, 1, 13)
    assert _one("FROM debian:12\nHEALTHCHECK CMD echo $foo\n") == (1, 21, 1, 25)


def test_severity_message_and_name() -> None:
    (found,) = [v for v in sc("FROM debian:12\nRUN echo $foo\n") if v.code == "SC2086"]
    assert found.severity.value == "info"
    assert found.name == "shellcheck"
    assert found.message == "Double quote to prevent globbing and word splitting."


def test_indentation_of_a_continuation_line_is_not_repeated_spaces() -> None:
    # `dfls format` indents continuation lines; the blanks a join leaves are not spaces
    # the user meant to print, so no SC2291 (hadolint does not report it either).
    for text in (
        "FROM debian:12\nRUN echo a \\\n    b\n",
        "FROM debian:12\r\nRUN echo a \\\r\n    b\r\n",
        "# escape=`\nFROM debian:12\nRUN echo a `\n    b\n",
    ):
        assert "SC2291" not in [v.code for v in sc(text)], text


def test_repeated_spaces_on_one_line_are_still_reported() -> None:
    text = "FROM debian:12\nRUN echo a    b \\\n    c\n"
    assert [at(v) for v in sc(text) if v.code == "SC2291"] == [(1, 4, 2, 5)]
