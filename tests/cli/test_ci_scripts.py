"""`.ci/setup` and `.ci/demo`, run in a sandbox with a fake virtualenv (no pip, no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent

FAKE_PYTHON = """#!/bin/sh
echo "python $*" >> "$LOG"
"""
FAKE_NPM = """#!/bin/sh
echo "npm $*" >> "$LOG"
"""
FAKE_DFLS = """#!/bin/sh
echo "dfls $*" >> "$LOG"
exit 1
"""


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    if shutil.which("bash") is None:  # pragma: no cover - bash is everywhere CI runs
        pytest.fail("bash is needed")
    (tmp_path / ".ci").mkdir()
    for name in ("setup", "demo", "constraints.txt"):
        shutil.copy2(ROOT / ".ci" / name, tmp_path / ".ci" / name)
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    fake_bin = tmp_path / "fake-bin"
    fake_bin.mkdir()
    (tmp_path / "tests" / "oracle").mkdir(parents=True)
    for path, text in (
        (bin_dir / "python", FAKE_PYTHON),
        (bin_dir / "dfls", FAKE_DFLS),
        (fake_bin / "npm", FAKE_NPM),
    ):
        path.write_text(text)
        path.chmod(0o755)
    return tmp_path


def _run(sandbox: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOG": str(sandbox / "log")}
    env["PATH"] = os.pathsep.join((str(sandbox / "fake-bin"), env.get("PATH", "")))
    return subprocess.run(argv, cwd=sandbox, env=env, capture_output=True, text=True, check=False)


def _log(sandbox: Path) -> list[str]:
    log = sandbox / "log"
    return log.read_text().splitlines() if log.exists() else []


def test_setup_stamps_are_per_mode(sandbox: Path) -> None:
    """Regression: the demo's runtime setup made the next `.ci/test` reinstall everything."""
    assert _run(sandbox, ".ci/setup").returncode == 0
    runtime = [line for line in _log(sandbox) if "-e ." in line]
    assert runtime == ["python -m pip install --quiet -e ."]
    assert _run(sandbox, ".ci/setup", "--dev").returncode == 0
    assert _run(sandbox, ".ci/setup").returncode == 0
    assert _run(sandbox, ".ci/setup", "--dev").returncode == 0
    installs = [line for line in _log(sandbox) if "-e ." in line]
    assert installs == [
        "python -m pip install --quiet -e .",
        "python -m pip install --quiet --constraint .ci/constraints.txt --group dev -e .",
    ]


def test_new_constraints_reinstall_the_dev_tools(sandbox: Path) -> None:
    assert _run(sandbox, ".ci/setup", "--dev").returncode == 0
    with (sandbox / ".ci" / "constraints.txt").open("a") as constraints:
        constraints.write("ruff==0.0.1\n")
    assert _run(sandbox, ".ci/setup", "--dev").returncode == 0
    assert len([line for line in _log(sandbox) if "--constraint" in line]) == 2


def test_dev_setup_satisfies_runtime(sandbox: Path) -> None:
    assert _run(sandbox, ".ci/setup", "--dev").returncode == 0
    assert _run(sandbox, ".ci/setup").returncode == 0
    assert len([line for line in _log(sandbox) if "-e ." in line]) == 1


def test_demo_checks_then_shows_the_diff(sandbox: Path) -> None:
    run = _run(sandbox, ".ci/demo")
    assert run.returncode == 0, run.stderr  # exit 1 from dfls means findings: expected
    calls = [line for line in _log(sandbox) if line.startswith("dfls ")]
    assert calls == [
        "dfls check docs/demo/Dockerfile",
        "dfls check --diff docs/demo/Dockerfile",
    ]
