"""`npm ci` for the VS Code extension reviews every install script (regression: npm 11
warned that esbuild's and @vscode/vsce-sign's were "not yet covered by allowScripts").

``allowScripts`` in editors/vscode/package.json: esbuild's postinstall puts its native
binary in place (the build needs it); @vscode/vsce-sign's (the signing tool) and keytar's
(the credential store) matter only to `vsce publish`, and keytar's tries a download and a
native build, so neither runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_tool

EXTENSION = Path(__file__).resolve().parent.parent / "editors" / "vscode"


def test_every_install_script_in_the_lockfile_is_approved_or_denied() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((EXTENSION / "package-lock.json").read_text(encoding="utf-8"))
    scripted = {
        key.rsplit("node_modules/", 1)[-1]
        for key, entry in lock["packages"].items()
        if key and entry.get("hasInstallScript")
    }
    assert scripted, "the lockfile lists no install script: is this test still needed?"
    decided = manifest.get("allowScripts", {})
    assert scripted <= set(decided), f"not reviewed in allowScripts: {scripted - set(decided)}"
    assert decided["esbuild"] is True


def test_npm_reports_no_unreviewed_install_script() -> None:
    npm = shutil.which("npm")
    if npm is None:
        require_tool("npm", "npm is not on PATH")
    if not (EXTENSION / "node_modules").is_dir():
        require_tool("npm", "editors/vscode has no node_modules (run .ci/setup-editors)")
    assert npm is not None
    proc = subprocess.run(
        [npm, "install-scripts", "ls"],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0 and "Unknown command" in proc.stderr + proc.stdout:
        require_tool("npm", "this npm has no install-scripts command (npm 11.x)")
    assert proc.returncode == 0, proc.stderr
    assert "No packages with unreviewed install scripts" in proc.stdout, proc.stdout
