from __future__ import annotations

import os
from pathlib import Path

import pytest

from dfls.engine import build_context as context
from dfls.engine.build_context import parse_dockerignore


def test_parse_dockerignore_like_docker() -> None:
    text = (
        "\ufeff# comment\n\n  node_modules  \n!keep.txt\n! spaced\n/abs/path\n./a/../b\n#x\n*.pyc\n"
    )
    assert parse_dockerignore(text) == (
        "node_modules",
        "!keep.txt",
        "!spaced",
        "abs/path",
        "b",
        "*.pyc",
    )


def test_no_dockerignore_is_known_and_none(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM a\n")
    found = context.for_dockerfile(dockerfile)
    assert found.known
    assert found.dockerignore is None
    assert found.dockerignore_name == ".dockerignore"


def test_dockerignore_beside_the_dockerfile(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text(".git\n")
    found = context.for_dockerfile(tmp_path / "Dockerfile")
    assert found.known
    assert found.dockerignore == (".git",)


def test_file_specific_dockerignore_wins(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text(".git\n")
    (tmp_path / "app.Dockerfile.dockerignore").write_text("build\n")
    found = context.for_dockerfile(tmp_path / "app.Dockerfile")
    assert found.dockerignore == ("build",)
    assert found.dockerignore_name == "app.Dockerfile.dockerignore"
    assert context.for_dockerfile(tmp_path / "Dockerfile").dockerignore == (".git",)


def test_empty_dockerignore_is_an_empty_tuple(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("# only a comment\n")
    assert context.for_dockerfile(tmp_path / "Dockerfile").dockerignore == ()


def test_missing_directory_is_unknown(tmp_path: Path) -> None:
    assert not context.for_dockerfile(tmp_path / "nope" / "Dockerfile").known


def test_unreadable_dockerignore_is_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ignore = tmp_path / ".dockerignore"
    ignore.write_text("x\n")
    real = os.open

    def denied(path: str | Path, flags: int, *args: int) -> int:
        # chmod 0 does not stop root (CI runs as root), so the denial is simulated.
        if Path(path).name == ".dockerignore":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", denied)
    assert not context.for_dockerfile(tmp_path / "Dockerfile").known


def test_a_directory_named_dockerignore_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").mkdir()
    found = context.for_dockerfile(tmp_path / "Dockerfile")
    assert found.known
    assert found.dockerignore is None


def test_dockerignore_above_makes_the_context_unknown(tmp_path: Path) -> None:
    """Regression: `docker build -f docker/Dockerfile .` reads the root's .dockerignore."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".dockerignore").write_text(".git\n")
    dockerfile = tmp_path / "docker" / "api" / "Dockerfile"
    dockerfile.parent.mkdir(parents=True)
    found = context.for_dockerfile(dockerfile)
    assert not found.known
    assert context.ancestor_dockerignore(dockerfile.parent) == tmp_path / ".dockerignore"
    # One beside the Dockerfile wins, as before.
    (dockerfile.parent / ".dockerignore").write_text("node_modules\n")
    assert context.for_dockerfile(dockerfile).dockerignore == ("node_modules",)


def test_the_search_above_stops_at_the_project_root(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text(".git\n")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    dockerfile = project / "docker" / "Dockerfile"
    dockerfile.parent.mkdir()
    assert context.for_dockerfile(dockerfile).known  # the .dockerignore is outside the repo
    # The config file's directory bounds the search too.
    (tmp_path / "cfg" / "sub").mkdir(parents=True)
    inner = tmp_path / "cfg" / "sub" / "Dockerfile"
    assert not context.for_dockerfile(inner).known
    assert context.for_dockerfile(inner, stop=tmp_path / "cfg").known


def test_context_setting(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".dockerignore").write_text(".git\n")
    dockerfile = tmp_path / "docker" / "Dockerfile"
    dockerfile.parent.mkdir()
    assert context.for_dockerfile(dockerfile, "dockerfile-dir").known
    assert context.for_dockerfile(dockerfile, "dockerfile-dir").dockerignore is None
    assert context.for_dockerfile(dockerfile, str(tmp_path)).dockerignore == (".git",)
    assert not context.for_dockerfile(dockerfile, "auto").known
