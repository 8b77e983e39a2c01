from __future__ import annotations

import pytest

from dfls.knowledge.dockerignore import is_ignored
from dfls.knowledge.ecosystems import ContextUse, context_use
from dfls.model import Dockerfile, Position, Span
from dfls.rules.api import Applicability, BuildContext
from dfls.rules.df301_missing_dockerignore import template
from tests.rules.helpers import assert_clean, assert_flags, findings

NONE = BuildContext(known=True, dockerignore=None)


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12-slim\nCOPY . .\n",
        "FROM python:3.12-slim\ncopy ./ /app\n",
        "FROM python:3.12-slim\nADD . /app\n",
        "FROM python:3.12-slim\nCOPY * ./\n",
        "FROM python:3.12-slim\nCOPY --chown=app:app / /app/\n",
        'FROM python:3.12-slim\nCOPY [".", "/app"]\n',
        "FROM python:3.12-slim\nCOPY requirements.txt \\\n     . \\\n     /app/\n",
        # a build stage sends the context too
        "FROM golang:1.22 AS build\nCOPY . .\nFROM scratch\nCOPY --from=build /s /s\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF301", text, context=NONE)


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12-slim\nCOPY requirements.txt .\nCOPY src/ /app/src/\n",
        "FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build . /\n",
        "FROM python:3.12-slim\nONBUILD COPY . /app\n",
        "FROM python:3.12-slim\nCOPY $SRC .\n",
        "FROM python:3.12-slim\n# dfls ignore=missing-dockerignore\nCOPY . .\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF301", text, context=NONE)


@pytest.mark.parametrize(
    "context",
    [BuildContext(), BuildContext(known=True, dockerignore=()), BuildContext(True, (".git",))],
)
def test_quiet_when_the_file_exists_or_the_context_is_unknown(context: BuildContext) -> None:
    assert_clean("DF301", "FROM alpine:3.20\nCOPY . .\n", context=context)


def test_one_finding_at_the_first_whole_copy_counting_the_others() -> None:
    text = "FROM node:20 AS build\nCOPY . .\nFROM node:20-slim\nCOPY --chown=node . /app\n"
    (first,) = assert_flags("DF301", text, count=1, context=NONE)
    assert (first.span.start.line, first.span.start.character, first.span.end.character) == (
        1,
        5,
        6,
    )
    assert "and 1 more COPY/ADD of the whole context" in first.message


def test_fix_creates_the_file_and_edits_nothing() -> None:
    (violation,) = assert_flags("DF301", "FROM alpine:3.20\nCOPY . .\n", context=NONE)
    fix = violation.fix
    assert fix is not None and fix.applicability is Applicability.SAFE
    assert fix.edits == ()
    (created,) = fix.new_files
    assert created.path == ".dockerignore"
    assert {".git", ".env", ".env.*"} <= set(created.content.splitlines())


def _patterns(text: str) -> list[str]:
    return [line for line in template(Dockerfile.parse(text)).splitlines() if line[:1] not in "#"]


def test_template_follows_the_ecosystem() -> None:
    python = _patterns("FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n")
    assert "**/__pycache__" in python and ".venv" in python
    assert "node_modules" not in python
    node = _patterns("FROM node:20-alpine\nCOPY . .\nRUN npm ci --omit=dev\n")
    assert "node_modules" in node and "**/__pycache__" not in node
    # node_modules only when the build installs the dependencies itself
    prebuilt = _patterns('FROM node:20-alpine\nCOPY . .\nCMD ["node", "main.js"]\n')
    assert "node_modules" not in prebuilt
    global_tool = _patterns("FROM node:20-alpine\nCOPY . .\nRUN npm install -g serve\n")
    assert "node_modules" not in global_tool
    rust = _patterns("FROM rust:1.78 AS build\nCOPY . .\nRUN cargo build --release\n")
    assert "target" in rust


def test_template_keeps_what_the_dockerfile_copies_by_name() -> None:
    text = "FROM node:20\nCOPY .env.production Dockerfile.prod ./\nCOPY . .\nRUN npm ci\n"
    patterns = _patterns(text)
    assert ".env.*" not in patterns and "Dockerfile*" not in patterns
    assert ".env" in patterns
    for source in (".env.production", "Dockerfile.prod"):
        assert not is_ignored(patterns, source)


def test_created_file_satisfies_dockerignore_incomplete() -> None:
    text = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n"
    (violation,) = assert_flags("DF301", text, context=NONE)
    assert violation.fix is not None
    content = violation.fix.new_files[0].content
    context = BuildContext(known=True, dockerignore=tuple(content.splitlines()))
    assert findings("DF301", text, context) == []
    assert findings("DF302", text, context) == []


def _use_view(use: ContextUse) -> tuple[object, ...]:
    first = None if use.first_copy is None else (use.first_copy[0].line, use.first_copy[1].value)
    return (first, use.copies, use.explicit, use.ecosystems, use.installs_node_modules)


def test_what_the_build_uses_is_updated_edit_by_edit_like_a_fresh_parse() -> None:
    # What DF301 knows after each edit (from facts kept per instruction, reused across
    # versions) is what a fresh parse of the same text gives.
    text = "FROM debian:12 AS base\nRUN apt-get update\nCOPY app.py /srv/\n"
    steps = [
        ("RUN apt-get update", "RUN npm ci"),  # a RUN: node, and installs node_modules
        ("COPY app.py /srv/", "COPY . /srv/"),  # the whole context
        ("RUN npm ci", "RUN npm install -g pnpm"),  # no longer installs node_modules
        ("FROM debian:12 AS base", "FROM python:3.12-slim AS base"),  # an image ecosystem
        ("\nCOPY . /srv/\n", "\nCOPY . /srv/\nRUN cargo build\nADD go.mod .\n"),
        ("RUN npm install -g pnpm", "RUN pip install -r requirements.txt"),
        ("\nRUN cargo build", ""),  # a RUN removed
    ]
    dockerfile = Dockerfile.parse(text)
    context_use(dockerfile)
    for old, new in steps:
        start = text.index(old)
        before = text[:start].split("\n")
        begin = Position(len(before) - 1, len(before[-1]))
        after = (text[: start + len(old)]).split("\n")
        end = Position(len(after) - 1, len(after[-1]))
        dockerfile = dockerfile.apply_edit(Span(begin, end), new)
        text = text[:start] + new + text[start + len(old) :]
        assert dockerfile.text == text
        assert _use_view(context_use(dockerfile)) == _use_view(context_use(Dockerfile.parse(text)))
    assert _use_view(context_use(dockerfile))[3] == frozenset({"python", "go"})
