from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.rules.helpers import assert_clean, assert_flags, findings, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nrun apt install -y curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    curl \\\n    git\n",
        "FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n",
        'FROM debian:12 AS base\nRUN apt-get install -y curl\nFROM base\nCMD ["curl"]\n',
        "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=true curl\n",
        # Configuration written in a later RUN does not help an earlier one.
        "FROM debian:12\nRUN apt-get install -y curl\n"
        "RUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/99norecommends\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF202", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n",
        "FROM debian:12\nRUN apt-get install -y curl --no-install-recommends\n",
        "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n",
        "FROM debian:12\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/norec\n"
        "RUN apt-get install -y curl\n",
        "FROM debian:12\nCOPY norecommends /etc/apt/apt.conf.d/\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get install -f -y\n",
        "FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM scratch\n",
        "FROM debian:12\nONBUILD RUN apt-get install -y curl\n",
        "FROM debian:12\n# hadolint ignore=DL3015\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get remove -y curl\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF202", text)


def test_target_stage_is_checked() -> None:
    text = "FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM scratch\n"
    assert findings("DF202", text, settings=Settings(target_stage="build"))


def test_span_is_the_install_command() -> None:
    (violation,) = assert_flags("DF202", "FROM debian:12\nRUN sudo apt-get -y install curl\n")
    assert (violation.span.start.character, violation.span.end.character) == (9, 27)


def test_fix_is_unsafe_and_inserts_the_flag_after_install() -> None:
    text = "FROM debian:12\nRUN apt-get install -y curl\n"
    assert fixed("DF202", text, unsafe=False) == text
    assert fixed("DF202", text) == (
        "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n"
    )


def test_no_fix_in_exec_form() -> None:
    (violation,) = assert_flags("DF202", 'FROM debian:12\nRUN ["apt-get", "install", "-y", "x"]\n')
    assert violation.fix is None
