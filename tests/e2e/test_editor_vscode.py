"""dfls in real VS Code: code-server with the extension from the built .vsix, in Chromium;
and the dfls bundled in the .vsix, run on a Python that has nothing installed."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import venv
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.editors import (
    CMD_ARGV,
    CMD_LINE,
    DOCKERFILE,
    E2E,
    EDITORS,
    ROOT,
    Run,
    dfls_executable,
    isolated_env,
    need,
    run,
    which,
)
from tests.e2e.rawlsp import RawClient
from tests.lsp.client import TIMEOUT

pytestmark = pytest.mark.e2e

TOOLS = E2E / "vscode"
CODE_SERVER = TOOLS / "node_modules" / ".bin" / "code-server"
CHROMIUM = Path("/usr/bin/chromium")
VSIX = EDITORS / "vscode" / "dfls.vsix"
BUNDLED = EDITORS / "vscode" / "bundled"
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


def _stale_files(bundled: dict[str, bytes]) -> list[str]:
    """The files of the checkout's dfls package that ``bundled`` (path -> bytes, paths
    relative to the package's parent) lacks or has with other contents, and extra ones."""
    checkout = {
        path.relative_to(ROOT).as_posix(): path.read_bytes()
        for path in (ROOT / "dfls").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    return sorted(
        name for name in checkout.keys() | bundled.keys() if checkout.get(name) != bundled.get(name)
    )


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _need_fresh_vsix() -> None:
    need(VSIX.exists(), "dfls.vsix", f"the extension is not built at {VSIX}")
    prefix = "extension/bundled/libs/"
    with zipfile.ZipFile(VSIX) as vsix:
        bundled = {
            name.removeprefix(prefix): vsix.read(name)
            for name in vsix.namelist()
            if name.startswith(prefix + "dfls/")
        }
    stale = _stale_files(bundled)
    need(
        not stale, "dfls.vsix", f"the dfls bundled in {VSIX} differs from the checkout: {stale[:5]}"
    )


def _python_without_dfls(tmp_path: Path) -> Path:
    """A fresh venv (3.11+, as the tests run on) with nothing installed: the bin directory."""
    env_dir = tmp_path / "plain-python"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    check = subprocess.run(
        [bin_dir / "python3", "-c", "import dfls"], capture_output=True, cwd=tmp_path, check=False
    )
    assert check.returncode != 0, "the fresh venv can import dfls"
    return bin_dir


def install_extension(tmp_path: Path, state: Path, env: dict[str, str]) -> Run:
    """Install the built .vsix into code-server's extensions directory under ``state``."""
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
    return install


def drive(
    script: str, tmp_path: Path, workspace: Path, state: Path, env: dict[str, str], **extra: str
) -> tuple[Run, dict[str, Any], str]:
    """Run a playwright script of tests/e2e/vscode/ on code-server; its outcome, its JSON
    report and a context string for assertion messages."""
    node = which("node")
    assert node is not None
    report_path = tmp_path / "report.json"
    env.update(
        DFLS_E2E_WORKSPACE=str(workspace),
        DFLS_E2E_STATE=str(state),
        DFLS_E2E_REPORT=str(report_path),
        DFLS_E2E_PORT=str(_free_port()),
        DFLS_E2E_CODE_SERVER=str(CODE_SERVER),
        DFLS_E2E_CHROMIUM=str(CHROMIUM),
        NODE_PATH=str(TOOLS / "node_modules"),
        **extra,
    )
    result = run([node, TOOLS / script], env, cwd=TOOLS, timeout=240)
    report: dict[str, Any] = (
        json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    )
    shot = state / ("last-pass.png" if report.get("ok") else "last-fail.png")
    context = f"{result.output()}\n--- report\n{json.dumps(report, indent=1, ensure_ascii=False)}"
    context += f"\n--- screenshot: {shot}"
    return result, report, context


def test_vscode_problems_hover_quick_fix_and_commands(tmp_path: Path) -> None:
    node = which("node")
    need(node, "node", "Node.js is not on PATH")
    need(CODE_SERVER.exists(), "code-server", f"no code-server at {CODE_SERVER}")
    need(CHROMIUM.exists(), "chromium", "Debian's chromium is not installed")
    _need_fresh_vsix()
    dfls = dfls_executable()
    assert node is not None
    plain_python = _python_without_dfls(tmp_path)
    # No dfls anywhere on the extension host's PATH: a python3 without it, node, the system.
    path = os.pathsep.join(
        dict.fromkeys([str(plain_python), str(Path(node).parent), "/usr/bin", "/bin"])
    )
    assert shutil.which("dfls", path=path) is None, path
    old_python = tmp_path / "old-python"
    old_python.write_text("#!/bin/sh\necho 3.8.10\n", encoding="utf-8")
    old_python.chmod(0o755)

    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "Dockerfile").write_text(TEXT, encoding="utf-8")
    (workspace / "Containerfile").write_text("FROM alpine\n", encoding="utf-8")
    state = tmp_path / "state"
    (state / "user-data" / "User").mkdir(parents=True)
    # No dfls.server.path: the extension runs the dfls bundled in the .vsix with the python3
    # it finds on PATH. dfls.ignore checks that the extension's settings reach the server.
    settings = {**USER_SETTINGS, "dfls.ignore": ["DF501"]}
    (state / "user-data" / "User" / "settings.json").write_text(json.dumps(settings))
    env = isolated_env(
        tmp_path / "home",
        XDG_CONFIG_HOME=str(state / "xdg-config"),
        XDG_DATA_HOME=str(state / "xdg-data"),
        PATH=path,
        # The extension host would take PATH from a login shell (/etc/profile resets it);
        # VSCODE_CLI=1 makes code-server skip that and pass on this environment's PATH.
        VSCODE_CLI="1",
    )
    install = install_extension(tmp_path, state, env)
    result, report, context = drive(
        "e2e.js",
        tmp_path,
        workspace,
        state,
        env,
        DFLS_E2E_DFLS=str(dfls),
        DFLS_E2E_OLD_PYTHON=str(old_python),
    )
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
    # The bundled dfls, on the venv's python3 found on PATH, in the installed extension.
    # (The output view wraps long lines: compare without whitespace.)
    bundled = _squeeze(report["output_bundled"])
    [launcher] = (state / "extensions").glob("dfls.dfls-*/bundled/tool/launch.py")
    assert _squeeze(f"{plain_python / 'python3'} -I -S {launcher} server --stdio") in bundled, (
        context
    )
    assert "(frombundled;Python3." in bundled and "fromPATH)" in bundled, context
    assert _squeeze(f"{dfls} server --stdio") in _squeeze(report["output_setting"]), context
    notification = report["notification"]
    assert '`dfls.server.path` ("/nonexistent/dfls") is not an executable file' in notification, (
        context
    )
    assert "bundled" in notification and "pip install" not in notification, context
    assert "/nonexistent/dfls" in report["output"], context
    python_notification = report["python_notification"]
    assert "dfls needs Python 3.11 or newer" in python_notification, context
    assert f"is Python 3.8.10 ({old_python})" in python_notification, context
    print(
        f"code-server: {result.seconds:.1f}s (+{install.seconds:.1f}s install); {report['steps']}"
    )


