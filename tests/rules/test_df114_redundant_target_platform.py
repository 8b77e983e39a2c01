from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM --platform=$TARGETPLATFORM alpine:3.20\n",
        "FROM --platform=${TARGETPLATFORM} alpine:3.20 AS run\n",
        'FROM --platform="$TARGETPLATFORM" alpine:3.20\n',
        # TARGETPLATFORM is always set: the default never applies (BuildKit agrees)
        "FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF114", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM --platform=$BUILDPLATFORM alpine:3.20\n",
        "FROM --platform=${TARGETPLATFORM}-x alpine:3.20\n",
        "FROM --platform=$TARGETOS/$TARGETARCH alpine:3.20\n",
        "FROM alpine:3.20\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF114", text)


def test_span_is_the_flag() -> None:
    (violation,) = assert_flags("DF114", "FROM --platform=$TARGETPLATFORM alpine:3.20\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (0, 5, 31)


def test_fix_removes_the_flag() -> None:
    text = "FROM --platform=$TARGETPLATFORM alpine:3.20 AS run\n"
    assert fixed("DF114", text, unsafe=False) == "FROM alpine:3.20 AS run\n"
