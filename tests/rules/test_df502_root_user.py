from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "user",
    ["root", "0", "root:root", "0:0", "ROOT", "root:staff"],
)
def test_flags_root_forms(user: str) -> None:
    (violation,) = assert_flags("DF502", f"FROM alpine:3\nUSER app\nUSER {user}\n")
    assert violation.span.start.line == 2
    assert (violation.span.start.character, violation.span.end.character) == (5, 5 + len(user))


@pytest.mark.parametrize(
    "text",
    [
        # the last USER of a parent stage in the chain is what runs
        'FROM alpine:3 AS base\nUSER root\nFROM base\nCMD ["sh"]\n',
        "from alpine:3\nuser root\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF502", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3\nUSER root\nRUN apk add curl\nUSER app\n",
        # build stages may end as root: they never run in production (unlike hadolint DL3002)
        "FROM alpine:3 AS build\nUSER root\nFROM alpine:3\nUSER 1000\n",
        "FROM alpine:3 AS base\nUSER root\nFROM base\nUSER app\n",
        "FROM alpine:3\nUSER rooted\n",
        "FROM alpine:3\nUSER 1000:0\n",
        "FROM alpine:3\nUSER ${RUN_AS}\n",
        "FROM alpine:3\n",
        "FROM alpine:3\n# hadolint ignore=DL3002\nUSER root\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF502", text)
