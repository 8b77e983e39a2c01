"""`dfls check --fix` and `--diff`: atomic, mode-preserving, idempotent, honest reports."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dfls.cli import writing
from tests.cli.conftest import TEXT, TWO, Dfls, write

FIXED = 'FROM python\nCMD ["python", "app.py"]\n'


def test_fix_applies_safe_fixes_only_by_default(project: Path, dfls: Dfls) -> None:
    path = write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "--fix")
    assert run.code == 1
    assert path.read_text() == TEXT  # DF401's fix is unsafe
    assert run.out.endswith(
        "No fixes applied; 2 remaining (2 warnings) in 1 file.\n"
        "[*] 1 more fixable with --unsafe-fixes.\n"
    )


def test_unsafe_fix_writes_and_reports(project: Path, dfls: Dfls) -> None:
    path = write(project / "Dockerfile", TEXT)
    path.chmod(0o640)
    run = dfls("check", *TWO, "--fix", "--unsafe-fixes")
    assert run.code == 1
    assert path.read_text() == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert run.out == (
        "Dockerfile:1:6: DF101 [warning] `python` has no tag, so it means `latest`: pin a version\n"
        "Dockerfile: fixed 1 problem (DF401)\n"
        "Fixed 1 problem; 1 remaining (1 warning) in 1 file.\n"
    )
    assert [p.name for p in project.iterdir()] == ["Dockerfile"]  # no temporary files left


def test_fix_is_idempotent(project: Path, dfls: Dfls) -> None:
    path = write(project / "Dockerfile", TEXT)
    dfls("check", *TWO, "--fix", "--unsafe-fixes")
    before = path.stat().st_mtime_ns
    again = dfls("check", *TWO, "--fix", "--unsafe-fixes")
    assert path.read_text() == FIXED
    assert path.stat().st_mtime_ns == before  # not even rewritten
    assert "No fixes applied; 1 remaining" in again.out


def test_unsafe_fixes_from_config(project: Path, dfls: Dfls) -> None:
    path = write(project / "Dockerfile", TEXT)
    write(project / ".dfls.toml", "unsafe-fixes = true\n")
    dfls("check", *TWO, "--fix")
    assert path.read_text() == FIXED


def test_fix_to_clean_exits_zero(project: Path, dfls: Dfls) -> None:
    path = write(project / "Dockerfile", "FROM python:3\nCMD python app.py\n")
    run = dfls("check", "--select", "DF401", "--fix", "--unsafe-fixes")
    assert run.code == 0
    assert path.read_text() == 'FROM python:3\nCMD ["python", "app.py"]\n'
    assert run.out.endswith("Fixed 1 problem; no problems remain in 1 file.\n")


def test_fix_keeps_crlf_and_latin1(project: Path, dfls: Dfls) -> None:
    path = project / "Dockerfile"
    path.write_bytes(b"# caf\xe9\r\nFROM python:3\r\nCMD python app.py\r\n")
    dfls("check", "--select", "DF401", "--fix", "--unsafe-fixes")
    assert path.read_bytes() == b'# caf\xe9\r\nFROM python:3\r\nCMD ["python", "app.py"]\r\n'


def test_fix_keeps_utf16_with_its_bom(project: Path, dfls: Dfls) -> None:
    path = project / "Dockerfile"
    path.write_bytes(b"\xff\xfe" + "FROM python:3\nCMD python app.py\n".encode("utf-16-le"))
    dfls("check", "--select", "DF401", "--fix", "--unsafe-fixes")
    expected = 'FROM python:3\nCMD ["python", "app.py"]\n'.encode("utf-16-le")
    assert path.read_bytes() == b"\xff\xfe" + expected


def test_fix_through_a_symlink_writes_the_target(project: Path, dfls: Dfls) -> None:
    target = write(project / "real" / "Dockerfile", TEXT)
    link = project / "Dockerfile"
    link.symlink_to(target)
    dfls("check", *TWO, "--fix", "--unsafe-fixes", "Dockerfile")
    assert link.is_symlink()
    assert target.read_text() == FIXED


def test_failed_write_leaves_the_file_intact(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(project / "Dockerfile", TEXT)

    def no_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_replace)
    run = dfls("check", *TWO, "--fix", "--unsafe-fixes")
    assert path.read_text() == TEXT
    assert [p.name for p in project.iterdir()] == ["Dockerfile"]
    assert run.err == "dfls: Dockerfile: warning: cannot write the fixes: No space left on device\n"
    assert "No fixes applied; 2 remaining" in run.out


def test_a_file_changed_during_the_fix_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", "new\n")
    with pytest.raises(writing.WriteError):
        writing.write_atomic(path, b"fixed\n", expected=b"old\n")
    assert path.read_text() == "new\n"


def test_dockerignore_is_created_but_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / ".dockerignore"
    assert writing.create_exclusive(target, b".git\n")
    assert target.read_text() == ".git\n"
    assert not writing.create_exclusive(target, b"other\n")
    assert target.read_text() == ".git\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dockerignore"]


def test_fix_creates_a_missing_dockerignore(project: Path, dfls: Dfls) -> None:
    write(project / "app" / "Dockerfile", "FROM python:3\nCOPY . .\n")
    run = dfls("check", "--select", "DF301", "--fix")
    ignore = project / "app" / ".dockerignore"
    assert ignore.exists(), run.out
    assert ".git" in ignore.read_text().split()
    assert "created app/.dockerignore" in run.out
    assert run.code == 0
    assert dfls("check", "--select", "DF301").code == 0


def test_diff_shows_the_fixes_and_writes_nothing(project: Path, dfls: Dfls) -> None:
    path = write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "--diff", "--unsafe-fixes")
    assert run.code == 1
    assert path.read_text() == TEXT
    assert run.out == (
        "--- a/Dockerfile\n"
        "+++ b/Dockerfile\n"
        "@@ -1,2 +1,2 @@\n"
        " FROM python\n"
        "-CMD python app.py\n"
        '+CMD ["python", "app.py"]\n'
    )
    assert run.err == "Would fix 1 problem in 1 file.\n"


def test_diff_with_nothing_to_fix_exits_zero(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "--diff")
    assert (run.code, run.out, run.err) == (0, "", "No fixes to apply.\n")


def test_diff_marks_a_missing_final_newline(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", "FROM python:3\nCMD python app.py")
    out = dfls("check", "--select", "DF401", "--diff", "--unsafe-fixes").out
    assert out.endswith('+CMD ["python", "app.py"]\n\\ No newline at end of file\n')


def test_fix_with_json_reports_the_summary_on_stderr(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "--fix", "--unsafe-fixes", "-f", "json")
    assert run.out.startswith("[")
    assert '"DF401"' not in run.out
    assert run.err == (
        "Dockerfile: fixed 1 problem (DF401)\nFixed 1 problem; 1 remaining (1 warning) in 1 file.\n"
    )


def test_no_dockerignore_created_where_docker_would_not_read_it(project: Path, dfls: Dfls) -> None:
    """Regression: with a root .dockerignore, docker/Dockerfile's context is the root."""
    (project / ".git").mkdir()
    write(project / ".dockerignore", ".git\n.env\n")
    write(project / "docker" / "Dockerfile", "FROM python:3.12-slim\nCOPY . .\n")
    run = dfls("check", "--select", "DF301", "docker/Dockerfile")
    assert run.code == 0, run.out
    fixed = dfls("check", "--select", "DF301", "--fix", "docker/Dockerfile")
    assert fixed.code == 0
    assert not (project / "docker" / ".dockerignore").exists()


def test_created_dockerignore_suits_every_dockerfile_in_the_directory(
    project: Path, dfls: Dfls
) -> None:
    """Regression: the first file's template left its neighbours with DF302."""
    (project / ".git").mkdir()
    write(project / "Dockerfile", "FROM python:3.12-slim\nCOPY . .\n")
    write(project / "Dockerfile.prod", "FROM python:3.12-slim\nCOPY .env.production .\n")
    write(
        project / "web.Dockerfile",
        "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
    )
    before = dfls("check", "--select", "DF301,DF302", "--diff")
    assert before.out.count("+++ b/.dockerignore") == 1
    fixed = dfls("check", "--select", "DF301,DF302", "--fix")
    assert fixed.code == 0, fixed.out
    created = (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "node_modules" in created  # web.Dockerfile installs its own
    assert ".env.*" not in created  # Dockerfile.prod copies .env.production
    assert ".git" in created
    assert dfls("check", "--select", "DF301,DF302").code == 0
