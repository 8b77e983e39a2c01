"""Model fixes found while writing the DF3xx/DF4xx/DF6xx rules."""

from __future__ import annotations

import pytest

from dfls.model import key_values, parse
from dfls.model.shell import scripts


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("ENV ABC B", "B"),  # the value's text also occurs inside the key
        ("LABEL maintainer m", "m"),
        ("ENV PATH /usr/local/bin:$PATH", "/usr/local/bin:$PATH"),
        ("ENV GREETING hello world", "hello world"),
    ],
)
def test_legacy_value_is_read_after_the_key(line: str, value: str) -> None:
    instruction = parse(f"FROM a\n{line}\n").instructions[1]
    (pair,) = key_values(instruction)
    assert pair.value == value
    assert pair.legacy


@pytest.mark.parametrize(
    ("line", "commands"),
    [
        (
            "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1",
            [["curl", "-f", "http://localhost/"], ["exit", "1"]],
        ),
        ("HEALTHCHECK CMD wget -q http://localhost/", [["wget", "-q", "http://localhost/"]]),
        ("healthcheck cmd true", [["true"]]),
        ("HEALTHCHECK NONE", []),
    ],
)
def test_healthcheck_script_starts_after_cmd(line: str, commands: list[list[str]]) -> None:
    instruction = parse(f"FROM a\n{line}\n").instructions[1]
    found = [c.argv for script in scripts(instruction) for c in script.commands]
    assert found == commands
