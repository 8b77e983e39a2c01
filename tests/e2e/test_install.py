"""dfls installed the ways the README says, as a user would: an sdist and a wheel built with
the standard front end (`python -m build`, which builds the wheel from the sdist), the wheel
in a fresh virtualenv running `dfls check` and `dfls server`, and `pipx install` / `uv tool
install` from the clone and from the wheel.

These need the package index, as installing dfls does (the dependencies come from it).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import dfls
from tests.conftest import require_tool
from tests.e2e.rawlsp import stdio_server

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / ".ci" / "constraints.txt"
FLAGGED = "FROM python:latest\n"  # DF101 (and DF501): exit status 1
CLEAN = 'FROM python:3.12-slim\nUSER 1000\nCMD ["python", "app.py"]\n'


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path


def _run(argv: Sequence[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a command outside the test's virtualenv (no VIRTUAL_ENV, no PYTHONPATH)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (
        f"{result.args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """`python -m build` of this checkout: the sdist, and the wheel built from it."""
    if importlib.util.find_spec("build") is None:
        require_tool("build", "the `build` package is not installed (.ci/setup --dev)")
    out = tmp_path_factory.mktemp("dist")
    _ok(_run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=out))
    version = dfls.__version__
    return Dist(out / f"dfls-{version}.tar.gz", out / f"dfls-{version}-py3-none-any.whl")


@pytest.fixture(scope="module")
def venv(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel (and its dependencies from the index) installed."""
    home = tmp_path_factory.mktemp("venv")
    _ok(_run([sys.executable, "-m", "venv", home / "venv"], cwd=home))
    python = home / "venv" / "bin" / "python"
    _ok(_run([python, "-m", "pip", "install", "--quiet", "-c", CONSTRAINTS, dist.wheel], cwd=home))
    return home / "venv"


def _git_files(*options: str) -> list[str]:
    return _ok(_run(["git", "ls-files", *options], cwd=ROOT)).splitlines()


def _tracked(under: str) -> set[str]:
    return set(_git_files("--", under))


def test_sdist_holds_the_sources_and_none_of_the_build_leftovers(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as archive:
        prefix = f"dfls-{dfls.__version__}/"
        names = {m.name.removeprefix(prefix) for m in archive.getmembers() if m.isfile()}
    needed = {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "PKG-INFO"}
    assert needed <= names
    assert _tracked("dfls") <= names, "every tracked file of the package"
    assert _tracked("tests") - names == set(), "the tests, to test an unpacked sdist"
    # Nothing git ignores: hatchling reads only the root .gitignore, git every one of them
    # (editors/vscode/out/ and bundled/libs/ are ignored by editors/vscode/.gitignore).
    project = set(_git_files("--cached", "--others", "--exclude-standard"))
    assert names - project == {"PKG-INFO"}


def test_wheel_holds_the_package_and_its_metadata(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as archive:
        names = set(archive.namelist())
        info = f"dfls-{dfls.__version__}.dist-info/"
        metadata = archive.read(info + "METADATA").decode()
        entry_points = archive.read(info + "entry_points.txt").decode()
    assert _tracked("dfls") <= names
    assert all(name.startswith(("dfls/", info)) for name in names), sorted(names)
    assert "dfls = dfls.cli.main:main" in entry_points
    assert f"Version: {dfls.__version__}" in metadata.splitlines()
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    prefix = "Requires-Dist: "
    shipped = {
        Requirement(line.removeprefix(prefix))
        for line in metadata.splitlines()
        if line.startswith(prefix)
    }
    assert {Requirement(d) for d in declared} <= shipped


def test_wheel_in_a_fresh_venv_checks_dockerfiles(venv: Path, tmp_path: Path) -> None:
    dfls_bin = venv / "bin" / "dfls"
    where = _ok(
        _run([venv / "bin" / "python", "-c", "import dfls; print(dfls.__file__)"], tmp_path)
    )
    assert Path(where.strip()).is_relative_to(venv), "dfls comes from the wheel, not the checkout"
    assert _ok(_run([dfls_bin, "--version"], tmp_path)).strip() == f"dfls {dfls.__version__}"
    (tmp_path / "Dockerfile").write_text(FLAGGED, encoding="utf-8")
    (tmp_path / "clean" / "Dockerfile").parent.mkdir()
    (tmp_path / "clean" / "Dockerfile").write_text(CLEAN, encoding="utf-8")
    flagged = _run([dfls_bin, "check", "Dockerfile"], tmp_path)
    assert flagged.returncode == 1, flagged.stderr
    assert "Dockerfile:1:6: DF101" in flagged.stdout
    clean = _run([dfls_bin, "check", "clean/Dockerfile"], tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    rule = _ok(_run([dfls_bin, "rule", "DF101"], tmp_path))
    assert "image-tag" in rule


async def test_wheel_in_a_fresh_venv_serves_lsp(venv: Path, tmp_path: Path) -> None:
    """Initialize, diagnostics and a hover: the hover needs pygls and lsprotocol, which the
    server loads only after the first diagnostics, so a missing dependency shows there."""
    uri = (tmp_path / "Dockerfile").as_uri()
    async with stdio_server(command=[str(venv / "bin" / "dfls"), "server"]) as server:
        client = server.client
        answer = await client.initialize({}, rootUri=tmp_path.as_uri())
        assert answer["result"]["serverInfo"] == {"name": "dfls", "version": dfls.__version__}
        await client.open(uri, FLAGGED)
        diagnostics = await client.diagnostics(uri, 1)
        df101 = next(d for d in diagnostics if d["code"] == "DF101")
        position = df101["range"]["start"]
        hover = await client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
        )
        assert "image-tag" in str(hover.get("result")), hover
        await client.shutdown_and_exit()
    assert await server.exit_code() == 0
    assert b"Traceback" not in server.stderr, server.stderr.decode()


def _installer(name: str) -> list[str]:
    if importlib.util.find_spec(name) is None:
        require_tool(name, f"the `{name}` package is not installed (.ci/setup --dev)")
    return [sys.executable, "-m", name]


@pytest.mark.parametrize("installer", ["pipx", "uv"])
@pytest.mark.parametrize("source", ["clone", "wheel"])
def test_pipx_and_uv_tool_install(installer: str, source: str, dist: Dist, tmp_path: Path) -> None:
    """`pipx install /path/to/dfls` and `uv tool install /path/to/dfls` (README, Install),
    and the same from the wheel; each puts a working `dfls` in its bin directory."""
    bin_dir = tmp_path / "bin"
    what = str(ROOT if source == "clone" else dist.wheel)
    if installer == "pipx":
        env = {"PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(bin_dir)}
        argv = [*_installer("pipx"), "install", what]
    else:
        env = {"UV_TOOL_DIR": str(tmp_path / "uv"), "UV_TOOL_BIN_DIR": str(bin_dir)}
        # The Python to use; left to itself, uv may download one.
        argv = [*_installer("uv"), "tool", "install", "--python", sys.executable, what]
    _ok(_run(argv, cwd=tmp_path, **env))
    dfls_bin = bin_dir / "dfls"
    assert _ok(_run([dfls_bin, "--version"], tmp_path)).strip() == f"dfls {dfls.__version__}"
    (tmp_path / "Dockerfile").write_text(FLAGGED, encoding="utf-8")
    assert "DF101" in _run([dfls_bin, "check", "Dockerfile"], tmp_path).stdout
