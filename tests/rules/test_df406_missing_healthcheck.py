from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from dfls.rules import registry
from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "text",
    [
        'FROM python:3.12-slim\nCMD ["python", "app.py"]\n',
        # a HEALTHCHECK in a build stage does not ship
        "FROM golang:1.22 AS build\nHEALTHCHECK CMD /a\nFROM scratch\n",
        "from alpine:3.20\nonbuild HEALTHCHECK CMD /a\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF406", text)


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12-slim\nHEALTHCHECK CMD python /health.py\n",
        "FROM python:3.12-slim\nHEALTHCHECK NONE\n",
        # inherited from the stage the final one is built FROM
        "FROM python:3.12-slim AS base\nHEALTHCHECK CMD /a\nFROM base\nCMD /b\n",
        "ARG BASE=alpine:3.20\n",
        "# dfls ignore=DF406\nFROM alpine:3.20\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF406", text)


def test_target_stage_is_the_one_checked() -> None:
    text = "FROM alpine:3.20 AS app\nFROM alpine:3.20 AS debug\nHEALTHCHECK CMD /a\n"
    (violation,) = assert_flags("DF406", text, settings=Settings(target_stage="app"))
    assert violation.span.start.line == 0 and "`app`" in violation.message
    assert_clean("DF406", text)


def test_off_by_default() -> None:
    rule = registry.get("DF406")
    assert rule is not None and not rule.enabled_by_default
