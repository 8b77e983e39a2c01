from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:$VERSION\n",
        "FROM alpine:3.20\nARG VERSION=3.20\nFROM alpine:$VERSION\n",
        "FROM --platform=$BUILDPLATFROM alpine:3.20\n",
        "ARG TAG=1\nFROM alpine:${TAG}${FLAVOR}\n",
        "FROM ${REGISTRY:-docker.io}/alpine:3.20\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF111", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "ARG VERSION=3.20\nFROM alpine:$VERSION\n",
        "ARG VERSION\nFROM alpine:$VERSION\n",
        "FROM --platform=$BUILDPLATFORM alpine:3.20\n",
        "FROM alpine:3.20-$TARGETARCH\n",
        "FROM alpine:3.20\nRUN echo $UNDECLARED\n",
        "FROM alpine:3.20 AS $NOT_EXPANDED\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF111", text)


def test_span_and_suggestion() -> None:
    (violation,) = assert_flags("DF111", "ARG MY_ARCH=arm64\nFROM --platform=linux/${MYARCH} a\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 22, 31)
    assert "did you mean `$MY_ARCH`?" in violation.message


def test_no_suggestion_says_declare_it() -> None:
    (violation,) = assert_flags("DF111", "ARG tag=1\nFROM alpine:${tag}${version}\n")
    assert "declare `ARG version` before the first FROM" in violation.message


def test_fix_replaces_the_typo() -> None:
    text = "FROM --platform=$BUILDPLATFROM alpine:3.20\n"
    assert fixed("DF111", text) == "FROM --platform=$BUILDPLATFORM alpine:3.20\n"
    assert fixed("DF111", text, unsafe=False) == text
