"""ShellCheck's fixes in the Dockerfile, the runner (batching, cache, cancel) and the
command line (one call per chunk of files, one line when ShellCheck cannot run)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from dfls.engine import fixes, linting, shellcheck, shellcheck_live, shellcheck_run
from dfls.features import actions
from dfls.model import Dockerfile, Position, Span
from dfls.rules.api import Applicability, BuildContext, Violation
from tests.conftest import corpus_files
from tests.shellcheck.helpers import lint, need_shellcheck, run_dfls, settings


@pytest.fixture(autouse=True)
def _binary() -> None:
    need_shellcheck()


SC = {"select": ["SC"]}


def _fixed(text: str, unsafe: bool) -> str:
    chosen = settings(SC)

    def run(dockerfile: Dockerfile) -> list[Violation]:
        extra = shellcheck.check([dockerfile], chosen)[0]
        return list(linting.lint(dockerfile, chosen, extra=extra).violations)

    return fixes.fix_text(text, run, unsafe=unsafe).text


def _shape(text: str) -> list[tuple[str, int, int]]:
    """Keyword, first and last line of each instruction: how the file parses."""
    return [(i.keyword, i.line, i.last_line) for i in Dockerfile.parse(text).instructions]


def test_quoting_is_an_unsafe_fix_at_exact_places_across_continuations() -> None:
    text = "FROM debian:12\nRUN apt-get update \\\n  && echo $HOME\\\n  && ls $PWD\n"
    found = [v for v in lint(text, SC) if v.code == "SC2086"]
    assert [v.fix.applicability for v in found if v.fix] == [Applicability.UNSAFE] * 2
    assert _fixed(text, unsafe=False) == text
    fixed = _fixed(text, unsafe=True)
    assert fixed == 'FROM debian:12\nRUN apt-get update \\\n  && echo "$HOME"\\\n  && ls "$PWD"\n'
    assert _shape(fixed) == _shape(text)
    assert [v.code for v in lint(fixed, SC)] == []


def test_backticks_are_a_safe_fix_in_heredocs_too() -> None:
    text = 'FROM debian:12\nRUN echo "`date`"\nRUN <<EOF\necho "`date`"\nEOF\n'
    fixed = _fixed(text, unsafe=False)
    assert fixed == 'FROM debian:12\nRUN echo "$(date)"\nRUN <<EOF\necho "$(date)"\nEOF\n'
    assert _shape(fixed) == _shape(text)


def test_fixes_with_tabs_and_emoji() -> None:
    text = "FROM debian:12\nRUN true \\\n\t&& echo 😀\t$HOME\n"
    fixed = _fixed(text, unsafe=True)
    assert fixed == 'FROM debian:12\nRUN true \\\n\t&& echo 😀\t"$HOME"\n'


def test_quick_fix_and_disable_actions() -> None:
    text = "FROM debian:12\nRUN echo $HOME\n"
    dockerfile = Dockerfile.parse(text)
    found = lint(text, SC)
    titles = [a.title for a in actions.for_findings(dockerfile, found)]
    assert any("SC2086" in t and "unsafe" in t.lower() for t in titles), titles
    assert any(t.startswith("Disable SC2086") for t in titles), titles


def test_one_call_for_many_files_and_a_cache_per_script() -> None:
    runner = shellcheck_run.Runner(shellcheck_run.find_binary())
    files = [Dockerfile.parse(f"FROM debian:12\nRUN echo $x{i}\nRUN echo ok\n") for i in range(5)]
    units = [u.text for d in files for u in shellcheck.units(d)]
    results = runner.run(units)
    assert runner.calls == 1 and len(results) == 6  # `echo ok` is one text, checked once
    runner.run(units[:3])
    assert runner.calls == 1


def test_a_cancelled_run_kills_the_program(tmp_path: Path) -> None:
    runner = shellcheck_run.Runner(shellcheck_run.find_binary())
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(shellcheck_run.Cancelled):
        runner.run(["#!/bin/sh\necho $x\n"], cancel)
    slow = tmp_path / "slow-shellcheck"
    slow.write_text("#!/bin/sh\nexec sleep 30\n")
    slow.chmod(0o755)
    runner = shellcheck_run.Runner(str(slow))
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(shellcheck_run.Cancelled):
        runner.run(["#!/bin/sh\necho $x\n"], cancel)
    assert time.monotonic() - started < 10


def test_live_updates_carry_findings_to_moved_instructions() -> None:
    live = shellcheck_live.LiveShellCheck()
    chosen = settings(SC)
    before = Dockerfile.parse("FROM debian:12\n\nRUN echo $x\n")
    assert live.carry(before, chosen) == ()
    assert live.update(before, chosen) is True
    assert sorted(v.code for v in live.carry(before, chosen)) == ["SC2086", "SC2154"]
    after = before.apply_edit(Span(Position(1, 0), Position(1, 0)), "ENV A=1\n")
    moved = [v for v in live.carry(after, chosen) if v.code == "SC2086"]
    assert [v.span.start.line for v in moved] == [3]
    assert live.update(after, chosen) is False  # nothing new: no second publish


@pytest.mark.e2e
def test_the_command_line_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM debian:12\nRUN echo $HOME\n")
    run = run_dfls("check", "--select", "SC", "Dockerfile", cwd=tmp_path)
    assert run.stdout.startswith("Dockerfile:2:10: SC2086 [info] Double quote"), run.stdout
    assert run.stderr == ""
    fixed = run_dfls(
        "check", "--select", "SC", "--fix", "--unsafe-fixes", "Dockerfile", cwd=tmp_path
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (tmp_path / "Dockerfile").read_text() == 'FROM debian:12\nRUN echo "$HOME"\n'
    (tmp_path / "Dockerfile").write_text("FROM debian\nRUN echo $HOME\n")
    (tmp_path / ".dfls.toml").write_text('[shellcheck]\npath = "/nonexistent/shellcheck"\n')
    run = run_dfls("check", "--select", "DF101,SC", "Dockerfile", "Dockerfile", cwd=tmp_path)
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and "ShellCheck was not found at /nonexistent" in lines[0], lines
    assert "SC2086" not in run.stdout and "DF101" in run.stdout


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (2, "echo $a", "echo $a $b"),  # a script: only it is made again
        (1, "ARG a", "ARG a b"),  # a name in scope: every script after it
        (0, "FROM debian:12", "FROM alpine:3"),  # the dialect
        (3, "", 'SHELL ["bash", "-c"]'),
    ],
)
def test_live_units_after_an_edit_are_a_full_computation(line: int, old: str, new: str) -> None:
    text = "FROM debian:12\nARG a\nRUN echo $a\n\nRUN echo $b\n"
    live = shellcheck_live.LiveShellCheck()
    before = Dockerfile.parse(text)
    assert [u.text for u in live._units(before)] == [u.text for u in shellcheck.units(before)]
    start = Position(line, 0)
    after = before.apply_edit(Span(start, Position(line, len(old))), new)
    assert [u.text for u in live._units(after)] == [u.text for u in shellcheck.units(after)]


def test_fix_all_applies_shellchecks_safe_fixes() -> None:
    text = 'FROM debian:12\nRUN echo "`date`" $HOME\n'
    dockerfile = Dockerfile.parse(text)
    action = actions.fix_all_action(dockerfile, lint(text, SC), settings(SC), BuildContext())
    assert action is not None
    (edit,) = action.edits
    assert fixes.apply_edits(text, [edit]) == 'FROM debian:12\nRUN echo "$(date)" $HOME\n'


def test_disable_action_writes_a_dfls_pragma() -> None:
    text = "FROM debian:12\nRUN echo $HOME\n"
    found = [v for v in lint(text, SC) if v.code == "SC2086"]
    (disable,) = [
        a
        for a in actions.for_findings(Dockerfile.parse(text), found)
        if a.title.startswith("Disable")
    ]
    assert fixes.apply_edits(text, list(disable.edits)) == (
        "FROM debian:12\n# dfls ignore=SC2086\nRUN echo $HOME\n"
    )


def test_a_program_that_is_not_shellcheck_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    fake = tmp_path / "fake-shellcheck"
    fake.write_text("#!/bin/sh\necho not json\n")
    fake.chmod(0o755)
    runner = shellcheck_run.Runner(str(fake))
    with pytest.raises(shellcheck_run.Unavailable, match="could not be read"):
        runner.run(["#!/bin/sh\necho $x\n"])
    values = {"select": ["SC"], "shellcheck": {"path": str(fake)}}
    assert (
        shellcheck.findings(Dockerfile.parse("FROM debian:12\nRUN echo $x\n"), settings(values))
        == []
    )


@pytest.mark.corpus
def test_every_shellcheck_fix_on_the_corpus_keeps_the_instructions() -> None:
    """All of ShellCheck's fixes (unsafe ones too) applied to every corpus file: each file
    still parses into the same instructions at the same lines, and no fix comes back."""
    chosen = settings(SC)

    def run(dockerfile: Dockerfile) -> list[Violation]:
        extra = shellcheck.findings(dockerfile, chosen)
        return list(linting.lint(dockerfile, chosen, extra=extra).violations)

    applied = 0
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        outcome = fixes.fix_text(text, run, unsafe=True)
        applied += len(outcome.applied)
        assert _shape(outcome.text) == _shape(text), path
        assert outcome.unconverged == (), path
    assert applied > 50  # the corpus has about 100 fixable ShellCheck findings


def test_a_script_too_long_for_shellcheck_is_not_given_to_it(tmp_path: Path) -> None:
    # ShellCheck's time and memory grow faster than the text: a one-line `&&` chain of
    # 29,000 characters took it 36 s and 7 GB (300,000: 24 GB). Such a script is skipped.
    failing = tmp_path / "failing-shellcheck"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(0o755)
    runner = shellcheck_run.Runner(str(failing))
    chain = "#!/bin/sh\n" + " && ".join(f"echo $V{i}" for i in range(2000)) + "\n"
    assert len(chain) > shellcheck_run.MAX_UNIT
    assert runner.run([chain]) == {chain: ()}
    assert runner.calls == 0
    with pytest.raises(shellcheck_run.Unavailable):  # a short one is still checked
        runner.run(["#!/bin/sh\necho $x\n"])
