from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from dfls.engine.linting import selected_rules
from dfls.rules.df214_unpinned_package import UnpinnedPackage
from tests.rules.helpers import assert_clean, assert_flags

DEB = "FROM debian:12\n"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        (DEB + "RUN apt-get install -y curl git=1:2.39.2-1.1\n", 1),
        (DEB + "RUN apt-get install -y -t bookworm-backports curl/bookworm-backports\n", 1),
        (DEB + "run apt install -y \\\n    curl \\\n    git\n", 2),
        ("FROM alpine:3.19\nRUN apk add --no-cache -t .deps gcc musl-dev=1.2.4-r2\n", 1),
        ("FROM python:3.12\nRUN pip install --no-cache-dir flask requests==2.32.3\n", 1),
        ("FROM python:3.12\nRUN python3 -m pip install -U pip\n", 1),
        (DEB + "RUN <<EOF\napt-get install -y curl\nEOF\n", 1),
        ("FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM scratch\n", 1),
    ],
)
def test_flags(text: str, count: int) -> None:
    assert_flags("DF214", text, count=count)


@pytest.mark.parametrize(
    "text",
    [
        DEB + "RUN apt-get install -y curl=7.88.1-10+deb12u5\n",
        DEB + "RUN apt-get install -y ./local.deb /tmp/x.deb $PKGS\n",
        DEB + "RUN apt-get remove -y curl\n",
        "FROM alpine:3.19\nRUN apk add curl~8.5 'bash>5'\n",
        "FROM alpine:3.19\nRUN apk add /tmp/x.apk\n",
        "FROM python:3.12\nRUN pip install -r requirements.txt\n",
        "FROM python:3.12\nRUN pip install . ./pkg dist/x.whl 'flask>=3' x@git+https://h/r\n",
        "FROM python:3.12\nRUN pip install -e . git+https://h/r.git\n",
        "FROM node:20\nRUN npm install -g typescript\n",
        DEB + "ONBUILD RUN apt-get install -y curl\n",
        DEB + "# hadolint ignore=DL3008\nRUN apt-get install -y curl\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF214", text)


def test_span_is_the_package_word() -> None:
    (violation,) = assert_flags("DF214", DEB + "RUN apt-get install -y \\\n    curl\n")
    assert (violation.span.start.line, violation.span.start.character) == (2, 4)
    assert violation.span.end.character == 8
    assert "curl=<version>" in violation.message


def test_off_by_default() -> None:
    assert UnpinnedPackage not in selected_rules(Settings())
    assert UnpinnedPackage in selected_rules(Settings(extend_select=("DF214",)))
