from __future__ import annotations

import pytest

from dfls.rules.api import Severity
from tests.rules.helpers import assert_clean, assert_flags, fixed

DEB = "FROM debian:12\n"


@pytest.mark.parametrize(
    "text",
    [
        DEB + "RUN cd /app && make\n",
        DEB + "run cd /app; make\n",
        DEB + "RUN set -e && cd /src && make install\n",
        DEB + "RUN cd app \\\n    && make\n",
        DEB + "RUN cd $APP_HOME && make\n",
        DEB + "RUN <<EOF\ncd /app\nmake\nEOF\n",
        "FROM debian:12 AS build\nRUN cd /src && make\nFROM scratch\n",
        DEB + "RUN cd /app\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF213", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        DEB + "RUN make -C /app\n",
        DEB + "RUN mkdir /b && cd /b && make\n",
        DEB + "RUN cd /tmp && curl -O x && tar xf x\n",
        DEB + "RUN cd /tmp/build && make\n",
        DEB + 'RUN cd "$(mktemp -d)" && make\n',
        DEB + "RUN cd /src && make && cd / && rm -rf /src\n",
        DEB + "RUN cd /src && make && rm -rf /src\n",
        DEB + "RUN cd && ls\n",
        DEB + "RUN cd - && ls\n",
        DEB + 'RUN ["sh", "-c", "cd /app && make"]\n',
        DEB + "ONBUILD RUN cd /app && make\n",
        DEB + "# hadolint ignore=DL3003\nRUN cd /app && make\n",
        DEB + "RUN echo cd /app\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF213", text)


def test_span_and_severity() -> None:
    (violation,) = assert_flags("DF213", DEB + "RUN cd /app && make\n")
    assert (violation.span.start.character, violation.span.end.character) == (4, 11)
    assert violation.severity is Severity.INFO


def test_a_lone_cd_is_a_warning() -> None:
    (violation,) = assert_flags("DF213", DEB + "RUN cd /app\n")
    assert violation.severity is Severity.WARNING
    assert "no effect" in violation.message


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN cd /app && make\n", "WORKDIR /app\nRUN make\n"),
        ("run cd app \\\n  && make\n", "workdir app\nrun make\n"),
        ("RUN --network=none cd /app && make\n", "WORKDIR /app\nRUN --network=none make\n"),
        ("RUN cd /app\n", "WORKDIR /app\n"),
    ],
)
def test_fix_is_unsafe(before: str, after: str) -> None:
    assert fixed("DF213", DEB + before, unsafe=False) == DEB + before
    assert fixed("DF213", DEB + before) == DEB + after


@pytest.mark.parametrize(
    "text",
    [
        "RUN cd /app; make\n",
        "RUN set -e && cd /app && make\n",
        "RUN cd $APP && make\n",
        "RUN cd '/my app' && make\n",
        "RUN <<EOF\ncd /app\nmake\nEOF\n",
    ],
)
def test_no_fix(text: str) -> None:
    (violation,) = assert_flags("DF213", DEB + text)
    assert violation.fix is None
