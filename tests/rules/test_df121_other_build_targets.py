from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.rules.helpers import assert_clean, assert_flags, findings

DEV = 'FROM python:3.12-slim AS dev\nCMD ["python", "-m", "app", "--reload"]\n'
PROD = 'FROM python:3.12-slim\nUSER 10001\nCMD ["app"]\n'


def test_flags_once_with_the_stage_name() -> None:
    (violation,) = assert_flags("DF121", DEV + PROD)
    assert violation.message.startswith(
        "stage `dev` sets its own CMD or ENTRYPOINT and no stage is built FROM it"
    )
    assert "set `target-stage`" in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == (0, 25, 0, 28)


def test_several_stages_are_one_finding() -> None:
    debug = 'FROM python:3.12 AS debug\nENTRYPOINT ["pdb"]\n'
    (violation,) = assert_flags("DF121", DEV + debug + PROD)
    assert "stages `dev`, `debug` set their own" in violation.message


@pytest.mark.parametrize(
    "text",
    [
        PROD,
        # built on: a base, not a target
        DEV + "FROM dev\nUSER 10001\n",
        # no command of its own
        "FROM golang:1.22 AS build\nRUN go build\n" + PROD,
        # no name: cannot be a --target
        'FROM python:3.12-slim\nCMD ["x"]\n' + PROD,
        # the last stage ships anyway
        "FROM golang:1.22 AS build\nRUN go build\n" + DEV,
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF121", text)


def test_nothing_when_a_target_stage_is_configured() -> None:
    assert not findings("DF121", DEV + PROD, settings=Settings(target_stage="dev"))
    assert findings("DF501", DEV + PROD, settings=Settings(target_stage="dev"))
