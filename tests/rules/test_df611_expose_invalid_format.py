from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("FROM a:1\nEXPOSE 8080:80\n", 1),
        ("FROM a:1\nEXPOSE 127.0.0.1:80:80 [::1]:53:53/udp 443\n", 2),
        ("FROM a:1\nEXPOSE 0.0.0.0::80\n", 1),
    ],
)
def test_flags(text: str, count: int) -> None:
    assert_flags("DF611", text, count=count)


@pytest.mark.parametrize(
    "text",
    ["FROM a:1\nEXPOSE 80 443/tcp 8000-8010\n", "FROM a:1\nEXPOSE $HOST:$PORT\n"],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF611", text)


def test_span_is_the_port() -> None:
    (violation,) = assert_flags("DF611", "FROM a:1\nEXPOSE 443 8080:80\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 11, 18)


def test_fix_keeps_the_container_port() -> None:
    text = "FROM a:1\nEXPOSE 127.0.0.1:8080:80 [::1]:53:53/udp\n"
    assert fixed("DF611", text, unsafe=False) == "FROM a:1\nEXPOSE 80 53/udp\n"
