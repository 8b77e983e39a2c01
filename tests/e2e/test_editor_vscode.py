"""dfls in real VS Code: code-server with the extension from the built .vsix, in Chromium."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.editors import (
    CMD_ARGV,
    DOCKERFILE,
    E2E,
    EDITORS,
    dfls_executable,
    isolated_env,
    need,
    run,
    which,
)

pytestmark = pytest.mark.e2e

TOOLS = E2E / "vscode"
CODE_SERVER = TOOLS / "node_modules" / ".bin" / "code-server"
CHROMIUM = Path("/usr/bin/chromium")
VSIX = EDITORS / "vscode" / "dfls.vsix"
# DOCKERFILE plus a RUN with a safe fix (apt lists left in the layer) for "dfls: Fix All".
TEXT = DOCKERFILE + "RUN apt-get update && apt-get install -y curl\n"
USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "git.enabled": False,
    "editor.hover.delay": 100,
    "chat.disableAIFeatures": True,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_vscode_problems_hover_quick_fix_and_commands(tmp_path: Path) -> None:
    node = which("node")
    need(node, "node", "Node.js is not on PATH")
    need(CODE_SERVER.exists(), "code-server", f"no code-server at {CODE_SERVER}")
    need(CHROMIUM.exists(), "chromium", "Debian's chromium is not installed")
    need(VSIX.exists(), "dfls.vsix", f"the extension is not built at {VSIX}")
    dfls = dfls_executable()

    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "Dockerfile").write_text(TEXT, encoding="utf-8")
    (workspace / "Containerfile").write_text("FROM alpine\n", encoding="utf-8")
    state = tmp_path / "state"
    (state / "user-data" / "User").mkdir(parents=True)
    # code-server's extension host takes PATH from a login shell (/etc/profile resets it), so
    # the venv's dfls is named with dfls.server.path; the PATH lookup is unit-tested.
    # dfls.ignore checks that the extension's settings reach the server.
    settings = {**USER_SETTINGS, "dfls.server.path": str(dfls), "dfls.ignore": ["DF501"]}
    (state / "user-data" / "User" / "settings.json").write_text(json.dumps(settings))
    env = isolated_env(
        tmp_path / "home",
        XDG_CONFIG_HOME=str(state / "xdg-config"),
        XDG_DATA_HOME=str(state / "xdg-data"),
    )
    install = run(
        [
            CODE_SERVER,
            "--user-data-dir",
            state / "user-data",
            "--extensions-dir",
            state / "extensions",
            "--install-extension",
            VSIX,
        ],
        env,
        cwd=tmp_path,
    )
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
    result = run([str(node), TOOLS / "e2e.js"], env, cwd=TOOLS, timeout=240)
    report: dict[str, Any] = (
        json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    )
    shot = state / ("last-pass.png" if report.get("ok") else "last-fail.png")
    context = f"{result.output()}\n--- report\n{json.dumps(report, indent=1, ensure_ascii=False)}"
    context += f"\n--- screenshot: {shot}"
    assert result.returncode == 0 and report.get("ok"), context

    assert report["language"] == "Docker", context
    problems = " | ".join(report["problems"])
    assert "DF401" in problems and "DF101" in problems and "dfls" in problems, context
    assert "DF501" not in problems, context  # "dfls.ignore": ["DF501"]
    assert "shell-form-command" in report["hover"] and "What it does" in report["hover"], context
    assert any("Convert to exec form" in title for title in report["quick_fixes"]), context
    fixed = report["fixed_line"]
    assert json.loads(fixed[len("CMD ") :]) == CMD_ARGV, context
    assert "rm -rf /var/lib/apt/lists" in report["after_fix_all"], context
    containerfile = " | ".join(report["problems_with_containerfile"])
    assert "Containerfile" in containerfile and "`alpine` has no tag" in containerfile, context
    assert "pip install dfls" in report["notification"], context
    assert "/nonexistent/dfls" in report["output"], context
    print(
        f"code-server: {result.seconds:.1f}s (+{install.seconds:.1f}s install); {report['steps']}"
    )