async def test_bundled_server_needs_nothing_installed(tmp_path: Path) -> None:
    """The .vsix's launcher, as the extension runs it (`python -I -S`): no site-packages, so
    dfls, pygls, lsprotocol, cattrs and attrs come from bundled/libs or nowhere."""
    launcher = BUNDLED / "tool" / "launch.py"
    libs = BUNDLED / "libs"
    need((libs / "dfls").is_dir(), "bundled/libs", f"the bundle is not built at {libs}")
    stale = _stale_files(
        {
            path.relative_to(libs).as_posix(): path.read_bytes()
            for path in (libs / "dfls").rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
    )
    need(not stale, "bundled/libs", f"the bundled dfls differs from the checkout: {stale[:5]}")
    bare = subprocess.run(
        [sys.executable, "-I", "-S", "-c", "import dfls"], capture_output=True, check=False
    )
    assert bare.returncode != 0, "python -I -S imports dfls without the bundle"

    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-I", "-S", str(launcher), "server", "--stdio"],
        cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    client = RawClient(process.stdout, process.stdin)
    try:
        uri = (tmp_path / "Dockerfile").as_uri()
        await client.initialize({"textDocument": {"hover": {"contentFormat": ["markdown"]}}})
        await client.open(uri, DOCKERFILE)
        codes = {d["code"] for d in await client.diagnostics(uri, 1)}
        assert {"DF101", "DF401"} <= codes, codes
        # Hover is served by pygls (loaded after the first diagnostics): the whole bundle works.
        hover = await client.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": CMD_LINE, "character": 6}},
        )
        assert "shell-form-command" in json.dumps(hover.get("result")), hover
        await client.shutdown_and_exit()
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await client.close()
    stderr = await process.stderr.read() if process.stderr else b""
    assert b"Traceback" not in stderr, stderr.decode(errors="replace")
