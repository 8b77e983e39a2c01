"""Which scripts ShellCheck sees, and as which dialect (no program needed)."""

from __future__ import annotations

import pytest

from dfls.engine import shellcheck
from dfls.model import Dockerfile


def _first_lines(text: str) -> list[str]:
    """The first line (the dialect) of each unit ShellCheck would read."""
    return [u.text.split("\n", 1)[0] for u in shellcheck.units(Dockerfile.parse(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM debian:12\nRUN echo hi\n", ["#!/bin/sh"]),
        ("FROM alpine:3.20\nRUN echo hi\n", ["#!/bin/busybox sh"]),
        ("FROM python:3.12-alpine\nRUN echo hi\n", ["#!/bin/busybox sh"]),
        ("FROM busybox:1.36\nRUN echo hi\n", ["#!/bin/busybox sh"]),
        ('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a\n', ["#!/bin/bash"]),
        ('FROM alpine:3.20\nSHELL ["/bin/ash", "-c"]\nRUN a\n', ["#!/bin/busybox sh"]),
        ('FROM debian:12\nSHELL ["/bin/dash", "-c"]\nRUN a\n', ["#!/bin/dash"]),
        ('FROM debian:12\nSHELL ["/usr/bin/env", "bash", "-c"]\nRUN a\n', ["#!/bin/bash"]),
        ('FROM debian:12\nSHELL ["mksh", "-c"]\nRUN a\n', ["#!/bin/ksh"]),
        ('FROM debian:12\nSHELL ["zsh", "-c"]\nRUN a\n', []),
        ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n", []),
        ('FROM debian:12\nSHELL ["powershell", "-Command"]\nRUN Get-Item x\n', []),
        ('FROM debian:12\nSHELL ["pwsh.exe", "-Command"]\nRUN Get-Item x\n', []),
        ('FROM debian:12\nSHELL ["cmd", "/S", "/C"]\nRUN dir\n', []),
        # SHELL applies from where it is, and a child stage inherits it.
        ('FROM debian:12\nRUN a\nSHELL ["bash", "-c"]\nRUN b\n', ["#!/bin/sh", "#!/bin/bash"]),
        (
            'FROM debian:12 AS base\nSHELL ["bash", "-c"]\nFROM base\nRUN b\n',
            ["#!/bin/bash"],
        ),
        # Heredocs: the shebang, or the shell on the command line.
        ("FROM debian:12\nRUN <<EOF\n#!/bin/bash\necho\nEOF\n", ["#!/bin/bash"]),
        ("FROM debian:12\nRUN <<EOF\necho\nEOF\n", ["#!/bin/sh"]),
        ("FROM debian:12\nRUN bash <<EOF\necho\nEOF\n", ["#!/bin/sh", "#!/bin/bash"]),
        ("FROM debian:12\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n", []),
        ("FROM debian:12\nRUN python3 <<EOF\nprint(1)\nEOF\n", ["#!/bin/sh"]),
        ("FROM alpine:3\nRUN <<EOF\n#!/bin/sh\necho\nEOF\n", ["#!/bin/busybox sh"]),
        # Exec form is not a script; shell-form CMD, ENTRYPOINT and HEALTHCHECK CMD are.
        ('FROM debian:12\nRUN ["echo", "$x"]\n', []),
        ("FROM debian:12\nCMD echo $x\n", ["#!/bin/sh"]),
        ("FROM debian:12\nENTRYPOINT exec app\n", ["#!/bin/sh"]),
        ("FROM debian:12\nHEALTHCHECK --interval=5s CMD curl -f x\n", ["#!/bin/sh"]),
        ("FROM debian:12\nHEALTHCHECK NONE\n", []),
        ("FROM debian:12\nONBUILD RUN echo $x\n", ["#!/bin/sh"]),
        ("FROM debian:12\nONBUILD COPY . .\n", []),
    ],
)
def test_dialect_and_what_is_checked(text: str, expected: list[str]) -> None:
    assert _first_lines(text) == expected


def test_a_heredoc_run_by_a_shell_is_blank_in_the_command_line_and_checked_once() -> None:
    text = "FROM debian:12\nRUN bash <<EOF\necho $x\nEOF\n"
    line, body = shellcheck.units(Dockerfile.parse(text))
    assert line.text == "#!/bin/sh\nbash <<EOF\n\nEOF\n"
    assert body.text == "#!/bin/bash\necho $x\n"


def test_a_data_heredoc_stays_in_the_command_line() -> None:
    text = "FROM debian:12\nRUN cat <<EOF > /etc/x.conf\nhome=$HOME\nEOF\n"
    (unit,) = shellcheck.units(Dockerfile.parse(text))
    assert unit.text == "#!/bin/sh\ncat <<EOF > /etc/x.conf\nhome=$HOME\nEOF\n"
