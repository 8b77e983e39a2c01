from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.rules.helpers import assert_clean, assert_flags, fixed

CURL = "HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1"
WGET = "HEALTHCHECK CMD wget -qO- http://localhost:8000/health || exit 1"


@pytest.mark.parametrize(
    "text",
    [
        f"FROM python:3.12-slim\n{CURL}\n",
        f"FROM python:3.12-slim\n{WGET}\n",
        f"FROM node:20-alpine\n{CURL}\n",
        f"FROM gcr.io/distroless/python3-debian12\n{CURL}\n",
        f"FROM scratch\n{WGET}\n",
        f"FROM debian:12\n{CURL}\n",
        'FROM python:3.12-slim\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n',
        'FROM python:3.12-slim\nHEALTHCHECK CMD ["sh", "-c", "curl -f http://x/ || exit 1"]\n',
        "FROM python:3.12-slim\nhealthcheck --interval=5s \\\n  cmd curl -f http://localhost/\n",
        # curl installed in a stage that does not ship
        f"FROM python:3.12-slim AS build\nRUN apt-get install -y curl\nFROM python:3.12-slim\n{CURL}\n",
        # the health check of a parent stage, in an image that lacks the tool
        f'FROM node:20-slim AS base\n{CURL}\nFROM base\nCMD ["node", "main.js"]\n',
        # the base image from a global ARG
        f"ARG PY=3.12-slim\nFROM python:${{PY}}\n{CURL}\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF404", text)


@pytest.mark.parametrize(
    "text",
    [
        # full images ship curl and wget; alpine's busybox ships wget
        f"FROM python:3.12\n{CURL}\n",
        f"FROM node:20\n{CURL}\n",
        f"FROM alpine:3.20\n{WGET}\n",
        f"FROM node:20-alpine\n{WGET}\n",
        # installed where it ships
        f"FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n{CURL}\n",
        f"FROM node:20-alpine\nRUN apk add --no-cache curl=8.9.1-r0\n{CURL}\n",
        f"FROM python:3.12-slim\nRUN <<EOF\napt-get update\napt-get install -y wget\nEOF\n{WGET}\n",
        f"FROM python:3.12-slim AS base\nRUN apt-get install -y curl\nFROM base\n{CURL}\n",
        f"FROM gcr.io/distroless/static-debian12\nCOPY --from=curlimages/curl:8.8.0 /usr/bin/curl /usr/bin/curl\n{CURL}\n",
        # images we do not know, and variable tags
        f"FROM mycorp/base:1.0\n{CURL}\n",
        f"FROM python:${{PY}}\n{CURL}\n",
        # other probes
        "FROM python:3.12-slim\nHEALTHCHECK CMD python /app/health.py\n",
        "FROM python:3.12-slim\nHEALTHCHECK NONE\n",
        # the curl health check of a build stage never runs
        f"FROM python:3.12-slim AS test\n{CURL}\nFROM python:3.12\n",
        # overridden by a later HEALTHCHECK
        f"FROM python:3.12-slim\n{CURL}\nHEALTHCHECK CMD python /health.py\n",
        f"FROM python:3.12-slim\n# dfls ignore=healthcheck-tool-missing\n{CURL}\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF404", text)


def test_target_stage_decides() -> None:
    text = f"FROM python:3.12-slim AS slim\n{CURL}\nFROM python:3.12 AS full\n{CURL}\n"
    assert_clean("DF404", text)
    assert_flags("DF404", text, settings=Settings(target_stage="slim"))


def test_span_is_the_tool_word() -> None:
    (violation,) = assert_flags("DF404", f"FROM python:3.12-slim\n{CURL}\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 16, 20)
    assert "`python:3.12-slim`" in violation.message


@pytest.mark.parametrize(
    ("base", "before", "after"),
    [
        (
            "python:3.12-slim",
            CURL,
            'HEALTHCHECK CMD python -c "import urllib.request; '
            "urllib.request.urlopen('http://localhost:8000/health')\" || exit 1",
        ),
        (
            "python:3.12-slim",
            "HEALTHCHECK CMD wget -q --spider localhost:$PORT/health",
            'HEALTHCHECK CMD python -c "import urllib.request; '
            "urllib.request.urlopen('http://localhost:$PORT/health')\"",
        ),
        (
            "gcr.io/distroless/python3-debian12",
            'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]',
            'HEALTHCHECK CMD ["python3", "-c", "import urllib.request; '
            "urllib.request.urlopen('http://localhost/')\"]",
        ),
        (
            "node:20-alpine",
            "HEALTHCHECK CMD curl -fs https://localhost:3000/ || exit 1",
            "HEALTHCHECK CMD node -e \"require('https').get('https://localhost:3000/', "
            "r => process.exit(r.statusCode < 400 ? 0 : 1))"
            ".on('error', () => process.exit(1))\" || exit 1",
        ),
    ],
)
def test_fix_uses_the_runtime(base: str, before: str, after: str) -> None:
    assert fixed("DF404", f"FROM {base}\n{before}\n") == f"FROM {base}\n{after}\n"
    assert fixed("DF404", f"FROM {base}\n{before}\n", unsafe=False) == f"FROM {base}\n{before}\n"


@pytest.mark.parametrize(
    "text",
    [
        f"FROM debian:12-slim\n{CURL}\n",  # no language runtime to probe with
        'FROM python:3.12-slim\nHEALTHCHECK CMD curl -f "$HEALTH_URL"\n',
        "FROM python:3.12-slim\nHEALTHCHECK CMD curl -f 'http://localhost/$x'\n",
        'FROM python:3.12-slim\nHEALTHCHECK CMD ["sh", "-c", "curl -f http://x/ || exit 1"]\n',
    ],
)
def test_no_fix_without_a_runtime_or_a_plain_url(text: str) -> None:
    (violation,) = assert_flags("DF404", text)
    assert violation.fix is None
