"""The VS Code extension's own checks: `tsc --noEmit` (strict) and its `node --test` unit tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_tool

EXTENSION = Path(__file__).resolve().parent.parent / "editors" / "vscode"


def test_extension_typechecks_and_unit_tests_pass() -> None:
    npm = shutil.which("npm")
    if npm is None:
        require_tool("npm", "npm is not on PATH")
    if not (EXTENSION / "node_modules" / ".bin" / "tsc").exists():
        require_tool("tsc", "editors/vscode has no node_modules (run .ci/setup-editors)")
    assert npm is not None
    proc = subprocess.run(
        [npm, "test"], cwd=EXTENSION, capture_output=True, text=True, timeout=300, check=False
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert "# fail 0" in output and "# pass 0" not in output, output[-3000:]
