"""Shared test helpers: the real-world corpus (``tests/corpus``) and external tools.

Tests that need something outside the Python environment (Node and the oracle package, an
editor) call :func:`require_tool`: it skips with the reason on a
developer machine, and fails instead when ``DFLS_REQUIRE_ALL_TOOLS=1`` (``.ci/run`` sets
it), so CI cannot go green by silently skipping.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"
MANIFEST = CORPUS / "MANIFEST.tsv"
ORACLE = REPO / "tests" / "oracle"

# Every server the tests start (in process or as a subprocess) checks each incremental
# update against a plain application of the same changes, and rebuilds on a mismatch
# with a warning, which the e2e tests treat as a failure.
os.environ.setdefault("DFLS_VERIFY_EDITS", "1")


def tools_required() -> bool:
    """True when a missing tool must fail the test (CI) rather than skip it."""
    return os.environ.get("DFLS_REQUIRE_ALL_TOOLS", "") == "1"


def require_tool(name: str, reason: str) -> None:
    """Skip (or, under ``DFLS_REQUIRE_ALL_TOOLS=1``, fail) because ``name`` is missing.

    Call it once the test knows the tool is absent; ``reason`` says what is missing and how
    to get it, e.g. ``require_tool("node", "node is not on PATH")``.
    """
    message = f"{name}: {reason}"
    if tools_required():
        pytest.fail(f"required tool missing (DFLS_REQUIRE_ALL_TOOLS=1): {message}")
    pytest.skip(message)


def which_or_require(executable: str, reason: str | None = None) -> str:
    """The path of ``executable`` on PATH, or skip/fail through :func:`require_tool`."""
    found = shutil.which(executable)
    if found is None:
        require_tool(executable, reason or f"{executable} is not on PATH")
        raise AssertionError("unreachable")  # require_tool always raises
    return found


def corpus_files() -> list[Path]:
    """Every Dockerfile the corpus manifest lists, sorted.

    The corpus is part of the repository, so a missing manifest or file is an error, not a
    skip: the tests that read it must run everywhere.
    """
    rows = MANIFEST.read_text(encoding="utf-8").splitlines()[1:]
    files = sorted(CORPUS / row.split("\t", 1)[0] for row in rows if row.strip())
    missing = [str(path) for path in files if not path.is_file()]
    if not files or missing:
        raise AssertionError(f"the corpus at {CORPUS} is incomplete: {missing or 'empty'}")
    return files


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under ``DFLS_REQUIRE_ALL_TOOLS=1`` a skipped test fails the run: a skip is not a pass."""
    if not tools_required() or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = reporter.stats.get("skipped", [])
    if skipped:
        reporter.write_line(
            f"{len(skipped)} test(s) skipped while DFLS_REQUIRE_ALL_TOOLS=1: failing the run",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
