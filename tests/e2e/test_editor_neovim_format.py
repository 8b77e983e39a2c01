"""Format document in real Neovim 0.11 (headless), configured by the shipped editors/neovim
files: the saved file is what ``dfls format`` makes of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.editors import E2E, EDITORS, dfls_executable, need, run, scene
from tests.e2e.test_editor_neovim import NVIM, _nvim_version

pytestmark = pytest.mark.e2e

UGLY = (
    "from alpine:3.20   as build\n"
    "run  apk add --no-cache \\\n"
    "\t\tcurl \\\n"
    "# why git\n"
    "\t\tgit && rm -rf /tmp/*\n"
    "\n"
    "\n"
    "\n"
    'cmd ["sh","-c", "echo café ☕"]   \n'
)


def cli_format(text: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    done = subprocess.run(
        [sys.executable, "-m", "dfls", "format", "-", "--stdin-filename", "Dockerfile"],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        env=env,
        check=True,
    )
    return done.stdout.decode("utf-8")


def test_neovim_format_document_matches_the_cli(tmp_path: Path) -> None:
    need(_nvim_version().startswith("NVIM v0.11"), "nvim", "Neovim 0.11 is not in .venv")
    dfls_executable()
    setup = scene(tmp_path, text=UGLY)
    (setup.workspace / ".dfls.toml").write_text("[format]\nindent-width = 2\n")
    argv: list[str | Path] = [NVIM, "--headless", "-i", "NONE", "-n"]
    argv += ["-u", EDITORS / "neovim" / "init.lua"]
    argv += ["-c", f"luafile {E2E / 'neovim' / 'format.lua'}"]
    result = run(argv, setup.env, cwd=setup.workspace)
    report, context = setup.outcome(result)
    assert result.returncode == 0 and report.get("ok"), context
    assert report["supports_formatting"], context
    expected = cli_format(UGLY, setup.workspace)
    assert expected != UGLY
    assert setup.dockerfile.read_text(encoding="utf-8") == expected, context
    assert report["after"] == expected.splitlines(), context
    assert "  curl \\" in report["after"], context  # the workspace's .dfls.toml: width 2
    # Small edits: several changes to the buffer, not one whole replacement.
    assert report["changes"] >= 2, context
