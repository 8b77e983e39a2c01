from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("FROM a:1\nEXPOSE 80/TCP\n", 1),
        ("FROM a:1\nEXPOSE 53/Udp 80/tcp 9/SCTP\n", 2),
        ("FROM a:1\nEXPOSE 8000-8010/TCP\n", 1),
    ],
)
def test_flags(text: str, count: int) -> None:
    assert_flags("DF610", text, count=count)


@pytest.mark.parametrize(
    "text",
    [
        "FROM a:1\nEXPOSE 80 443/tcp 53/udp\n",
        "FROM a:1\nEXPOSE 80/TCPX\n",  # not a protocol: a syntax error, reported elsewhere
        "FROM a:1\nEXPOSE $PORT/TCP\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF610", text)


def test_span_is_the_port() -> None:
    (violation,) = assert_flags("DF610", "FROM a:1\nEXPOSE 80 443/TCP\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 10, 17)


def test_fix_lowercases_the_protocol() -> None:
    text = "FROM a:1\nEXPOSE 53/UDP 80/Tcp\n"
    assert fixed("DF610", text, unsafe=False) == "FROM a:1\nEXPOSE 53/udp 80/tcp\n"
