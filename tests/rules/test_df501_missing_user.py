from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.rules.helpers import assert_clean, assert_flags, fixed

BUILD = "FROM golang:1.22 AS build\nRUN go build -o /server .\n"


@pytest.mark.parametrize(
    "text",
    [
        'FROM python:3.12-slim\nCMD ["python", "app.py"]\n',
        "FROM alpine:3.19\n",
        BUILD + 'FROM scratch\nCOPY --from=build /server /\nENTRYPOINT ["/server"]\n',
        BUILD + 'FROM gcr.io/distroless/static-debian12\nCMD ["/server"]\n',
        # a USER in a build stage does not ship
        "FROM node:20 AS build\nUSER node\nFROM node:20-slim\n",
        "from example.com/app:1\n",
        "FROM ${BASE}\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF501", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12-slim\nUSER 1000\n",
        "FROM python:3.12-slim\nUSER root\n",  # DF502's concern
        'FROM node:20-slim AS base\nUSER node\nFROM base\nCMD ["node"]\n',
        'FROM gcr.io/distroless/static-debian12:nonroot\nCMD ["/server"]\n',
        "FROM gcr.io/distroless/static-debian12:${TAG}\n",
        "FROM cgr.dev/chainguard/node\n",
        "FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
        "# escape=`\nFROM example.com/windows-app:1\n",
        'FROM example.com/base:1\nSHELL ["powershell", "-Command"]\n',
        # an export stage: nothing runs
        BUILD + "FROM scratch\nCOPY --from=build /server /\n",
        "# dfls ignore=DF501\nFROM alpine:3.19\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF501", text)


def test_span_is_the_target_from() -> None:
    (violation,) = assert_flags("DF501", "FROM node:20 AS build\n\nFROM alpine:3.19 AS app\n")
    assert violation.span.start.line == 2
    assert "`alpine:3.19` starts as root" in violation.message


def test_unknown_base_is_worded_as_unknown() -> None:
    (violation,) = assert_flags("DF501", "FROM example.com/app:1\n")
    assert "unless `example.com/app:1` itself sets a non-root user" in violation.message


def test_fix_inserts_before_cmd() -> None:
    text = 'FROM node:20-alpine\nRUN npm ci\nCMD ["node", "main.js"]\n'
    assert (
        fixed("DF501", text)
        == 'FROM node:20-alpine\nRUN npm ci\nUSER node\nCMD ["node", "main.js"]\n'
    )
    assert fixed("DF501", text, unsafe=False) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            BUILD + 'FROM scratch\nCOPY --from=build /server /\n  ENTRYPOINT ["/server"]\n',
            BUILD
            + 'FROM scratch\nCOPY --from=build /server /\n  USER 65534\n  ENTRYPOINT ["/server"]\n',
        ),
        (
            'from gcr.io/distroless/nodejs20-debian12\ncmd ["main.js"]\n',
            'from gcr.io/distroless/nodejs20-debian12\nuser nonroot\ncmd ["main.js"]\n',
        ),
        # no CMD: appended at the end of the stage
        ("FROM node:20-slim\r\nCOPY . .", "FROM node:20-slim\r\nCOPY . .\r\nUSER node"),
        # a CMD before a RUN: the USER goes at the end so the RUN keeps running as root
        (
            'FROM node:20-slim\nCMD ["node"]\nRUN npm ci\n',
            'FROM node:20-slim\nCMD ["node"]\nRUN npm ci\nUSER node\n',
        ),
    ],
)
def test_fix_is_image_aware(text: str, expected: str) -> None:
    assert fixed("DF501", text) == expected


@pytest.mark.parametrize("image", ["python:3.12-slim", "alpine:3.19", "example.com/app:1"])
def test_no_fix_without_a_known_user(image: str) -> None:
    (violation,) = assert_flags("DF501", f"FROM {image}\n")
    assert violation.fix is None


def test_target_stage() -> None:
    text = "FROM alpine:3.19 AS dev\nFROM alpine:3.19 AS prod\nUSER 1000\n"
    assert_clean("DF501", text)
    assert_flags("DF501", text, settings=Settings(target_stage="dev"))


@pytest.mark.parametrize(
    "text",
    [
        # found by hypothesis: the USER would join the RUN's continuation (a blank line
        # inside a continuation does not end it), so the fix never converged
        "FROM node:20 AS build\nRUN a && \\\n\n",
        "FROM node:20\nRUN a && \\\n",
        "FROM node:20\nRUN a && \\\n# a comment\n",
        "FROM node:20\nRUN <<EOF\necho hi\n",
    ],
)
def test_no_fix_when_the_file_ends_inside_the_last_instruction(text: str) -> None:
    (violation,) = assert_flags("DF501", text)
    assert violation.fix is None
    assert fixed("DF501", text) == text
