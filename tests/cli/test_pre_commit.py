"""The pre-commit hook definition picks the same files as a directory search."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dfls.engine.discovery import NOT_DOCKERFILE_SUFFIXES, is_dockerfile_name

HOOKS = Path(__file__).parent.parent.parent / ".pre-commit-hooks.yaml"


def _field(name: str) -> str:
    for line in HOOKS.read_text(encoding="utf-8").splitlines():
        key, _, value = line.strip().lstrip("- ").partition(": ")
        if key == name:
            return value.strip().strip("'")
    raise AssertionError(f"no {name} in {HOOKS}")


def test_hook_shape() -> None:
    assert _field("id") == "dfls"
    assert _field("entry").startswith("dfls check")
    assert _field("language") == "python"


@pytest.mark.parametrize(
    "path",
    [
        "Dockerfile",
        "a/b/Dockerfile",
        "Dockerfile.dev",
        "svc/api.Dockerfile",
        "svc/api.dockerfile",
        "Containerfile",
        "x/Containerfile.arm",
        "Dockerfile.dockerignore",
        "a/.dockerignore",
        "README.md",
        "MyDockerfile",
        "Dockerfiles/readme",
        "docker-compose.yml",
        "Dockerfile.gz",
        "a/Dockerfile.tar.gz",
        "Dockerfile.md",
        "Dockerfile.orig",
        "Dockerfile.dev.BAK",
        "Dockerfile~",
        "Dockerfile.dev~",
        "Dockerfile.swp",
        "Containerfile.containerignore",
        "Dockerfile.in",
        "Dockerfile.prod.arm64",
    ],
)
def test_files_regex_agrees_with_directory_search(path: str) -> None:
    files = re.compile(_field("files"))
    exclude = re.compile(_field("exclude"))
    picked = bool(files.search(path)) and not exclude.search(path)
    assert picked is is_dockerfile_name(path.rsplit("/", 1)[-1])


def test_exclude_regex_lists_every_suffix_the_search_skips() -> None:
    exclude = re.compile(_field("exclude"))
    for suffix in NOT_DOCKERFILE_SUFFIXES:
        assert exclude.search(f"a/Dockerfile.{suffix}"), suffix
        assert exclude.search(f"Containerfile.x.{suffix.upper()}"), suffix
