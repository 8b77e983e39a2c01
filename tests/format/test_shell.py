"""Shell formatting with shfmt (``[format] shell = true``): RUN commands and shell-script
heredocs laid out by shfmt, compared by shfmt's own normal form, never a hand-written
shell formatter; other heredocs and what cannot be joined stay as written."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from dfls.engine.format_options import FormatOptions
from dfls.features.format import format_text, safety, shell
from dfls.features.format.shell import _joined
from dfls.model import Dockerfile
from tests.conftest import corpus_files, require_tool
from tests.format.test_properties import dockerfiles, options_strategy
from tests.model.checks import read_corpus_file

SHELL = FormatOptions(shell=True)


@pytest.fixture(scope="module")
def shfmt() -> shell.ShellFormatter:
    found = shell.default()
    if found is None:
        require_tool("shfmt", "the shfmt-py package is not installed (pip install shfmt-py)")
    assert found is not None
    return found


def test_run_command(shfmt: shell.ShellFormatter) -> None:
    text = "FROM alpine\nRUN apk add  curl&&rm -rf /x ||true\n"
    result = format_text(text, SHELL, shfmt)
    assert result.text == "FROM alpine\nRUN apk add curl && rm -rf /x || true\n"


def test_multi_line_run_keeps_dockerfile_continuations(shfmt: shell.ShellFormatter) -> None:
    text = "FROM alpine\nRUN set -eux; \\\n  if [ -f x ]; then \\\n  rm x; \\\n  fi\n"
    result = format_text(text, SHELL, shfmt)
    assert result.refused is None
    lines = result.text.splitlines()
    assert lines[1] == "RUN set -eux; \\"
    assert all(line.endswith(" \\") for line in lines[1:-1])
    assert lines[-1].strip() == "fi"
    assert "        rm x; \\" in lines  # shfmt's nesting, one unit deeper
    assert format_text(result.text, SHELL, shfmt).text == result.text


def test_shell_heredoc_is_formatted_others_are_not(shfmt: shell.ShellFormatter) -> None:
    text = (
        "FROM alpine\n"
        "RUN <<EOF\n  set -e\n  if true;then echo  hi;fi\nEOF\n"
        "RUN python3 <<EOF\nprint( 1 )\nEOF\n"
        "RUN <<EOF\n#!/usr/bin/env python3\nprint( 1 )\nEOF\n"
        "COPY <<EOF /a.sh\n  echo   x\nEOF\n"
        "RUN cat <<EOF > /etc/x.sh\n  echo   data\nEOF\n"
    )
    result = format_text(text, SHELL, shfmt)
    assert result.text == (
        "FROM alpine\n"
        "RUN <<EOF\nset -e\nif true; then echo hi; fi\nEOF\n"
        "RUN python3 <<EOF\nprint( 1 )\nEOF\n"
        "RUN <<EOF\n#!/usr/bin/env python3\nprint( 1 )\nEOF\n"
        "COPY <<EOF /a.sh\n  echo   x\nEOF\n"
        "RUN cat <<EOF > /etc/x.sh\n  echo   data\nEOF\n"
    )


def test_normal_form_ignores_layout_only(shfmt: shell.ShellFormatter) -> None:
    assert shfmt.normal_form("a  &&b") == shfmt.normal_form("a && \\\n b")
    assert shfmt.normal_form("a; b") != shfmt.normal_form("a b")
    assert shfmt.normal_form("if then") is None


def test_signature_with_shell_compares_normal_forms(shfmt: shell.ShellFormatter) -> None:
    key = shfmt.normal_form
    one = Dockerfile.parse("RUN a&&b\n").instructions[0].node
    two = Dockerfile.parse("RUN a  &&  b\n").instructions[0].node
    other = Dockerfile.parse("RUN a && c\n").instructions[0].node
    assert safety.signature(one, key) == safety.signature(two, key)
    assert safety.signature(one, key) != safety.signature(other, key)


def test_lines_are_joined_as_the_shell_reads_them() -> None:
    assert _joined(["a &&", "    b"]) == ["a && \\", "    b"]
    assert _joined(["a", "b"]) == ["a; \\", "b"]
    assert _joined(["if x; then", "\ty", "fi"]) == ["if x; then \\", "\ty; \\", "fi"]
    assert _joined(["a", "# c", "b"]) is None
    assert _joined(["a", "&& b"]) is None


def test_backtick_files_and_comments_keep_their_layout(shfmt: shell.ShellFormatter) -> None:
    text = "# escape=`\nFROM a\nRUN a&&b\n"
    assert format_text(text, SHELL, shfmt).text == text
    commented = "FROM a\nRUN a \\\n    # note\n    &&b\n"
    assert "&&b" in format_text(commented, SHELL, shfmt).text


def test_missing_shfmt_formats_everything_else() -> None:
    text = "from a\nRUN a&&b\n"
    assert format_text(text, SHELL, None).text == "FROM a\nRUN a&&b\n"


@pytest.mark.corpus
def test_corpus_with_shell_formatting(shfmt: shell.ShellFormatter) -> None:
    key = shfmt.normal_form
    for path in corpus_files():
        text = read_corpus_file(path)
        result = format_text(text, SHELL, shfmt)
        assert result.refused is None, (path, result.refused)
        before = safety.file_signature(Dockerfile.parse(text.lstrip("\ufeff")), key)
        after = safety.file_signature(Dockerfile.parse(result.text.lstrip("\ufeff")), key)
        assert before == after, path
        assert format_text(result.text, SHELL, shfmt).text == result.text, path


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(text=dockerfiles(), options=options_strategy)
def test_generated_files_with_shell_formatting(text: str, options: FormatOptions) -> None:
    found = shell.default()
    if found is None:
        require_tool("shfmt", "the shfmt-py package is not installed (pip install shfmt-py)")
    assert found is not None
    options = replace(options, shell=True)
    result = format_text(text, options, found)
    assert result.refused is None, result.refused
    key = found.normal_form
    before = safety.file_signature(Dockerfile.parse(text.lstrip("\ufeff")), key)
    after = safety.file_signature(Dockerfile.parse(result.text.lstrip("\ufeff")), key)
    assert before == after
    assert format_text(result.text, options, found).text == result.text


def test_shfmt_is_found_beside_the_interpreter(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A virtualenv that is not activated: shfmt is next to its python, not on PATH."""
    (tmp_path / "bin").mkdir()
    binary = tmp_path / "bin" / "shfmt"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python3"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "nowhere"))
    assert shell.find() == str(binary)
    binary.unlink()
    assert shell.find() is None
