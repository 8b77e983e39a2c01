from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "text",
    [
        "ARG VERSION\nFROM alpine:$VERSION\n",
        "ARG IMAGE\nFROM $IMAGE\n",
        "ARG IMAGE=\nFROM ${IMAGE}\n",
        'ARG SUFFIX="ine:"\nFROM alp${SUFFIX}\n',
        "ARG REPO=Library/Alpine\nFROM $REPO\n",
        "FROM alpine:$UNDECLARED\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF112", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "ARG VERSION=3.20\nFROM alpine:$VERSION\n",
        'ARG VARIANT=""\nFROM alpine:3.20${VARIANT}\n',
        "ARG VARIANT\nFROM alpine:3.20${VARIANT}\n",
        "ARG TAG\nFROM alpine:${TAG:-3.20}\n",
        "FROM alpine:3.20 AS base-linux\nFROM base-$TARGETOS\n",
        "ARG A\nARG B=${A}x\nFROM alpine:$B\n",
        "FROM alpine:3.20\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF112", text)


def test_span_is_the_image_and_the_message_shows_it() -> None:
    (violation,) = assert_flags(
        "DF112", "ARG VERSION\nFROM --platform=$BUILDPLATFORM alpine:$VERSION\n"
    )
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 31, 46)
    assert "`alpine:`" in violation.message
