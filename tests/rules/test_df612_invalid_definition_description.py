from __future__ import annotations

import pytest

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("# the version\nARG VERSION=1\nFROM a:1\n", 1),
        ("FROM a:1 AS base\n# compiles the code\nFROM a:1 AS build\n", 1),
        ("# V one\n# something else\nARG V=1\nFROM a:1\n", 1),
        ("# Build the stage\nFROM a:1 AS build\n", 1),
        ("# several\nARG A=1 B=2\nFROM a:1\n", 1),
    ],
)
def test_flags(text: str, count: int) -> None:
    assert_flags("DF612", text, count=count)


@pytest.mark.parametrize(
    "text",
    [
        "# VERSION the version\nARG VERSION=1\nFROM a:1\n",
        "# B the b\nARG A=1 B=2\nFROM a:1\n",
        "# build compiles\nFROM a:1 AS build\n",
        "# build compiles\nFROM a:1 AS Build\n",
        "# a note\n\nARG V=1\nFROM a:1\n",
        "# a note\n#\nARG V=1\nFROM a:1\n",
        "# a note\nFROM a:1\n",  # no stage name: nothing to describe
        "FROM a:1\n# a note\nCOPY a /a\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF612", text)


def test_span_is_the_comment() -> None:
    (violation,) = assert_flags("DF612", "FROM a:1\n  # a note\nARG V=1\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 2, 10)
    assert "`# V <description>`" in violation.message


def test_off_by_default_and_on_with_the_check_directive() -> None:
    text = "# a note\nARG V=1\nFROM a:1\n"

    def codes(source: str) -> list[str]:
        return [v.code for v in engine.lint(Dockerfile.parse(source)).violations]

    assert "DF612" not in codes(text)
    assert "DF612" in codes("# check=experimental=InvalidDefinitionDescription\n" + text)
    assert "DF612" in codes("# check=experimental=all\n" + text)
    assert "DF612" not in codes("# check=experimental=StageNameCasing\n" + text)
    assert "DF612" in [
        v.code
        for v in engine.lint(Dockerfile.parse(text), Settings(extend_select=("DF6",))).violations
    ]
