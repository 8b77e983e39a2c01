from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed

ALPINE = "FROM alpine:3.19\n"


@pytest.mark.parametrize(
    "text",
    [
        ALPINE + "RUN apk add curl\n",
        ALPINE + "run apk update && apk add --update curl\n",
        ALPINE + "RUN apk add --virtual .deps \\\n    gcc\n",
        ALPINE + "RUN <<EOF\napk add curl\nEOF\n",
        ALPINE + "RUN apk add curl\nRUN rm -rf /var/cache/apk/*\n",
        ALPINE + "RUN --mount=type=cache,target=/root/.cache apk add curl\n",
        "FROM alpine:3.19 AS base\nRUN apk add curl\nFROM base\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF206", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        ALPINE + "RUN apk --no-cache add curl\n",
        ALPINE + "RUN apk add --no-cache curl\n",
        ALPINE + "RUN apk add curl && rm -rf /var/cache/apk/*\n",
        ALPINE + "RUN apk add curl && rm /var/cache/apk/*.tar.gz\n",
        ALPINE + "RUN apk add curl && apk cache clean\n",
        ALPINE + "RUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
        ALPINE + "RUN --mount=type=cache,target=/etc/apk/cache apk add curl\n",
        ALPINE + "RUN apk del curl\n",
        "FROM alpine:3.19 AS build\nRUN apk add gcc\nFROM scratch\n",
        ALPINE + "ONBUILD RUN apk add curl\n",
        ALPINE + "# hadolint ignore=DL3019\nRUN apk add curl\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF206", text)


def test_span() -> None:
    (violation,) = assert_flags("DF206", ALPINE + "RUN apk -U add curl\n")
    assert (violation.span.start.character, violation.span.end.character) == (4, 14)


def test_fix_is_safe() -> None:
    assert fixed("DF206", ALPINE + "RUN apk add -t .d gcc\n", unsafe=False) == (
        ALPINE + "RUN apk add --no-cache -t .d gcc\n"
    )
