from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "text",
    [
        "FROM --platform=linux/amd64 alpine:3.20\n",
        "FROM --platform=linux/arm/v7 ubuntu:24.04 AS installer\n",
        "FROM --platform=arm64 alpine:3.20 AS build\n",
        "FROM --platform=linux/x86_64 alpine:3.20 AS build\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF115", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM --platform=$BUILDPLATFORM alpine:3.20\n",
        "FROM --platform=linux/amd64 alpine:3.20 AS build-amd64\n",
        "FROM --platform=linux/arm64 alpine:3.20 AS linux\n",
        "FROM --platform=linux/x86_64 alpine:3.20 AS tools_amd64\n",
        "FROM --platform=linux/${ARCH} alpine:3.20\n",
        "FROM --platform=not/a/valid/platform alpine:3.20\n",
        "FROM alpine:3.20\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF115", text)


def test_span_is_the_flag() -> None:
    (violation,) = assert_flags("DF115", "FROM --platform=linux/amd64 alpine:3.20\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (0, 5, 27)
    assert "linux/amd64" in violation.message
