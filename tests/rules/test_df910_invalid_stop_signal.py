from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed

FROM = "FROM nginx:1.27\n"


@pytest.mark.parametrize(
    ("line", "span", "words"),
    [
        ("STOPSIGNAL SIGQIUT", (11, 18), "`SIGQIUT` is not a signal: did you mean `SIGQUIT`?"),
        ("stopsignal term2", (11, 16), "is not a signal"),
        ("STOPSIGNAL 0", (11, 12), "`0` is not a signal"),
        ("STOPSIGNAL SIGTERM now", (11, 22), "use a name such as SIGTERM"),
        ("ONBUILD STOPSIGNAL kil", (19, 22), "did you mean `kill`?"),
    ],
)
def test_flags(line: str, span: tuple[int, int], words: str) -> None:
    (violation,) = assert_flags("DF910", FROM + line + "\n")
    assert words in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == (1, span[0], 1, span[1])


@pytest.mark.parametrize(
    "line",
    [
        "STOPSIGNAL SIGTERM",
        "STOPSIGNAL sigquit",
        "STOPSIGNAL TERM",
        "STOPSIGNAL 9",
        "STOPSIGNAL SIGRTMIN+3",
        "STOPSIGNAL $STOP_SIGNAL",
        "STOPSIGNAL",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF910", FROM + line + "\n")


def test_fix_writes_the_close_name() -> None:
    assert fixed("DF910", FROM + "STOPSIGNAL SIGQIUT\n") == FROM + "STOPSIGNAL SIGQUIT\n"
