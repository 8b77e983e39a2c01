"""Definition, references and rename (F2) in real VS Code: code-server with the extension
from the built .vsix, in Chromium, running the checkout's dfls (``dfls.server.path``); the
saved file is checked byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.editors import dfls_executable, isolated_env, need, which
from tests.e2e.test_editor_neovim_navigation import TEXT
from tests.e2e.test_editor_vscode import (
    CHROMIUM,
    CODE_SERVER,
    USER_SETTINGS,
    VSIX,
    drive,
    install_extension,
)

pytestmark = pytest.mark.e2e


def test_vscode_definition_references_and_rename(tmp_path: Path) -> None:
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
    dockerfile.write_text(TEXT, encoding="utf-8")
    state = tmp_path / "state"
    (state / "user-data" / "User").mkdir(parents=True)
    settings = {**USER_SETTINGS, "dfls.server.path": str(dfls)}
    (state / "user-data" / "User" / "settings.json").write_text(json.dumps(settings))
    env = isolated_env(
        tmp_path / "home",
        XDG_CONFIG_HOME=str(state / "xdg-config"),
        XDG_DATA_HOME=str(state / "xdg-data"),
        VSCODE_CLI="1",
    )
    install_extension(tmp_path, state, env)
    result, report, context = drive("navigation.js", tmp_path, workspace, state, env)
    assert result.returncode == 0 and report.get("ok"), context

    assert report["definition"].startswith("Ln 2, Col 17"), context  # the AS name
    assert "References (4)" in report["references_title"], context
    assert "not a valid stage name" in report["refusal"], context
    assert report["unchanged"], context
    assert report["rename_placeholders"][-2:] == ["build", "DIR"], context  # prepareRename
    expected = TEXT.replace("build", "compile")
    expected = expected.replace("ENV DIR=", "ENV ROOT=").replace(
        "$DIR > ${DIR:-/tmp}", "$ROOT > ${ROOT:-/tmp}"
    )
    assert dockerfile.read_bytes() == expected.encode("utf-8"), context
    print(f"code-server navigation: {result.seconds:.1f}s; {report['steps']}")
