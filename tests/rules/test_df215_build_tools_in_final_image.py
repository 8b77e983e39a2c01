from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.conftest import CORPUS
from tests.rules.helpers import assert_clean, assert_flags, findings

PY = "FROM python:3.12-slim\n"

GUIDE_TECHNIQUE_2 = PY + (
    "RUN apt-get update && \\\n"
    "    apt-get install -y --no-install-recommends gcc libpq-dev && \\\n"
    "    pip install --no-cache-dir -r requirements.txt && \\\n"
    "    apt-get purge -y gcc && \\\n"
    "    apt-get autoremove -y && \\\n"
    "    rm -rf /var/lib/apt/lists/*\n"
)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (PY + "RUN apt-get install -y gcc\n", ["gcc"]),
        (
            PY + "RUN apt-get install -y build-essential libssl-dev\n",
            ["build-essential", "libssl-dev"],
        ),
        (PY + "run apt install -y git\n", ["git"]),
        (PY + "RUN apt-get install -y gcc-12 make=4.3-4.1\n", ["gcc-12", "make=4.3-4.1"]),
        (
            "FROM alpine:3.19\nRUN apk add --no-cache build-base musl-dev\n",
            ["build-base", "musl-dev"],
        ),
        ("FROM alpine:3.19\nRUN apk add --no-cache -t .deps gcc && apk del .other\n", ["gcc"]),
        (
            "FROM fedora:40\nRUN dnf install -y gcc-c++ python3-devel\n",
            ["gcc-c++", "python3-devel"],
        ),
        ("FROM fedora:40\nRUN dnf groupinstall -y 'Development Tools'\n", ["Development Tools"]),
        # The purge in a later RUN is too late.
        (PY + "RUN apt-get install -y gcc\nRUN apt-get purge -y gcc\n", ["gcc"]),
        # Headers are reported while a compiler from another RUN stays.
        (
            PY + "RUN apt-get install -y gcc\nRUN apt-get install -y libpq-dev\n",
            ["gcc", "libpq-dev"],
        ),
        (PY + "RUN <<EOF\napt-get install -y cmake\nEOF\n", ["cmake"]),
        ("FROM debian:12 AS base\nRUN apt-get install -y make\nFROM base\n", ["make"]),
    ],
)
def test_flags(text: str, flagged: list[str]) -> None:
    found = assert_flags("DF215", text)
    assert sorted(v.message.split("`")[1] for v in found) == sorted(flagged)


@pytest.mark.parametrize(
    "text",
    [
        GUIDE_TECHNIQUE_2,
        PY + "RUN apt-get install -y --no-install-recommends libpq-dev\n",
        PY + "RUN apt-get install -y gcc && pip install x && apt-get purge -y --auto-remove gcc\n",
        PY + "RUN apt-get install -y gcc make && apt-get remove -y gcc make\n",
        PY + 'RUN savedAptMark="$(apt-mark showmanual)"; apt-get install -y gcc; '
        "apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; "
        "apt-get purge -y --auto-remove\n",
        "FROM alpine:3.19\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev "
        "&& pip install x && apk del .build-deps\n",
        "FROM golang:1.22 AS build\nRUN apt-get install -y git make\nFROM scratch\n",
        PY + "RUN apt-get install -y curl ca-certificates\n",
        PY + "RUN apt-get remove -y gcc\n",
        PY + "ONBUILD RUN apt-get install -y gcc\n",
        PY + "# dfls ignore=DF215\nRUN apt-get install -y gcc\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF215", text)


def test_target_stage_setting() -> None:
    text = "FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM scratch\n"
    assert findings("DF215", text, settings=Settings(target_stage="build"))


def test_span_is_the_package_word() -> None:
    (violation,) = assert_flags("DF215", PY + "RUN apt-get install -y \\\n    gcc\n")
    assert violation.span.start.line == 2
    assert (violation.span.start.character, violation.span.end.character) == (4, 7)


def test_header_message_names_the_compiler() -> None:
    found = assert_flags("DF215", PY + "RUN apt-get install -y g++ zlib1g-dev\n")
    assert any("compiling with `g++`" in v.message for v in found)


def test_allow_option() -> None:
    text = PY + "RUN apt-get install -y git make\n"
    settings = Settings(rules={"DF215": {"allow": ["git", "Make"]}})
    assert not findings("DF215", text, settings=settings)
    settings = Settings(rules={"DF215": {"allow": ["git"]}})
    assert [v.message.split("`")[1] for v in findings("DF215", text, settings=settings)] == ["make"]


TOOLCHAIN_RUN = "RUN apt-get update && apt-get install -y --no-install-recommends gcc make\n"


@pytest.mark.parametrize(
    "text",
    [
        # The official golang image: an SDK on buildpack-deps, with no CMD of its own.
        "FROM buildpack-deps:trixie-scm\n" + TOOLCHAIN_RUN,
        "FROM golang:1.22 AS base\n" + TOOLCHAIN_RUN + "FROM base\nENV CGO_ENABLED=1\n",
    ],
)
def test_toolchain_images_are_not_checked(text: str) -> None:
    assert_clean("DF215", text)


@pytest.mark.parametrize(
    "text",
    [
        # An application shipped on an SDK base is still checked.
        "FROM golang:1.22\n" + TOOLCHAIN_RUN + 'CMD ["/app"]\n',
        # A runtime base is not an SDK.
        "FROM debian:12-slim\n" + TOOLCHAIN_RUN,
    ],
)
def test_applications_and_runtime_bases_are_checked(text: str) -> None:
    assert_flags("DF215", text, count=2)


def test_official_golang_dockerfile_is_clean() -> None:
    path = CORPUS / "docker-library__golang" / "1.27__trixie__Dockerfile"
    assert_clean("DF215", path.read_text())
