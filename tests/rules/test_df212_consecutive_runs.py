from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from dfls.model import Position, Span
from tests.rules.helpers import assert_clean, assert_flags, findings, fixed

DEB = "FROM debian:12\n"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        (DEB + "RUN a\nRUN b\n", 1),
        (DEB + "run a\n\nrun b\n", 1),
        (DEB + "RUN a\nRUN b\nRUN c\n", 2),
        (DEB + "RUN a && b\nRUN c && d\n", 1),
        (DEB + "RUN a \\\n    && b\nRUN c\n", 1),
        (DEB + "RUN --mount=type=cache,target=/x a\nRUN --mount=type=cache,target=/x b\n", 1),
        ("FROM debian:12 AS base\nRUN a\nRUN b\nFROM base\n", 1),
        ("# escape=`\nFROM debian:12\nRUN a\nRUN b\n", 1),
        (DEB + "RUN a\n# then b\nRUN b\n", 1),
        (DEB + "RUN a\n\n# step two\n\nRUN b\n", 1),
    ],
)
def test_flags(text: str, count: int) -> None:
    assert_flags("DF212", text, count=count)


@pytest.mark.parametrize(
    "text",
    [
        DEB + "RUN a\nENV X=1\nRUN b\n",
        DEB + "RUN a && b && c\nRUN d\n",
        DEB + "RUN a\nRUN --network=none b\n",
        DEB + 'RUN ["a"]\nRUN b\n',
        DEB + "RUN <<EOF\na\nEOF\nRUN b\n",
        "FROM debian:12 AS build\nRUN a\nRUN b\nFROM scratch\n",
        DEB + "ONBUILD RUN a\nONBUILD RUN b\n",
        DEB + "RUN a\n# dfls ignore=DF212\nRUN b\n",
        DEB + "RUN a\n# hadolint ignore=DL3059\nRUN b\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF212", text)


def _limit(count: int) -> Settings:
    return Settings(rules={"DF212": {"max-commands": count}})


def test_max_commands_option() -> None:
    assert findings("DF212", DEB + "RUN a && b && c\nRUN d\n", settings=_limit(3))
    assert not findings("DF212", DEB + "RUN a && b\nRUN c\n", settings=_limit(1))


def test_build_stage_is_checked_when_it_is_the_target() -> None:
    text = "FROM debian:12 AS build\nRUN a\nRUN b\nFROM scratch\n"
    assert findings("DF212", text, settings=Settings(target_stage="build"))


def test_span_is_the_second_keyword() -> None:
    (violation,) = assert_flags("DF212", DEB + "RUN a\nRUN b\n")
    assert violation.span.start.line == 2
    assert (violation.span.start.character, violation.span.end.character) == (0, 3)
    assert "line 2" in violation.message


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN a\nRUN b\n", "RUN a && \\\n    b\n"),
        ("RUN a\nRUN b\nRUN c\n", "RUN a && \\\n    b && \\\n    c\n"),
        ("  run a\n  run b\n", "  run a && \\\n      b\n"),
    ],
)
def test_fix_joins_runs(before: str, after: str) -> None:
    assert fixed("DF212", DEB + before, unsafe=False) == DEB + before
    assert fixed("DF212", DEB + before) == DEB + after


def test_fix_uses_the_escape_character() -> None:
    text = "# escape=`\nFROM debian:12\nRUN a\nRUN b\n"
    assert fixed("DF212", text) == "# escape=`\nFROM debian:12\nRUN a && `\n    b\n"


@pytest.mark.parametrize("first", ["cd /app", "export X=1", "set -e", ". ./env", "a;"])
def test_no_fix_when_state_would_leak_or_the_script_cannot_be_extended(first: str) -> None:
    (violation,) = assert_flags("DF212", DEB + f"RUN {first}\nRUN b\n")
    assert violation.fix is None


@pytest.mark.parametrize(
    "shell",
    [
        'SHELL ["powershell", "-Command"]',
        'SHELL ["C:\\\\Program Files\\\\PowerShell\\\\pwsh.exe", "-c"]',
    ],
)
def test_no_fix_under_powershell(shell: str) -> None:
    text = f"FROM mcr.microsoft.com/windows/servercore:ltsc2022\n{shell}\nRUN a\nRUN b\n"
    (violation,) = assert_flags("DF212", text)
    assert violation.fix is None


def test_fix_under_a_posix_shell_set_in_a_parent_stage() -> None:
    text = 'FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nRUN a\nRUN b\n'
    (violation,) = assert_flags("DF212", text)
    assert violation.fix is not None


def test_fix_keeps_the_comment_between_the_runs() -> None:
    text = DEB + "# users\nRUN groupadd -r app\n\n# then the user\nRUN useradd -r -g app app\n"
    assert fixed("DF212", text) == (
        DEB + "# users\nRUN groupadd -r app && \\\n# then the user\n    useradd -r -g app app\n"
    )


def test_editing_the_comment_between_changes_the_fix() -> None:
    from dfls.engine import linting as engine
    from dfls.model import Dockerfile

    before = Dockerfile.parse(DEB + "RUN a\n# one\nRUN b\n")
    settings = Settings(select=("DF212",))
    cache = engine.LintCache()
    engine.lint(before, settings, cache=cache)
    after = before.apply_edit(Span(Position(2, 2), Position(2, 5)), "two")
    (violation,) = engine.lint(after, settings, cache=cache).violations
    assert violation.fix is not None
    assert "# two" in violation.fix.edits[0].new_text
