from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN sudo apt-get update\n",
        "FROM debian:12\nRUN apt-get update && sudo -E apt-get install -y curl\n",
        "FROM debian:12\nrun /usr/bin/sudo make install\n",
        "FROM debian:12\nRUN <<EOF\nset -e\nsudo make install\nEOF\n",
        "FROM debian:12\nRUN make && \\\n    sudo make install\n",
        'FROM debian:12\nRUN ["sudo", "make", "install"]\n',
        'FROM debian:12\nRUN ["sh", "-c", "sudo make install"]\n',
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF503", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y sudo\n",
        "FROM debian:12\nRUN echo sudo\n",
        "FROM debian:12\nONBUILD RUN sudo make install\n",
        "FROM debian:12\n# hadolint ignore=DL3004\nRUN sudo make install\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF503", text)


def test_span_is_the_sudo_word_in_a_heredoc() -> None:
    (violation,) = assert_flags("DF503", "FROM debian:12\nRUN <<EOF\n  sudo make install\nEOF\n")
    assert violation.span.start.line == 2
    assert (violation.span.start.character, violation.span.end.character) == (2, 6)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN sudo apt-get update", "RUN apt-get update"),
        ("RUN make && sudo make install", "RUN make && make install"),
        ("USER app\nUSER root\nRUN sudo make install", "USER app\nUSER root\nRUN make install"),
        ("RUN <<EOF\nsudo make install\nEOF", "RUN <<EOF\nmake install\nEOF"),
    ],
)
def test_fix_removes_sudo_when_running_as_root(before: str, after: str) -> None:
    assert fixed("DF503", f"FROM debian:12\n{before}\n") == f"FROM debian:12\n{after}\n"


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nUSER app\nRUN sudo make install\n",
        "FROM debian:12 AS base\nUSER app\nFROM base\nRUN sudo make install\n",
        "FROM debian:12\nRUN sudo -E make install\n",
        'FROM debian:12\nRUN ["sudo", "make", "install"]\n',
    ],
)
def test_no_fix(text: str) -> None:
    (violation,) = assert_flags("DF503", text)
    assert violation.fix is None
