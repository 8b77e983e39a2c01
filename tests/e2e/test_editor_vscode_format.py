"""Format Document (Shift+Alt+F) in real VS Code: code-server with the extension from the
built .vsix, in Chromium; the saved file is what ``dfls format`` makes of it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.editors import dfls_executable, isolated_env, need, run, which
from tests.e2e.test_editor_neovim_format import UGLY, cli_format
from tests.e2e.test_editor_vscode import (
    CHROMIUM,
    CODE_SERVER,
    TOOLS,
    USER_SETTINGS,
    VSIX,
    _free_port,
)

pytestmark = pytest.mark.e2e


def test_vscode_format_document_matches_the_cli(tmp_path: Path) -> None:
    node = which("node")
    need(node, "node", "Node.js is not on PATH")
    need(CODE_SERVER.exists(), "code-server", f"no code-server at {CODE_SERVER}")
    need(CHROMIUM.exists(), "chromium", "Debian's chromium is not installed")
    need(VSIX.exists(), "dfls.vsix", f"the extension is not built at {VSIX}")
    assert node is not None
    dfls = dfls_executable()
    workspace = tmp_path / "ws"
    workspace.mkdir()
    dockerfile = workspace / "Dockerfile"
    dockerfile.write_text(UGLY, encoding="utf-8")
    (workspace / ".dfls.toml").write_text("[format]\nindent-width = 2\n", encoding="utf-8")
    state = tmp_path / "state"
    (state / "user-data" / "User").mkdir(parents=True)
    # The server is the checkout's dfls (the .vsix's bundled copy may predate it).
    settings = {**USER_SETTINGS, "dfls.server.path": str(dfls)}
    (state / "user-data" / "User" / "settings.json").write_text(json.dumps(settings))
    # Shift+Alt+F is Format Document on Windows and macOS; on Linux (the browser's platform
    # here) it is Ctrl+Shift+I: bind Shift+Alt+F too, as the users press it.
    binding = {"key": "shift+alt+f", "command": "editor.action.formatDocument"}
    (state / "user-data" / "User" / "keybindings.json").write_text(json.dumps([binding]))
    env = isolated_env(
        tmp_path / "home",
        XDG_CONFIG_HOME=str(state / "xdg-config"),
        XDG_DATA_HOME=str(state / "xdg-data"),
        PATH=os.pathsep.join([str(Path(node).parent), "/usr/bin", "/bin"]),
        VSCODE_CLI="1",
    )
    argv: list[str | Path] = [CODE_SERVER, "--user-data-dir", state / "user-data"]
    argv += ["--extensions-dir", state / "extensions", "--install-extension", VSIX]
    install = run(argv, env, cwd=tmp_path)
    assert install.returncode == 0 and "successfully installed" in install.stdout, install.output()

    report_path = tmp_path / "report.json"
    env.update(
        DFLS_E2E_WORKSPACE=str(workspace),
        DFLS_E2E_STATE=str(state),
        DFLS_E2E_REPORT=str(report_path),
        DFLS_E2E_PORT=str(_free_port()),
        DFLS_E2E_CODE_SERVER=str(CODE_SERVER),
        DFLS_E2E_CHROMIUM=str(CHROMIUM),
        NODE_PATH=str(TOOLS / "node_modules"),
    )
    result = run([str(node), TOOLS / "format.js"], env, cwd=TOOLS, timeout=180)
    report: dict[str, Any] = (
        json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    )
    context = f"{result.output()}\n--- report\n{json.dumps(report, indent=1)}"
    context += f"\n--- screenshot: {state / 'format-fail.png'}"
    assert result.returncode == 0 and report.get("ok"), context
    expected = cli_format(UGLY, workspace)
    assert expected != UGLY
    assert dockerfile.read_text(encoding="utf-8") == expected, context
