"""The real console script in a subprocess, and what `dfls check` imports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import TEXT, write

pytestmark = pytest.mark.e2e


def _dfls() -> list[str]:
    script = shutil.which("dfls", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "dfls"]


def _run(*argv: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_dfls(), *argv],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        check=False,
    )


def test_console_script_exit_codes(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", TEXT)
    found = _run("check", "--select", "DF101", "-q", cwd=tmp_path)
    assert (found.returncode, found.stderr) == (1, "")
    assert found.stdout.startswith("Dockerfile:1:6: DF101 [warning]")
    assert _run("check", "--select", "DF101", "--fail-level", "none", cwd=tmp_path).returncode == 0
    usage = _run("check", "--bogus", cwd=tmp_path)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr
    missing = _run("check", "nope", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (2, "dfls: nope: No such file or directory\n")


def test_console_script_reads_stdin(tmp_path: Path) -> None:
    run = _run("check", "--select", "DF101", "-f", "json", "-", cwd=tmp_path, stdin=TEXT)
    assert run.returncode == 1
    assert [f["file"] for f in json.loads(run.stdout)] == ["-"]


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    for index in range(50):
        write(tmp_path / f"d{index}" / "Dockerfile", TEXT * 20)
    command = " ".join(_dfls()) + " check --select DF101 --jobs 1 | head -n 1"
    run = subprocess.run(
        ["sh", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert run.stdout.count("\n") == 1
    assert "Traceback" not in run.stderr
    assert "BrokenPipe" not in run.stderr


def test_check_never_imports_the_lsp_stack(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", TEXT)
    code = (
        "import sys\n"
        "import dfls.cli.main\n"
        "for fmt in ('text', 'json', 'sarif', 'github', 'gitlab', 'checkstyle'):\n"
        "    dfls.cli.main.main(['check', '-q', '--format', fmt, '--fix', '--diff'] if fmt == 'text'"
        " else ['check', '-q', '--format', fmt])\n"
        "dfls.cli.main.main(['rules', '--format', 'json'])\n"
        "dfls.cli.main.main(['rule', 'DF401'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs'))\n"
        "sys.stderr.write('LOADED:' + ','.join(bad))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.stderr.endswith("LOADED:"), run.stderr


def test_the_command_line_does_not_import_the_linter_until_a_command_needs_it() -> None:
    # `dfls server` answers `initialize` before the rules are needed (they are imported in
    # the background afterwards); parsing the command line must not import them.
    code = (
        "import sys\n"
        "import dfls.cli.main\n"
        "dfls.cli.main.build_parser().parse_args(['server'])\n"
        "heavy = ('dfls.cli.plan', 'dfls.cli.check_file', 'dfls.cli.pool', 'dfls.cli.results',"
        " 'dfls.cli.dockerignore', 'dfls.engine.linting', 'dfls.rules', 'dfls.model',"
        " 'dfls.engine.config')\n"
        "loaded = sorted(m for m in sys.modules if m in heavy)\n"
        "import importlib\n"
        "for name in heavy:\n"
        "    importlib.import_module(name)  # a renamed module would make this test vacuous\n"
        "sys.stderr.write('LOADED:' + ','.join(loaded))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.stderr.endswith("LOADED:"), run.stderr


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("latin-1", 'FROM alpine:3.20\nLABEL author="Jos\xe9"\nmaintainer x\n'.encode("latin-1")),
        ("utf-16", 'FROM alpine:3.20\nLABEL author="Jos\xe9"\nmaintainer x\n'.encode("utf-16")),
    ],
)
@pytest.mark.parametrize(
    "argv", [("format", "-"), ("check", "--fix", "--select", "DF601", "-q", "-")]
)
def test_stdin_is_answered_in_its_own_encoding(
    tmp_path: Path, encoding: str, data: bytes, argv: tuple[str, ...]
) -> None:
    """`format -` and `check --fix -` print the text in the encoding it came in, so a
    Latin-1 or UTF-16 LABEL keeps its bytes (written as UTF-8 it would change)."""
    run = subprocess.run(
        [*_dfls(), *argv],
        cwd=tmp_path,
        input=data,
        capture_output=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    text = run.stdout.decode(encoding)
    assert 'LABEL author="Jos\xe9"\n' in text
    assert text.startswith("FROM alpine:3.20\n")
    if encoding == "utf-16":
        assert run.stdout.startswith(("\ufeff".encode("utf-16-le"), "\ufeff".encode("utf-16-be")))
    if argv[0] == "format":
        assert "MAINTAINER x\n" in text
    else:
        assert "org.opencontainers.image.authors" in text
