"""dfls in real Vim + ALE (Ex mode), configured by the snippet in editors/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.editors import (
    CMD_LINE,
    E2E,
    dfls_executable,
    need,
    run,
    scene,
    which,
)

pytestmark = pytest.mark.e2e

ALE = Path("/usr/share/vim/vimfiles/pack/dist-bundle/opt/ale")
# ALE 3.3 takes LSP characters for byte columns without converting (it offers no
# positionEncodings, so the server speaks UTF-16): on a line with non-ASCII text before the
# range, its ranges and edits land off by the difference. So the fixed line is ASCII here;
# the multi-byte checks run in Neovim, Emacs and VS Code.
DOCKERFILE = "FROM python:latest\nWORKDIR /app\nCMD python app.py x\n"
CMD_ARGV = ["python", "app.py", "x"]


@pytest.mark.parametrize(
    "action_at",
    [
        "last",
        "word",
    ],
)
def test_vim_ale_diagnostics_hover_and_quick_fix(tmp_path: Path, action_at: str) -> None:
    vim = which("vim")
    need(vim, "vim", "Vim is not on PATH (Debian vim)")
    need(ALE.is_dir(), "vim-ale", f"ALE is not at {ALE} (Debian vim-ale)")
    dfls_executable()
    setup = scene(
        tmp_path,
        DOCKERFILE,
        snippet_name="vim-ale",
        snippet_file="dfls-ale.vim",
        DFLS_E2E_ACTION_AT=action_at,
    )
    argv = [str(vim), "-N", "-u", str(E2E / "vim" / "ale_e2e.vim"), "-i", "NONE", "-n", "-es"]
    result = run(argv, setup.env, cwd=setup.workspace)
    report, context = setup.outcome(result)
    assert result.returncode == 0 and report.get("ok"), context

    assert report["filetype"] == "dockerfile"
    by_code = {d["code"]: d for d in report["diagnostics"]}
    assert by_code["DF101"]["lnum"] == 1
    assert by_code["DF101"]["linter"] == "dfls"
    cmd_line = DOCKERFILE.splitlines()[CMD_LINE]
    df401 = by_code["DF401"]
    assert (df401["lnum"], df401["col"], df401["end_col"]) == (CMD_LINE + 1, 5, len(cmd_line))

    hover = "\n".join(report["hover"])
    assert "DF401" in hover and "shell-form-command" in hover, context

    assert "exec form" in report["code_action_prompt"]
    fixed = report["fixed_line"]
    assert fixed.startswith("CMD ["), context
    assert json.loads(fixed[len("CMD ") :]) == CMD_ARGV, context
    assert not any(d["code"] == "DF401" for d in report["diagnostics_after"])
    print(f"vim {report['vim']}: {result.seconds:.1f}s; steps {report['steps']}")
