from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt install -y curl\n",
        "FROM debian:12\nrun apt update\n",
        "FROM debian:12\nRUN sudo apt upgrade -y\n",
        "FROM debian:12\nRUN <<EOF\napt update\nEOF\n",
        "FROM debian:12 AS build\nRUN /usr/bin/apt list --installed\nFROM scratch\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF204", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-cache policy curl && apt-mark hold curl && apt-key list\n",
        "FROM debian:12\nRUN echo apt install\n",
        "FROM debian:12\nONBUILD RUN apt install -y curl\n",
        "FROM debian:12\n# hadolint ignore=DL3027\nRUN apt install -y curl\n",
        "FROM debian:12\nCMD apt install -y curl\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF204", text)


def test_span_is_the_program_word() -> None:
    (violation,) = assert_flags("DF204", "FROM debian:12\nRUN env X=1 apt install -y x\n")
    assert (violation.span.start.character, violation.span.end.character) == (12, 15)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN apt update && apt install -y x\n", "RUN apt-get update && apt-get install -y x\n"),
        ("RUN /usr/bin/apt purge -y x\n", "RUN /usr/bin/apt-get purge -y x\n"),
        ("RUN apt show curl\n", "RUN apt-cache show curl\n"),
    ],
)
def test_fix_is_safe(before: str, after: str) -> None:
    assert fixed("DF204", "FROM a:1\n" + before, unsafe=False) == "FROM a:1\n" + after


@pytest.mark.parametrize("command", ["apt upgrade -y", "apt full-upgrade -y", "apt list"])
def test_no_fix_without_an_exact_equivalent(command: str) -> None:
    (violation,) = assert_flags("DF204", f"FROM a:1\nRUN {command}\n")
    assert violation.fix is None
