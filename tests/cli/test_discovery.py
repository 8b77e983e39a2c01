"""Which files `dfls check` finds: names, skipped directories, gitignore-style excludes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfls.engine import discovery
from dfls.engine.discovery import ExcludeSet, compile_pattern, is_dockerfile_name
from tests.cli.conftest import Dfls, write


@pytest.mark.parametrize(
    "name",
    [
        "Dockerfile",
        "Dockerfile.dev",
        "Dockerfile.multi.stage",
        "app.Dockerfile",
        "app.dockerfile",
        "Containerfile",
        "Containerfile.arm64",
    ],
)
def test_dockerfile_names(name: str) -> None:
    assert is_dockerfile_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "Dockerfile.dockerignore",
        "app.Dockerfile.dockerignore",
        ".dockerignore",
        "dockerfile",
        "Dockerfiles",
        "README.md",
        "docker-compose.yml",
        "MyDockerfile",
        "Dockerfile.gz",
        "Dockerfile.tar.gz",
        "Dockerfile.md",
        "Dockerfile.orig",
        "Dockerfile.bak",
        "Dockerfile.dev.BAK",
        "Dockerfile~",
        "Dockerfile.dev~",
        "Dockerfile.swp",
        "Dockerfile.rej",
        "Dockerfile.patch",
        "Containerfile.zip",
        "Containerfile.containerignore",
    ],
)
def test_not_dockerfile_names(name: str) -> None:
    assert not is_dockerfile_name(name)


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("vendor", "vendor", True),
        ("vendor", "a/b/vendor", True),
        ("vendor", "vendors", False),
        ("/vendor", "vendor", True),
        ("/vendor", "a/vendor", False),
        ("a/*/Dockerfile", "a/b/Dockerfile", True),
        ("a/*/Dockerfile", "a/b/c/Dockerfile", False),
        ("a/**/Dockerfile", "a/b/c/Dockerfile", True),
        ("a/**/Dockerfile", "a/Dockerfile", True),
        ("**/test/**", "x/test/y/Dockerfile", True),
        ("*.dev", "x/Dockerfile.dev", True),
        ("Dockerfile.[ab]", "Dockerfile.a", True),
        ("Dockerfile.[!ab]", "Dockerfile.a", False),
        ("Dockerfile.?", "Dockerfile.c", True),
        ("docs/", "docs", True),
    ],
)
def test_patterns(pattern: str, path: str, matches: bool) -> None:
    compiled = compile_pattern(pattern)
    assert compiled is not None
    assert bool(compiled.regex.fullmatch(path)) is matches


def test_comments_and_blanks_are_not_patterns() -> None:
    assert compile_pattern("# x") is None
    assert compile_pattern("  ") is None
    assert compile_pattern("/") is None


def test_directory_only_and_negation(tmp_path: Path) -> None:
    rules = ExcludeSet(tmp_path, ("build/", "*.dev", "!keep.dev"))
    assert rules.excludes(tmp_path / "build", is_dir=True)
    assert not rules.excludes(tmp_path / "build", is_dir=False)
    assert rules.excludes(tmp_path / "Dockerfile.dev", is_dir=False)
    assert not rules.excludes(tmp_path / "keep.dev", is_dir=False)
    assert not rules.excludes(tmp_path.parent / "x.dev", is_dir=False)  # outside the base


def test_search_finds_dockerfiles_and_skips_vcs_and_deps(project: Path, dfls: Dfls) -> None:
    for name in (
        "Dockerfile",
        "svc/Dockerfile.prod",
        "svc/api.Dockerfile",
        "svc/api.Dockerfile.dockerignore",
        "img/Containerfile",
        ".git/Dockerfile",
        "node_modules/pkg/Dockerfile",
        ".venv/Dockerfile",
        "docs/readme.md",
    ):
        write(project / name, "FROM python\n")
    run = dfls("check", "--select", "DF101", "-q")
    files = [line.split(":")[0] for line in run.out.splitlines()]
    assert files == ["Dockerfile", "img/Containerfile", "svc/Dockerfile.prod", "svc/api.Dockerfile"]


def test_explicit_files_are_checked_whatever_their_name(project: Path, dfls: Dfls) -> None:
    write(project / "build.txt", "FROM python\n")
    run = dfls("check", "--select", "DF101", "-q", "build.txt", "build.txt", "./build.txt")
    assert run.out.count("build.txt:1:6: DF101") == 1  # the same file once


def test_config_excludes_are_relative_to_the_config(project: Path, dfls: Dfls) -> None:
    write(project / ".dfls.toml", 'exclude = ["vendor", "/legacy/", "*.dev"]\n')
    for name in (
        "Dockerfile",
        "vendor/Dockerfile",
        "a/vendor/x/Dockerfile",
        "legacy/Dockerfile",
        "a/legacy/Dockerfile",
        "Dockerfile.dev",
    ):
        write(project / name, "FROM python\n")
    run = dfls("check", "--select", "DF101", "-q")
    files = [line.split(":")[0] for line in run.out.splitlines()]
    assert files == ["Dockerfile", "a/legacy/Dockerfile"]
    # Named on the command line: checked, unless --force-exclude (for pre-commit).
    assert dfls("check", "--select", "DF101", "-q", "vendor/Dockerfile").out
    forced = dfls("check", "--select", "DF101", "-q", "--force-exclude", "vendor/Dockerfile")
    assert (forced.code, forced.out) == (0, "")
    forced_in_dir = dfls(
        "check", "--select", "DF101", "-q", "--force-exclude", "a/vendor/x/Dockerfile"
    )
    assert forced_in_dir.out == ""


def test_walk_reports_missing_roots(tmp_path: Path) -> None:
    found = list(discovery.walk([tmp_path / "nope"], lambda directory: None))
    assert found == [(tmp_path / "nope", "No such file or directory")]


def test_readme_exclude_example(project: Path, dfls: Dfls) -> None:
    write(
        project / ".dfls.toml",
        'exclude = ["vendor/", "**/testdata/**", "Dockerfile.*", "!Dockerfile.prod"]\n',
    )
    for name in (
        "Dockerfile",
        "Dockerfile.dev",
        "Dockerfile.prod",
        "vendor/Dockerfile",
        "pkg/testdata/x/Dockerfile",
        "pkg/Dockerfile",
    ):
        write(project / name, "FROM python\n")
    run = dfls("check", "--select", "DF101", "-q")
    files = [line.split(":")[0] for line in run.out.splitlines()]
    assert files == ["Dockerfile", "Dockerfile.prod", "pkg/Dockerfile"]


def test_search_skips_non_dockerfile_suffixes(project: Path, dfls: Dfls) -> None:
    """Regression: a Dockerfile.gz made the whole run exit 2; backups were linted."""
    write(project / "Dockerfile", "FROM python\n")
    (project / "Dockerfile.gz").write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")
    for name in ("Dockerfile.md", "Dockerfile.orig", "Dockerfile.bak", "Dockerfile~", "x.swp"):
        write(project / name, "FROM python\n")
    write(project / "Dockerfile.swp", "FROM python\n")
    run = dfls("check", "--select", "DF101", "-q")
    assert run.code == 1
    assert [line.split(":")[0] for line in run.out.splitlines()] == ["Dockerfile"]
    assert run.err == ""
    # Named on the command line, such a file is still linted.
    named = dfls("check", "--select", "DF101", "-q", "Dockerfile.bak")
    assert named.out.startswith("Dockerfile.bak:1:6: DF101")


def test_binary_file_found_by_a_search_is_skipped(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", "FROM python:3.12-slim\n")
    (project / "Dockerfile.bin").write_bytes(b"\x00\x01binary\x00")
    run = dfls("check", "--select", "DF101")
    assert run.code == 0, run.err
    assert "dfls: Dockerfile.bin: skipped: looks like a binary file" in run.err
    assert run.out == "No problems found in 1 file.\n"
    # Named explicitly, it is still an error (exit 2).
    named = dfls("check", "Dockerfile.bin")
    assert named.code == 2
    assert named.err.startswith("dfls: Dockerfile.bin: looks like a binary file")
