from __future__ import annotations

import pytest

from dfls.engine.build_context import parse_dockerignore
from dfls.rules.api import BuildContext
from tests.rules.helpers import assert_clean, assert_flags


def context(text: str, name: str = ".dockerignore") -> BuildContext:
    return BuildContext(known=True, dockerignore=parse_dockerignore(text), dockerignore_name=name)


@pytest.mark.parametrize(
    ("text", "ignore"),
    [
        ("FROM alpine:3.20\nCOPY app.conf /etc/\n", "app.conf\n"),
        ("FROM alpine:3.20\nADD app.conf /etc/\n", "*.conf\n"),
        ("FROM alpine:3.20\nCOPY ./config/app.yaml /etc/\n", "config\n"),
        ("FROM alpine:3.20\nCOPY docs/a/README.md /d/\n", "**/*.md\n"),
        ('FROM alpine:3.20\nCOPY ["app.conf", "/etc/"]\n', "app.conf\n"),
        ("FROM alpine:3.20\nCOPY . /app/\n", "*\n"),
    ],
)
def test_flags(text: str, ignore: str) -> None:
    assert_flags("DF306", text, count=1, context=context(ignore))


@pytest.mark.parametrize(
    ("text", "ignore"),
    [
        ("FROM alpine:3.20\nCOPY app.conf /etc/\n", "*.log\n"),
        ("FROM alpine:3.20\nCOPY app.conf /etc/\n", "*.conf\n!app.conf\n"),
        ("FROM alpine:3.20\nCOPY . /app/\n", ".git\nnode_modules\n"),
        ("FROM alpine:3.20\nCOPY --from=build /cache /x\n", "cache\n"),
        ("FROM alpine:3.20\nADD https://example.com/a.conf /etc/\n", "*.conf\n"),
        ("FROM alpine:3.20\nCOPY $CONF /etc/\n", "*.conf\n"),
        ("FROM alpine:3.20\nCOPY <<EOF /a.conf\nx\nEOF\n", "*.conf\n"),
        ("FROM alpine:3.20\nONBUILD COPY app.conf /etc/\n", "app.conf\n"),
    ],
)
def test_does_not_flag(text: str, ignore: str) -> None:
    assert_clean("DF306", text, context=context(ignore))


def test_quiet_without_a_known_context() -> None:
    assert_clean("DF306", "FROM alpine:3.20\nCOPY app.conf /etc/\n")
    unknown = BuildContext(known=False, dockerignore=("app.conf",))
    assert_clean("DF306", "FROM alpine:3.20\nCOPY app.conf /etc/\n", context=unknown)


def test_span_is_the_source_and_the_message_names_the_ignore_file() -> None:
    text = "FROM alpine:3.20\nCOPY a.txt app.conf /etc/\n"
    (violation,) = assert_flags(
        "DF306", text, context=context("app.conf\n", "Dockerfile.dockerignore")
    )
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 11, 19)
    assert "Dockerfile.dockerignore" in violation.message
