"""dfls check below the CLI: overrides, settings per directory, exit codes, the pool."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfls.cli import parallel, pool
from dfls.cli.plan import Job, Overrides, SettingsResolver
from dfls.cli.results import FileResult, exit_code
from dfls.engine import config
from dfls.engine.config import Settings
from dfls.model import Position, Span
from dfls.rules.api import Severity, Violation
from tests.cli.conftest import Dfls, write


def test_overrides_replace_select_and_add_to_lists() -> None:
    base = Settings(select=("DF1",), extend_select=("DF9",), ignore=("DF101",))
    assert Overrides().apply(base) is base
    chosen = Overrides(select=("DF4",), ignore=("DF402",), fail_level="error").apply(base)
    assert chosen.select == ("DF4",)
    assert chosen.extend_select == ()
    assert chosen.ignore == ("DF101", "DF402")
    assert chosen.fail_level == "error"
    extended = Overrides(extend_select=("DF2",), target_stage="app", unsafe_fixes=True).apply(base)
    assert extended.select == ("DF1",)
    assert extended.extend_select == ("DF9", "DF2")
    assert extended.target_stage == "app"
    assert extended.unsafe_fixes


def test_resolver_caches_per_config_and_reports_errors_once(tmp_path: Path) -> None:
    write(tmp_path / ".dfls.toml", 'fail-level = "error"\nbogus = 1\n')
    resolver = SettingsResolver(Overrides(target_stage="x"))
    a = resolver.settings_for(tmp_path / "a" / "Dockerfile")
    b = resolver.settings_for(tmp_path / "b" / "c" / "Dockerfile")
    assert a is b
    assert a.fail_level == "error"
    assert a.target_stage == "x"
    assert len(resolver.errors) == 1


def test_resolver_with_an_explicit_config(tmp_path: Path) -> None:
    write(tmp_path / ".dfls.toml", 'fail-level = "error"\n')
    explicit = config.load_file(write(tmp_path / "ci.toml", 'fail-level = "info"\n'))
    resolver = SettingsResolver(Overrides(), explicit)
    assert resolver.settings_for(tmp_path / "Dockerfile").fail_level == "info"


def _violation(severity: Severity) -> Violation:
    span = Span(Position(0, 0), Position(0, 1))
    return Violation("DF101", "image-tag", span, "m", severity)


def test_exit_code() -> None:
    warning = FileResult("a", (_violation(Severity.WARNING),))
    assert exit_code([]) == 0
    assert exit_code([warning]) == 1
    assert exit_code([FileResult("a", (_violation(Severity.WARNING),), fail_level="error")]) == 0
    assert exit_code([FileResult("a", (_violation(Severity.STYLE),), fail_level="style")]) == 1
    assert exit_code([warning, FileResult("b", error="unreadable")]) == 2
    assert exit_code([FileResult("a")], config_errors=True) == 2


def test_target_stage_reaches_the_rules(project: Path, dfls: Dfls) -> None:
    write(
        project / "Dockerfile",
        'FROM python:3.12-slim AS app\nUSER 1000\nCMD ["python"]\n'
        'FROM python:3.12-slim AS debug\nCMD ["python"]\n',
    )
    default = dfls("check", "--select", "DF501", "-q")
    assert "DF501" in default.out
    chosen = dfls("check", "--select", "DF501", "-q", "--target-stage", "app")
    assert (chosen.code, chosen.out) == (0, "")


def test_chunks_cover_every_job_in_order() -> None:
    jobs = [Job(str(i), Settings()) for i in range(100)]
    chunks = parallel.chunked(jobs, 4)
    assert [job for chunk in chunks for job in chunk] == jobs
    assert max(len(chunk) for chunk in chunks) <= 32


def test_pool_without_fork_gives_the_same_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    for index in range(6):
        write(tmp_path / f"d{index}" / "Dockerfile", "FROM python\n")
    settings = Settings(select=("DF101",))
    jobs = [Job(str(p), settings, fs_path=str(p)) for p in sorted(tmp_path.glob("*/Dockerfile"))]
    serial = pool.run(jobs, workers=1)
    # As if another thread were running: the pool must not fork.
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    pooled = pool.run(jobs, workers=2)
    assert [(r.path, [v.code for v in r.violations]) for r in pooled] == [
        (r.path, [v.code for v in r.violations]) for r in serial
    ]


def test_unknown_target_stage_is_an_error(project: Path, dfls: Dfls) -> None:
    """Regression: --target-stage nope fell back to the last stage; docker build errors."""
    write(
        project / "Dockerfile",
        'FROM python:3.12-slim AS app\nUSER 1000\nCMD ["python"]\n'
        'FROM python:3.12-slim AS debug\nCMD ["python"]\n',
    )
    write(project / "other" / "Dockerfile", "FROM python:3.12-slim AS base\nUSER 1000\n")
    run = dfls("check", "--select", "DF501", "--target-stage", "nope")
    assert run.code == 2
    assert "dfls: Dockerfile: --target-stage: no stage named 'nope' (stages: app, debug)" in (
        run.err
    )
    assert "dfls: other/Dockerfile: --target-stage: no stage named 'nope' (stages: base)" in (
        run.err
    )
    assert dfls("check", "--select", "DF501", "--target-stage", "APP", "Dockerfile").code == 0
    fixing = dfls("check", "--fix", "--target-stage", "nope", "Dockerfile")
    assert fixing.code == 2
    write(project / "plain" / "Dockerfile", "FROM python:3.12-slim\n")
    unnamed = dfls("check", "--target-stage", "nope", "plain/Dockerfile")
    assert "no stage named 'nope' (no named stages)" in unnamed.err


def test_target_stage_from_config_is_not_checked(project: Path, dfls: Dfls) -> None:
    """A project-wide target-stage may not exist in every Dockerfile: the rules fall back."""
    write(project / ".dfls.toml", 'target-stage = "app"\n')
    write(project / "Dockerfile", 'FROM python:3.12-slim\nUSER 1000\nCMD ["python"]\n')
    assert dfls("check", "--select", "DF501").code == 0
