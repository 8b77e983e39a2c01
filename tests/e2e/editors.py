"""Shared helpers for the real-editor end-to-end tests (tests/e2e/test_editor_*.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
E2E = Path(__file__).resolve().parent
EDITORS = ROOT / "editors"
VENV_BIN = Path(sys.executable).parent
SETUP_HINT = "run .ci/setup-editors"

# The file every editor test opens: DF101 on line 0; DF401 (with an unsafe quick fix to exec
# form) on line 2, which has 2-, 3- and 4-byte UTF-8 characters before its end, so UTF-8,
# UTF-16 and code-point columns all differ there.
DOCKERFILE = "FROM python:latest\nWORKDIR /app\nCMD python café.py ☕ 🐳 x\n"
CMD_LINE = 2
CMD_ARGV = ["python", "café.py", "☕", "🐳", "x"]


def need(present: object, name: str, reason: str) -> None:
    """Continue when ``present``; else skip, or fail under DFLS_REQUIRE_ALL_TOOLS=1 (CI)."""
    if not present:
        require_tool(name, f"{reason} ({SETUP_HINT})")


def dfls_executable() -> Path:
    """The `dfls` console script of the interpreter running the tests."""
    path = VENV_BIN / "dfls"
    need(path.exists(), "dfls", f"no console script at {path}")
    return path


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for an editor: `dfls` first on PATH, HOME and XDG dirs under ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NVIM", "VIM", "EMACS"))}
    env.update(
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    env.update(extra)
    return env


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def output(self) -> str:
        return f"exit {self.returncode} after {self.seconds:.1f}s\n--- stdout\n{self.stdout[-4000:]}\n--- stderr\n{self.stderr[-4000:]}"


def run(argv: Sequence[str | Path], env: Mapping[str, str], cwd: Path, timeout: float = 120) -> Run:
    """Run an editor to completion; it must exit by itself (each script has its own timeouts)."""
    start = time.monotonic()
    try:
        proc = subprocess.run(
            [str(a) for a in argv],
            env=dict(env),
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as error:
        out = error.stdout.decode() if isinstance(error.stdout, bytes) else (error.stdout or "")
        err = error.stderr.decode() if isinstance(error.stderr, bytes) else (error.stderr or "")
        return Run(-1, out, err + f"\n(killed after {timeout}s)", time.monotonic() - start)
    return Run(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)


def which(name: str) -> str | None:
    return shutil.which(name)


def snippet(name: str) -> str:
    """The code block after ``<!-- snippet: NAME -->`` in editors/README.md."""
    text = (EDITORS / "README.md").read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- snippet: {re.escape(name)} -->\n```[a-z]*\n(.*?)\n```", text, flags=re.DOTALL
    )
    assert match, f"no snippet {name!r} in editors/README.md"
    return match.group(1) + "\n"


def server_log(path: Path) -> str:
    """The tail of the server's --log-file, for failure messages."""
    try:
        return "\n--- server log\n" + path.read_text(encoding="utf-8", errors="replace")[-4000:]
    except OSError:
        return "\n--- no server log"


@dataclass(frozen=True)
class Scene:
    """A workspace holding the test Dockerfile, and where the editor script reports."""

    workspace: Path
    dockerfile: Path
    report_path: Path
    env: dict[str, str]

    def outcome(self, result: Run, extra: str = "") -> tuple[dict[str, Any], str]:
        """The editor script's JSON report, and a context string for assertion messages."""
        report: dict[str, Any] = (
            json.loads(self.report_path.read_text(encoding="utf-8"))
            if self.report_path.exists()
            else {}
        )
        dumped = json.dumps(report, indent=1, ensure_ascii=False)
        return report, f"{result.output()}\n--- report\n{dumped}{extra}"


def scene(
    tmp_path: Path,
    text: str = DOCKERFILE,
    snippet_name: str | None = None,
    snippet_file: str = "snippet",
    **extra_env: str,
) -> Scene:
    """Write the Dockerfile (and the README snippet the editor loads) and the environment
    that tells the editor script where they are and where to write its report."""
    workspace = tmp_path / "ws"
    workspace.mkdir()
    dockerfile = workspace / "Dockerfile"
    dockerfile.write_text(text, encoding="utf-8")
    report_path = tmp_path / "report.json"
    if snippet_name is not None:
        config = tmp_path / snippet_file
        config.write_text(snippet(snippet_name), encoding="utf-8")
        extra_env["DFLS_E2E_SNIPPET"] = str(config)
    env = isolated_env(
        tmp_path / "home",
        DFLS_E2E_FILE=str(dockerfile),
        DFLS_E2E_REPORT=str(report_path),
        **extra_env,
    )
    return Scene(workspace, dockerfile, report_path, env)
