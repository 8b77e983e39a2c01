from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "text",
    [
        "FROM python\n",
        "FROM python:latest\n",
        "from docker.io/library/python:latest AS app\n",
        "FROM localhost:5000/team/app\n",
        "FROM golang:1.22 AS build\nFROM debian\n",
        "ARG BASE=ubuntu\nFROM ${BASE}\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF101", text)


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12-slim\n",
        "FROM scratch\n",
        "FROM python@sha256:" + "a" * 64 + "\n",
        "FROM golang:1.22 AS build\nFROM build\n",
        "FROM localhost:5000/app:1.0\n",
        "ARG BASE\nFROM ${BASE}\n",
        "FROM python:3\n",
        "# dfls ignore=DF101\nFROM python\n",
        "# hadolint ignore=DL3007\nFROM python:latest\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF101", text)


def test_span_is_the_image_reference() -> None:
    (violation,) = assert_flags("DF101", "FROM --platform=linux/amd64 node AS web\n")
    assert (violation.span.start.character, violation.span.end.character) == (28, 32)


def test_major_strictness_flags_floating_major_versions() -> None:
    assert_flags("DF101", "FROM python:3\n", strictness="major")
    assert_clean("DF101", "FROM python:3.12\n", strictness="major")
