from __future__ import annotations

import pytest

from dfls.knowledge.dockerignore import is_ignored
from dfls.rules.api import BuildContext
from tests.rules.helpers import assert_clean, assert_flags


def ignoring(*patterns: str) -> BuildContext:
    return BuildContext(known=True, dockerignore=patterns)


PYTHON = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
NODE = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"


@pytest.mark.parametrize(
    ("text", "patterns", "missing"),
    [
        (PYTHON, ("*.log",), "`.git` and `.env`"),
        (PYTHON, (".git",), "`.env`"),
        (PYTHON, (".env", "# .git"), "`.git`"),
        (NODE, (".git", ".env"), "`node_modules`"),
        # a node build detected from what it copies and runs, not the image
        ("FROM debian:12\nCOPY package.json .\nCOPY . .\n", (".git", ".env"), "`node_modules`"),
        # re-included by an exception that comes later
        (PYTHON, (".git", ".env", "!.env"), "`.env`"),
        (PYTHON, ("*", "!.git", "!.env"), "`.git` and `.env`"),
        ("FROM python:3.12-slim\nadd ./ /app\n", ("node_modules",), "`.git` and `.env`"),
    ],
)
def test_flags(text: str, patterns: tuple[str, ...], missing: str) -> None:
    (violation,) = assert_flags("DF302", text, context=ignoring(*patterns))
    assert f"does not exclude {missing}, so" in violation.message


@pytest.mark.parametrize(
    ("text", "patterns"),
    [
        (PYTHON, (".git", ".env")),
        (PYTHON, ("/.git/", ".env*")),
        (PYTHON, ("**/.git", "**/.env")),
        (PYTHON, (".git", ".env", "!.env.example")),
        # an allow-list: everything is out except what is named
        (PYTHON, ("*", "!src", "!requirements.txt")),
        (NODE, (".git", ".env", "node_modules")),
        (NODE, (".git", ".env", "**/node_modules/")),
        # only named files: nothing unexpected goes in
        ("FROM python:3.12-slim\nCOPY app.py .\n", ()),
        ("FROM python:3.12-slim\n# dfls ignore=DF302\nCOPY . .\n", ()),
    ],
)
def test_does_not_flag(text: str, patterns: tuple[str, ...]) -> None:
    assert_clean("DF302", text, context=ignoring(*patterns))


@pytest.mark.parametrize("context", [BuildContext(), BuildContext(known=True, dockerignore=None)])
def test_quiet_without_a_dockerignore(context: BuildContext) -> None:
    assert_clean("DF302", PYTHON, context=context)


def test_span_is_the_source_word() -> None:
    (violation,) = assert_flags("DF302", PYTHON, context=ignoring())
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == (2, 5, 2, 6)


@pytest.mark.parametrize(
    ("patterns", "path", "ignored"),
    [
        ((".git",), ".git", True),
        ((".git",), ".git/HEAD", True),
        (("*.md",), "README.md", True),
        (("*.md",), "docs/README.md", False),
        (("**/*.md",), "docs/README.md", True),
        (("**/*.md",), "README.md", True),
        (("docs/**",), "docs/a/b.md", True),
        ((".env?",), ".envx", True),
        ((".env?",), ".env", False),
        (("[a-c].txt",), "b.txt", True),
        (("[!a-c].txt",), "b.txt", False),
        (("./node_modules/",), "node_modules", True),
        (("*", "!src"), "src/app.py", False),
        (("*", "!src", "src/secret"), "src/secret", True),
        (("\\#notes",), "#notes", True),
        (("# comment",), "# comment", False),
    ],
)
def test_dockerignore_matching(patterns: tuple[str, ...], path: str, ignored: bool) -> None:
    assert is_ignored(patterns, path) is ignored
