from __future__ import annotations

import pytest

from dfls.model import Dockerfile, key_values
from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "line",
    [
        "ENV PYTHONUNBUFFERED 1",
        "env PATH /usr/local/bin:$PATH",
        "LABEL description Web frontend",
        'ENV GREETING "hello world"',
        "ENV A b \\\n    c",
        "ONBUILD ENV A b",
    ],
)
def test_flags(line: str) -> None:
    assert_flags("DF605", f"FROM a:1\n{line}\n")


@pytest.mark.parametrize(
    "line",
    [
        "ENV PYTHONUNBUFFERED=1",
        'ENV A=1 B="two words"',
        "LABEL a=b",
        "ENV A",  # an error for BuildKit, not a legacy pair
        "ARG VERSION 1",  # not ENV or LABEL
        "# dfls ignore=DF605\nENV A b",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF605", f"FROM a:1\n{line}\n")


def test_span_is_the_pair() -> None:
    (violation,) = assert_flags("DF605", "FROM a:1\nENV  A  b c\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 5, 11)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("ENV PYTHONUNBUFFERED 1", "ENV PYTHONUNBUFFERED=1"),
        ("ENV ABC B", "ENV ABC=B"),
        ("ENV PATH /usr/local/bin:$PATH", "ENV PATH=/usr/local/bin:$PATH"),
        ("LABEL description Web  frontend", 'LABEL description="Web  frontend"'),
        ('ENV GREETING "hello world"', 'ENV GREETING="hello world"'),
        ("ENV A 'single $quoted'", "ENV A='single $quoted'"),
        ("ENV HOME_DIR $HOME/app data", 'ENV HOME_DIR="$HOME/app data"'),
        # BuildKit keeps the indentation of a continuation line in the value
        ("ENV A b \\\n    c", 'ENV A="b     c"'),
        ("ONBUILD env A b", "ONBUILD env A=b"),
    ],
)
def test_fix_keeps_the_value(before: str, after: str) -> None:
    old = f"FROM a:1\n{before}\n"
    new = fixed("DF605", old, unsafe=False)
    assert new == f"FROM a:1\n{after}\n"
    assert _pairs(old) == _pairs(new)


def _pairs(text: str) -> list[tuple[str, str | None]]:
    dockerfile = Dockerfile.parse(text)
    instruction = dockerfile.instructions[1]
    instruction = instruction.trigger or instruction
    return [(kv.key, kv.value) for kv in key_values(instruction)]


@pytest.mark.parametrize(
    "line", ['LABEL maintainer James Turnbull "james@example.com"', 'ENV A "b c" d\\ e']
)
def test_no_fix_when_quotes_and_spaces_mix(line: str) -> None:
    (violation,) = assert_flags("DF605", f"FROM a:1\n{line}\n")
    assert violation.fix is None


def test_windows_escape_file_keeps_backslashes() -> None:
    text = "# escape=`\nFROM a:1\nENV JAVA_HOME C:\\Program Files\\Java\n"
    assert fixed("DF605", text, unsafe=False) == (
        '# escape=`\nFROM a:1\nENV JAVA_HOME="C:\\Program Files\\Java"\n'
    )
    # with the backslash escape, the same text has escapes: no fix is certain
    (violation,) = assert_flags("DF605", "FROM a:1\nENV JAVA_HOME C:\\\\Program Files\n")
    assert violation.fix is None
