from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

FROM = "FROM nginx:1.27\n"


@pytest.mark.parametrize(
    ("line", "columns", "words"),
    [
        ("EXPOSE 80/tcpx", (10, 14), "protocol `tcpx` is not one of tcp, udp, sctp"),
        ("EXPOSE 8o", (7, 9), "`8o` is not a valid port: not a number"),
        ("EXPOSE 70000/udp", (7, 12), "above 65535"),
        ("EXPOSE 9000-8000", (7, 16), "the range ends before it starts"),
        ("EXPOSE 8x80:80", (7, 11), "`8x80` is not a valid host port"),
        ("expose 443 80/htp", (14, 17), "protocol `htp`"),
        ('EXPOSE "80/tcpx"', (7, 16), "protocol `tcpx`"),
        ("ONBUILD EXPOSE 80/x", (18, 19), "protocol `x`"),
    ],
)
def test_flags(line: str, columns: tuple[int, int], words: str) -> None:
    (violation,) = assert_flags("DF902", FROM + line + "\n")
    assert words in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == (1, columns[0], 1, columns[1])


@pytest.mark.parametrize(
    "line",
    [
        "EXPOSE 80 443/tcp 53/udp 9/sctp 8000-8010/tcp 0",
        "EXPOSE 80/TCP",
        "EXPOSE 8080:80 127.0.0.1:8080:80/tcp [::1]:80",
        "EXPOSE $PORT ${PORT}/udp",
        "EXPOSE 80/",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF902", FROM + line + "\n")


def test_each_bad_port_is_reported() -> None:
    found = assert_flags("DF902", FROM + "EXPOSE 80/tcpx 8o 70000\n", count=3)
    assert [v.span.start.character for v in found] == [10, 15, 18]
