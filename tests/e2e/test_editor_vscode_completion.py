"""Completion in real VS Code (code-server in Chromium, the extension from the .vsix running
the checkout's dfls): type ``COPY --from=`` and accept a stage; parameter hints; a snippet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.editors import dfls_executable, isolated_env, need, run, which
from tests.e2e.test_editor_vscode import (
    CHROMIUM,
    CODE_SERVER,
    TOOLS,
    USER_SETTINGS,
    VSIX,
    _free_port,
)

pytestmark = pytest.mark.e2e

TEXT = "FROM golang:1.24 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.20\n"


def test_vscode_copy_from_accepts_a_stage(tmp_path: Path) -> None:
    node = which("node")
    need(node, "node", "Node.js is not on PATH")
    need(CODE_SERVER.exists(), "code-server", f"no code-server at {CODE_SERVER}")
    need(CHROMIUM.exists(), "chromium", "Debian's chromium is not installed")
    need(VSIX.exists(), "dfls.vsix", f"the extension is not built at {VSIX}")
    assert node is not None
    dfls = dfls_executable()
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "Dockerfile").write_text(TEXT, encoding="utf-8")
    state = tmp_path / "state"
    (state / "user-data" / "User").mkdir(parents=True)
    # The checkout's dfls (not the one bundled in the .vsix): what is tested is this code.
    settings = {**USER_SETTINGS, "dfls.server.path": str(dfls)}
    (state / "user-data" / "User" / "settings.json").write_text(json.dumps(settings))
    env = isolated_env(
        tmp_path / "home",
        XDG_CONFIG_HOME=str(state / "xdg-config"),
        XDG_DATA_HOME=str(state / "xdg-data"),
        VSCODE_CLI="1",
    )
    install = run(
        [
            CODE_SERVER,
            *("--user-data-dir", state / "user-data"),
            *("--extensions-dir", state / "extensions"),
            *("--install-extension", VSIX),
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
    result = run([str(node), TOOLS / "completion.js"], env, cwd=TOOLS, timeout=180)
    report: dict[str, Any] = (
        json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    )
    shot = state / ("completion-pass.png" if report.get("ok") else "completion-fail.png")
    context = f"{result.output()}\n--- report\n{json.dumps(report, indent=1)}\n--- {shot}"
    assert result.returncode == 0 and report.get("ok"), context

    assert report["stage_suggestion"].startswith("build"), context
    assert report["from_line"] == "COPY --from=build", context
    assert "COPY [--from=<stage>]" in report["signature"], context
    assert report["signature_active"] == "<src>...", context
    assert report["cmd_suggestion"].startswith("CMD"), context
    assert json.loads(report["cmd_line"][len("CMD ") :]) == ["executable", "arg"], context
    print(f"vscode completion: {result.seconds:.1f}s; steps {report['steps']}")
