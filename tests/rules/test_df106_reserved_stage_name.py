from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "text",
    ["FROM alpine:3 AS scratch\n", "FROM alpine:3 AS Context\n", "from alpine:3 as SCRATCH\n"],
)
def test_flags(text: str) -> None:
    (violation,) = assert_flags("DF106", text)
    assert (violation.span.start.character, violation.span.end.character) == (17, 24)
    assert "reserved" in violation.message


@pytest.mark.parametrize(
    "text",
    [
        "FROM scratch\n",
        "FROM alpine:3 AS scratchpad\n",
        "FROM alpine:3 AS build-context\n",
        "# check=skip=ReservedStageName\nFROM alpine:3 AS scratch\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF106", text)
