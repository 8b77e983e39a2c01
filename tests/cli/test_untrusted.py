"""``dfls check`` on a repository someone else wrote: hostile config files, FIFOs and
devices where Dockerfiles should be, symlinks out of the checked tree, hard links.

Tests that could hang before their fix run the CLI in a subprocess with a generous timeout
(a hang guard only; nothing here measures speed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import TEXT, TWO, Dfls, write

GUARD = 60
"""Seconds: far more than any of these runs takes, so only a hang trips it."""

NESTED = "x = " + "[" * 5000 + "]" * 5000 + "\n"


def _cli(
    *argv: str, cwd: Path, stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dfls", *argv],
        cwd=cwd,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=False,
    )


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ('exclude = ["[z-a]"]\n', "exclude: unusable pattern '[z-a]': bad character class"),
        (f'exclude = ["{"a" * 2000}"]\n', "characters long (at most 1,000)"),
        (NESTED, "invalid TOML: values nested too deeply"),
        ("[severity]\nDF101 = " + "[" * 400 + "]" * 400 + "\n", "DF101: [[[...]]] is not one of"),
        ("[rules.DF101]\nstrictness = " + "[" * 400 + "]" * 400 + "\n", "got [[[...]]]"),
    ],
)
def test_bad_config_is_exit_2_with_the_file_named(
    project: Path, dfls: Dfls, config: str, said: str
) -> None:
    write(project / ".dfls.toml", config)
    write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO)
    assert run.code == 2
    assert f"config error: {project / '.dfls.toml'}" in run.err
    assert said in run.err
    assert "Traceback" not in run.err
    assert len(run.err) < 600  # a deep value is not printed in full
    assert "DF101" in run.out  # the run still completes, with the defaults


def test_fifo_named_on_the_command_line_is_an_error_not_a_hang(project: Path) -> None:
    os.mkfifo(project / "Dockerfile")
    run = _cli("check", "Dockerfile", cwd=project)
    assert run.returncode == 2
    assert "Dockerfile: is a named pipe (FIFO), not a regular file" in run.stderr


def test_fifo_found_by_a_search_is_skipped(project: Path) -> None:
    os.mkfifo(project / "Dockerfile")
    write(project / "app" / "Dockerfile", TEXT)
    run = _cli("check", *TWO, ".", cwd=project)
    assert run.returncode == 1
    assert "Dockerfile: skipped: is a named pipe (FIFO)" in run.stderr
    assert "app/Dockerfile:1:6: DF101" in run.stdout


@pytest.mark.parametrize("name", [".dockerignore", "Dockerfile.dockerignore", ".dfls.toml"])
def test_fifo_beside_the_dockerfile_does_not_block(project: Path, name: str) -> None:
    write(project / "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\n")
    os.mkfifo(project / name)
    run = _cli("check", "--select", "DF301,DF302", "Dockerfile", cwd=project)
    assert run.returncode in (0, 1), run.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_is_refused_before_reading(project: Path) -> None:
    run = _cli("check", "/dev/zero", cwd=project)
    assert run.returncode == 2
    assert "/dev/zero: is a device, not a regular file" in run.stderr
    with open("/dev/zero", "rb") as zero:
        run = _cli("check", "-", cwd=project, stdin=zero.fileno())
    assert run.returncode == 2
    assert "dfls checks files up to" in run.stderr


def test_directory_named_on_the_command_line_is_searched(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile" / "Dockerfile", TEXT)
    assert "Dockerfile/Dockerfile:1:6: DF101" in dfls("check", *TWO, "Dockerfile").out


def test_search_does_not_follow_a_symlink_out_of_the_tree(project: Path, dfls: Dfls) -> None:
    outside = write(project / "outside" / "passwd", "root:x:0:0:root:/root:/bin/bash\n")
    (project / "repo").mkdir()
    (project / "repo" / "Dockerfile").symlink_to(outside)
    (project / "repo" / "Dockerfile.dev").symlink_to("/dev/zero")
    write(project / "repo" / "app" / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "repo")
    assert run.code == 1
    assert "root:x" not in run.out
    assert "repo/app/Dockerfile:1:6: DF101" in run.out
    notes = [line for line in run.err.splitlines() if "not following symlinks" in line]
    assert notes == [
        f"dfls: note: not following symlinks out of the checked directory: repo/Dockerfile"
        f" -> {outside} and 1 more (name a file on the command line to check it)"
    ]
    assert "not following" not in dfls("check", *TWO, "--quiet", "repo").err


def test_symlinked_dockerfile_inside_the_tree_is_reported_once(project: Path, dfls: Dfls) -> None:
    write(project / "docker" / "Dockerfile", TEXT)
    (project / "Dockerfile").symlink_to("docker/Dockerfile")
    (project / "docker" / "Dockerfile.prod").symlink_to("Dockerfile")
    run = dfls("check", *TWO, "--format", "json", ".")
    files = {finding["file"] for finding in json.loads(run.out)}
    assert files == {"docker/Dockerfile"}
    assert "not following" not in run.err


def test_fix_never_writes_through_a_symlink_out_of_the_tree(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = write(project / "outside" / "Dockerfile", TEXT)
    repo = project / "repo"
    repo.mkdir()
    (repo / "Dockerfile").symlink_to(outside)
    monkeypatch.chdir(repo)
    run = dfls("check", *TWO, "--fix", "--unsafe-fixes", "Dockerfile")
    assert outside.read_text() == TEXT
    assert (
        f"Dockerfile: warning: fixes not written: Dockerfile leads to {outside}, outside"
        f" {repo}; dfls does not write through a symlink out of the checked directory"
    ) in run.err
    assert "DF401" in run.out  # still reported: nothing was fixed
    # Inside the tree, the link's target is fixed (and the link kept).
    write(repo / "sub" / "Dockerfile", TEXT)
    (repo / "Dockerfile.dev").symlink_to("sub/Dockerfile")
    dfls("check", *TWO, "--fix", "--unsafe-fixes", "Dockerfile.dev")
    assert (repo / "Dockerfile.dev").is_symlink()
    assert 'CMD ["python", "app.py"]' in (repo / "sub" / "Dockerfile").read_text()


def test_fix_keeps_hard_links(project: Path, dfls: Dfls) -> None:
    first = write(project / "Dockerfile", TEXT)
    second = project / "Dockerfile.copy"
    os.link(first, second)
    assert dfls("check", *TWO, "--fix", "--unsafe-fixes", "Dockerfile").code == 1
    assert os.path.samefile(first, second)
    assert 'CMD ["python", "app.py"]' in second.read_text()
    assert not list(project.glob(".*dfls-tmp"))


def test_config_discovery_stops_at_the_repository_root(project: Path, dfls: Dfls) -> None:
    write(project / ".dfls.toml", 'ignore = ["DF101"]\n')
    repo = project / "checkout"
    (repo / ".git").mkdir(parents=True)
    write(repo / "Dockerfile", TEXT)
    assert "DF101" in dfls("check", *TWO, "checkout").out
    write(repo / "pyproject.toml", "[tool.dfls]\nignore = ['DF401']\n")
    out = dfls("check", *TWO, "checkout").out
    assert "DF101" in out and "DF401" not in out
