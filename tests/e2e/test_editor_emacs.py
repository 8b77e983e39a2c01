"""dfls in real Emacs + eglot (batch mode), configured by the snippet in editors/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.editors import (
    CMD_ARGV,
    CMD_LINE,
    DOCKERFILE,
    E2E,
    dfls_executable,
    need,
    run,
    scene,
    which,
)

pytestmark = pytest.mark.e2e

EGLOT = Path("/usr/share/emacs/site-lisp/elpa-src")


def test_emacs_eglot_diagnostics_hover_and_quick_fix(tmp_path: Path) -> None:
    emacs = which("emacs")
    need(emacs, "emacs", "Emacs is not on PATH (Debian emacs-nox)")
    need(
        list(EGLOT.glob("eglot-*")) and list(EGLOT.glob("dockerfile-mode-*")),
        "eglot",
        "eglot or dockerfile-mode is missing (Debian elpa-eglot, elpa-dockerfile-mode)",
    )
    dfls_executable()
    setup = scene(tmp_path, snippet_name="emacs-eglot", snippet_file="dfls-eglot.el")
    argv = [str(emacs), "--batch", "-l", str(E2E / "emacs" / "eglot-e2e.el")]
    result = run(argv, setup.env, cwd=setup.workspace)
    report, context = setup.outcome(result)
    assert result.returncode == 0 and report.get("ok"), context

    assert report["major_mode"] == "dockerfile-mode"
    assert report["server_command"][1:] == ["server"], context
    assert report["server_info"] == "dfls"

    by_code = {d["code"]: d for d in report["diagnostics"]}
    cmd_line = DOCKERFILE.splitlines()[CMD_LINE]
    df401 = by_code["DF401"]
    assert by_code["DF101"]["line"] == 0
    assert by_code["DF101"]["source"] == "dfls"
    # Eglot sends UTF-16 columns; flymake's region must end exactly at the end of the line.
    assert (df401["line"], df401["beg_col"], df401["end_col"]) == (CMD_LINE, 4, len(cmd_line))

    # Eglot 1.9 asks for plain text hover (markdown only with markdown-mode installed).
    assert "DF401" in report["hover"] and "shell-form-command" in report["hover"], context

    fixed = report["fixed_line"]
    assert fixed.startswith("CMD ["), context
    assert json.loads(fixed[len("CMD ") :]) == CMD_ARGV, context
    assert not any(d["code"] == "DF401" for d in report["diagnostics_after"])
    print(f"emacs {report['emacs']}: {result.seconds:.1f}s; steps {report['steps']}")
