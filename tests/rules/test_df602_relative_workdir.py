from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM a:1\nWORKDIR app\n",
        "FROM a:1\nworkdir ./app\n",
        'FROM a:1\nWORKDIR "app dir"\n',
        # an absolute WORKDIR of another stage does not count
        "FROM a:1 AS one\nWORKDIR /app\nFROM b:1\nWORKDIR src\n",
        # relative before the absolute one
        "FROM a:1\nWORKDIR src\nWORKDIR /app\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF602", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM a:1\nWORKDIR /app\n",
        "FROM a:1\nWORKDIR /app\nWORKDIR src\n",
        "FROM a:1 AS base\nWORKDIR /app\nFROM base\nWORKDIR src\n",
        "FROM a:1\nWORKDIR $HOME/app\n",
        "FROM a:1\nWORKDIR ${APP_DIR}\nWORKDIR src\n",
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR c:/app\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR \\\\app\n",
        "FROM a:1\n# hadolint ignore=DL3000\nWORKDIR app\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF602", text)


def test_span_is_the_path() -> None:
    (violation,) = assert_flags("DF602", "FROM a:1\nWORKDIR  app/src\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 9, 16)


def test_fix_is_unsafe_and_makes_the_path_absolute() -> None:
    text = "FROM a:1\nWORKDIR app\n"
    assert fixed("DF602", text, unsafe=False) == text
    assert fixed("DF602", text) == "FROM a:1\nWORKDIR /app\n"
