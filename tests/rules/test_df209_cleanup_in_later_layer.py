from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, findings

PY = "FROM python:3.12-slim\n"
DEB = "FROM debian:12\n"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (PY + "RUN apt-get install -y gcc\nRUN apt-get purge -y gcc\n", "gcc"),
        (PY + "run apt-get install -y gcc=4:12\nrun apt remove -y gcc\n", "gcc"),
        ("FROM alpine:3.19\nRUN apk add --no-cache gcc\nRUN apk del gcc\n", "gcc"),
        (
            "FROM alpine:3.19\nRUN apk add --no-cache -t .deps gcc\nRUN apk del .deps\n",
            ".deps",
        ),
        ("FROM fedora:40\nRUN dnf install -y gcc\nRUN dnf remove -y gcc\n", "gcc"),
        (PY + "RUN pip install --no-cache-dir Flask\nRUN pip uninstall -y flask\n", "flask"),
        (
            DEB + "RUN apt-get update\nRUN apt-get install -y x\nRUN rm -rf /var/lib/apt/lists/*\n",
            "/var/lib/apt/lists/*",
        ),
        (
            DEB
            + "COPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n",
            "/tmp/app.tar.gz",
        ),
        (
            DEB + "WORKDIR /src\nCOPY app.tar.gz .\nRUN tar -xzf app.tar.gz && rm app.tar.gz\n",
            "app.tar.gz",
        ),
        (DEB + "COPY big.bin /opt/big.bin\nRUN rm -rf /opt\n", "/opt"),
        (
            DEB + "RUN curl -fsSL -o /tmp/x.tgz https://e.com/x.tgz\nRUN rm -f /tmp/x.tgz\n",
            "/tmp/x.tgz",
        ),
        (DEB + "WORKDIR /build\nRUN git clone https://github.com/a/b.git\nRUN rm -rf b\n", "b"),
        (
            DEB + "RUN git clone --depth 1 https://h/r.git /src\nRUN rm -rf /src\n",
            "/src",
        ),
        (PY + "RUN pip install flask\nRUN rm -rf /root/.cache\n", "/root/.cache"),
        (
            DEB + "RUN <<EOF\napt-get install -y gcc\nEOF\nRUN <<EOF\napt-get purge -y gcc\nEOF\n",
            "gcc",
        ),
        (
            "FROM debian:12 AS base\nRUN apt-get install -y gcc\nFROM base\nRUN apt-get purge -y gcc\n",
            "gcc",
        ),
    ],
)
def test_flags(text: str, word: str) -> None:
    (violation,) = assert_flags("DF209", text)
    assert violation.message.startswith(f"`{word}`")


@pytest.mark.parametrize(
    "text",
    [
        PY + "RUN apt-get install -y gcc && pip install x && apt-get purge -y gcc\n",
        PY + "RUN apt-get purge -y perl-base\n",
        PY + "RUN apt-get install -y gcc\nRUN apt-get install -y gcc && apt-get purge -y gcc\n",
        DEB + "RUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n"
        "RUN rm -rf /var/lib/apt/lists/*\n",
        DEB + "RUN --mount=type=cache,target=/var/lib/apt apt-get update\n"
        "RUN rm -rf /var/lib/apt/lists/*\n",
        DEB + "RUN curl -o /tmp/x.tgz https://e.com/x.tgz && tar xzf /tmp/x.tgz && rm /tmp/x.tgz\n",
        DEB + "ADD app.tar.gz /opt/\nRUN rm -rf /opt/app.tar.gz\n",
        DEB + "RUN rm -rf /tmp/*\n",
        DEB + "COPY a /opt/a\nRUN rm -rf /srv\n",
        DEB + "RUN cd /x && git clone https://h/r.git\nRUN rm -rf r\n",
        DEB + "RUN apt-get install -y gcc\nRUN apt-get autoremove -y\n",
        "FROM debian:12 AS build\nRUN apt-get install -y gcc\nRUN apt-get purge -y gcc\n"
        "FROM scratch\n",
        DEB + "ONBUILD RUN apt-get install -y gcc\nONBUILD RUN apt-get purge -y gcc\n",
        DEB + "RUN apt-get install -y gcc\n# dfls ignore=DF209\nRUN apt-get purge -y gcc\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF209", text)


def test_span_is_the_removed_word() -> None:
    (violation,) = assert_flags(
        "DF209", PY + "RUN apt-get install -y gcc\nRUN apt-get purge -y \\\n    gcc\n"
    )
    assert violation.span.start.line == 3
    assert (violation.span.start.character, violation.span.end.character) == (4, 7)
    assert "line 2" in violation.message


def test_copy_message_suggests_a_bind_mount() -> None:
    (violation,) = assert_flags("DF209", DEB + "COPY a.tgz /tmp/a.tgz\nRUN rm /tmp/a.tgz\n")
    assert "COPY on line 2" in violation.message and "--mount=type=bind" in violation.message


def test_each_removal_is_reported_once() -> None:
    text = PY + "RUN apt-get install -y gcc\nRUN apt-get purge -y gcc\nRUN apt-get purge -y gcc\n"
    assert_flags("DF209", text, count=1)


def test_relative_paths_need_a_known_workdir() -> None:
    assert_clean("DF209", DEB + "COPY tools.mk /\nRUN make -f tools.mk && rm tools.mk\n")
    assert_flags("DF209", DEB + "WORKDIR /\nCOPY tools.mk /\nRUN rm tools.mk\n")


def test_lists_of_an_update_alone_advise_one_run_not_deleting_there() -> None:
    """Deleting the lists in the RUN that only updates would break the install after it."""
    text = (
        "FROM debian:12\nRUN apt-get update\n"
        "RUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    )
    (found,) = findings("DF209", text)
    assert "update, install and delete it in one RUN" in found.message
    assert "delete it in that RUN" not in found.message
