from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nADD https://example.com/tool.tar.gz /tmp/\n",
        "FROM alpine:3.20\nADD http://example.com/tool /usr/bin/tool\n",
        "FROM alpine:3.20\nadd --chmod=755 https://example.com/tool /usr/bin/\n",
        'FROM alpine:3.20\nADD ["https://example.com/a b", "/tmp/"]\n',
        "FROM alpine:3.20\nADD https://example.com/v${VERSION}/tool /usr/bin/tool\n",
        "FROM alpine:3.20\nONBUILD ADD https://example.com/tool /usr/bin/tool\n",
        "FROM alpine:3.20\nADD \\\n    https://example.com/tool \\\n    /usr/bin/tool\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF305", text)


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nADD --checksum=sha256:abc https://example.com/tool /usr/bin/\n",
        "FROM alpine:3.20\nADD app.py /app/\n",
        "FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.14.0 /src\n",
        "FROM alpine:3.20\nADD git@github.com:moby/buildkit.git /src\n",
        "FROM alpine:3.20\nCOPY https://example.com/tool /usr/bin/\n",  # not ADD
        "FROM alpine:3.20\n# dfls ignore=DF305\nADD https://example.com/tool /usr/bin/\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF305", text)


def test_span_is_the_url_and_each_url_is_reported() -> None:
    text = "FROM alpine:3.20\nADD https://a.example/x \\\n  https://b.example/y /tmp/\n"
    first, second = assert_flags("DF305", text, count=2)
    assert (first.span.start.line, first.span.start.character) == (1, 4)
    start, end = second.span
    assert (start.line, start.character, end.character) == (2, 2, 21)
    assert first.fix is None
