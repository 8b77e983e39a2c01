"""`.ci/release X.Y.Z`, run in a scratch git repository holding copies of the files it edits:
the version lives in dfls/__init__.py only, the changelog gets a dated section, the README's
examples name the new tag, and the release is one commit with an annotated tag."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import dfls

ROOT = Path(__file__).resolve().parents[2]
FILES = (".ci/release", "dfls/__init__.py", "CHANGELOG.md", "README.md")
TAGGED = re.compile(r"(?:rev: |@|#)(v\d+\.\d+\.\d+)\b")


def _git(repo: Path, *argv: str) -> str:
    return subprocess.run(
        ["git", *argv], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _scratch_repo(tmp_path, monkeypatch)


def _scratch_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository under ``tmp_path`` with copies of the files .ci/release edits."""
    if shutil.which("git") is None:  # pragma: no cover - git is everywhere CI runs
        pytest.fail("git is needed")
    # A git that works on the scratch repository only: git sets GIT_DIR and GIT_WORK_TREE
    # for the commands it runs (`git rebase --exec pytest` ran an earlier version of these
    # tests against the real repository), and reads no user or system configuration.
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "Release Test")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "release@example.invalid")
    repo = tmp_path / "repo"
    for name in FILES:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    _git(repo, "init", "--quiet")
    _git(repo, "add", ".")
    _git(repo, "commit", "--quiet", "-m", "start")
    return repo


def _release(repo: Path, version: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [repo / ".ci" / "release", version], cwd=repo, capture_output=True, text=True, check=False
    )


def _unreleased(changelog: str) -> str:
    start = changelog.index("## [Unreleased]\n") + len("## [Unreleased]\n")
    end = changelog.index("\n## [", start)
    return changelog[start:end]


def test_release_bumps_the_version_dates_the_changelog_commits_and_tags(repo: Path) -> None:
    before = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    result = _release(repo, "0.2.0")
    assert result.returncode == 0, result.stderr
    assert '__version__ = "0.2.0"' in (repo / "dfls" / "__init__.py").read_text(encoding="utf-8")
    after = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    today = datetime.date.today().isoformat()
    heading = f"## [0.2.0] - {today}\n"
    assert after.index("## [Unreleased]\n") < after.index(heading)
    assert _unreleased(after).strip() == ""
    # What was unreleased is now the release's section, word for word.
    released = after[after.index(heading) + len(heading) :]
    assert released.startswith(before[before.index("## [Unreleased]\n") + 16 :])
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert set(TAGGED.findall(readme)) == {"v0.2.0"}
    assert _git(repo, "log", "-1", "--format=%s") == "Release 0.2.0"
    assert _git(repo, "rev-parse", "v0.2.0^{commit}") == _git(repo, "rev-parse", "HEAD")
    assert _git(repo, "cat-file", "-t", "v0.2.0") == "tag"  # annotated
    assert _git(repo, "status", "--porcelain") == ""
    assert "git push origin HEAD v0.2.0" in result.stderr


def test_a_second_release_needs_new_changes(repo: Path) -> None:
    assert _release(repo, "0.2.0").returncode == 0
    again = _release(repo, "0.3.0")
    assert again.returncode == 1
    assert "nothing to release" in again.stderr
    assert _git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("version", "status", "message"),
    [("1.2", 2, "usage"), ("v1.2.3", 2, "usage"), ("0.0.1", 1, "older than the current")],
)
def test_bad_versions_change_nothing(repo: Path, version: str, status: int, message: str) -> None:
    result = _release(repo, version)
    assert (result.returncode, message in result.stderr) == (status, True), result.stderr
    assert _git(repo, "status", "--porcelain") == ""
    assert _git(repo, "tag") == ""


def test_refuses_an_existing_tag_or_a_dirty_tree(repo: Path) -> None:
    _git(repo, "tag", "v0.2.0")
    assert "exists already" in _release(repo, "0.2.0").stderr
    (repo / "README.md").write_text("changed\n", encoding="utf-8")
    result = _release(repo, "0.3.0")
    assert result.returncode == 1 and "working tree has changes" in result.stderr
    assert _git(repo, "log", "-1", "--format=%s") == "start"


def test_the_readme_names_the_current_release() -> None:
    """The tag in the README's pre-commit and CI examples is the package's version."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(TAGGED.findall(readme)) == {f"v{dfls.__version__}"}


def test_the_first_release_keeps_the_version_and_tags_it(repo: Path) -> None:
    """dfls is at 0.1.0 with nothing tagged: `.ci/release 0.1.0` makes v0.1.0."""
    version = dfls.__version__
    result = _release(repo, version)
    assert result.returncode == 0, result.stderr
    init = (repo / "dfls" / "__init__.py").read_text(encoding="utf-8")
    assert init == (ROOT / "dfls" / "__init__.py").read_text(encoding="utf-8")
    assert f"## [{version}] - " in (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert _git(repo, "tag") == f"v{version}"


def test_works_on_its_own_repository_under_a_git_that_points_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: run from `git rebase --exec`, GIT_DIR pointed at the real repository and
    the tests committed and tagged there."""
    decoy = tmp_path / "decoy"
    decoy.mkdir()
    subprocess.run(["git", "init", "--quiet", decoy], check=True, env={"PATH": os.environ["PATH"]})
    monkeypatch.setenv("GIT_DIR", str(decoy / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(decoy))
    scratch = _scratch_repo(tmp_path / "scratch", monkeypatch)
    assert _release(scratch, "0.2.0").returncode == 0
    assert _git(scratch, "tag") == "v0.2.0"
    assert _git(decoy, "tag") == "" and _git(decoy, "rev-list", "--all") == ""
