"""`dfls check`: text output, exit codes, selection, stdin, discovery and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfls.engine import linting as engine
from dfls.rules.api import Rule, RuleContext, Severity, Violation
from tests.cli.conftest import CLEAN, TEXT, TWO, Dfls, write

DF101 = "DF101 [warning] `python` has no tag, so it means `latest`: pin a version"
DF401 = (
    "DF401 [warning] CMD in shell form runs under /bin/sh, which does not pass SIGTERM to "
    "your process: use exec form"
)


def test_text_output_is_exact(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "Dockerfile")
    assert run.code == 1
    assert run.out == (
        f"Dockerfile:1:6: {DF101}\n"
        f"Dockerfile:2:5: {DF401}\n"
        "Found 2 problems (2 warnings) in 1 file.\n"
        "[*] 1 fixable with --fix --unsafe-fixes.\n"
    )
    assert run.err == ""


def test_clean_file_exits_zero(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", CLEAN)
    run = dfls("check", *TWO, "Dockerfile")
    assert (run.code, run.out, run.err) == (0, "No problems found in 1 file.\n", "")


def test_quiet_prints_findings_only(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "-q", "Dockerfile")
    assert run.out == f"Dockerfile:1:6: {DF101}\nDockerfile:2:5: {DF401}\n"
    assert dfls("check", *TWO, "--quiet").out.count("\n") == 2


def test_default_path_is_the_current_directory(project: Path, dfls: Dfls) -> None:
    write(project / "sub" / "Dockerfile", TEXT)
    run = dfls("check", "--select", "DF101")
    assert run.out.startswith(f"sub/Dockerfile:1:6: {DF101}\n")


@pytest.mark.parametrize(
    ("level", "code"),
    [("error", 0), ("warning", 1), ("info", 1), ("style", 1), ("none", 0)],
)
def test_fail_level(project: Path, dfls: Dfls, level: str, code: int) -> None:
    write(project / "Dockerfile", TEXT)
    assert dfls("check", *TWO, "--fail-level", level).code == code


def test_fail_level_from_config_and_the_command_line_wins(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    write(project / ".dfls.toml", 'fail-level = "error"\n')
    assert dfls("check", *TWO).code == 0
    assert dfls("check", *TWO, "--fail-level", "warning").code == 1


def test_severity_override_from_config_changes_the_exit_code(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", "FROM python\n")
    write(project / ".dfls.toml", '[severity]\nDF101 = "info"\n')
    run = dfls("check", "--select", "DF101")
    assert run.code == 0
    assert "DF101 [info]" in run.out


def test_select_ignore_extend_select(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    only = dfls("check", "--select", "DF401", "-q")
    assert only.out == f"Dockerfile:2:5: {DF401}\n"
    both = dfls("check", "--select", "DF401", "--extend-select", "image-tag", "-q")
    assert both.out.count("\n") == 2
    ignored = dfls("check", *TWO, "--ignore", "DF401", "-q")
    assert ignored.out == f"Dockerfile:1:6: {DF101}\n"
    repeated = dfls("check", "--select", "DF101", "--select", "DF401", "-q")
    assert repeated.out.count("\n") == 2


def test_command_line_select_beats_config_select(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    write(project / ".dfls.toml", 'select = ["DF101"]\nextend-select = ["DF900"]\n')
    assert dfls("check", "--select", "DF401", "-q").out == f"Dockerfile:2:5: {DF401}\n"


def test_unknown_rule_on_the_command_line_is_a_usage_error(project: Path, dfls: Dfls) -> None:
    run = dfls("check", "--select", "DF101,DF000", ".")
    assert run.code == 2
    assert run.out == ""
    assert (
        run.err == "dfls: --select: unknown rule 'DF000' (see `dfls rules`); nothing was checked\n"
    )


def test_an_unknown_rule_alone_says_that_nothing_is_checked(project: Path, dfls: Dfls) -> None:
    """Regression: `--select DF999` said it fell back to the default rule set, then
    checked nothing and exited 2. The message now says what happens."""
    write(project / "Dockerfile", TEXT)
    run = dfls("check", "--select", "DF999")
    assert (run.code, run.out) == (2, "")
    assert (
        run.err == "dfls: --select: unknown rule 'DF999' (see `dfls rules`); nothing was checked\n"
    )
    assert "default" not in run.err


def test_a_hadolint_code_on_the_command_line_names_the_dfls_rule(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    run = dfls("check", "--ignore", "DL3025,DL3001")
    assert run.code == 2
    assert run.err == (
        "dfls: --ignore: 'DL3025' is hadolint's; the dfls rule for it is DF401"
        " (shell-form-command); DL3001 is a hadolint rule (commands such as ssh, vim or top"
        " that make no sense in a build) that dfls has no rule for; nothing was checked\n"
    )


def test_argparse_errors_exit_2_without_traceback(project: Path, dfls: Dfls) -> None:
    run = dfls("check", "--format", "xml")
    assert run.code == 2
    assert "invalid choice: 'xml'" in run.err
    assert "Traceback" not in run.err


def test_missing_path_exits_2_and_still_checks_the_rest(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "nope", "Dockerfile")
    assert run.code == 2
    assert run.err == "dfls: nope: No such file or directory\n"
    assert f"Dockerfile:1:6: {DF101}" in run.out
    assert "\n1 path could not be checked (see above).\n" in run.out
    write(project / "Dockerfile", CLEAN)
    clean = dfls("check", *TWO, "nope", "Dockerfile")
    assert clean.out == "No problems found in 1 file.\n1 path could not be checked (see above).\n"


def test_binary_file_exits_2(project: Path, dfls: Dfls) -> None:
    (project / "Dockerfile").write_bytes(b"FROM a\x00\x01\x02")
    run = dfls("check", "Dockerfile")
    assert run.code == 2
    assert run.err.startswith("dfls: Dockerfile: looks like a binary file")
    assert "Traceback" not in run.err


def test_latin1_file_is_checked_with_a_warning(project: Path, dfls: Dfls) -> None:
    (project / "Dockerfile").write_bytes(b"# caf\xe9\nFROM python\n")
    run = dfls("check", "--select", "DF101", "Dockerfile")
    assert run.code == 1
    assert run.err == "dfls: Dockerfile: warning: not valid UTF-8 (byte 5); read as Latin-1\n"
    assert "Dockerfile:2:6: DF101" in run.out


def test_config_errors_are_reported_and_exit_2(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", CLEAN)
    write(project / ".dfls.toml", 'fail-level = "loud"\n')
    run = dfls("check", *TWO)
    assert run.code == 2
    assert "dfls: config error: " in run.err
    assert "fail-level: expected one of" in run.err
    assert run.err.count("config error") == 1
    assert "No problems found" in run.out


def test_invalid_rule_option_is_reported_and_the_rule_keeps_its_defaults(
    project: Path, dfls: Dfls
) -> None:
    write(project / "Dockerfile", "FROM python:3\nFROM python\n")
    write(project / ".dfls.toml", '[rules.DF101]\nstrictness = "bogus"\n')
    run = dfls("check", "--select", "DF101", "Dockerfile")
    assert run.code == 2
    assert run.err == (
        f"dfls: config error: {project.resolve() / '.dfls.toml'}: rules: DF101: option "
        '\'strictness\' expects one of "latest", "major", got "bogus"\n'
    )
    # Strictness "latest", the default: python:3 is fine, the untagged image is not.
    assert "Dockerfile:1:" not in run.out
    assert "Dockerfile:2:6: DF101" in run.out


def test_explicit_config_file(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    write(project / ".dfls.toml", 'select = ["DF401"]\n')
    write(project / "ci.toml", 'select = ["DF101"]\n')
    assert dfls("check", "--config", "ci.toml", "-q").out == f"Dockerfile:1:6: {DF101}\n"
    missing = dfls("check", "--config", "nope.toml")
    assert (missing.code, missing.err) == (2, "dfls: --config: nope.toml: no such file\n")


def test_config_naming_a_directory_says_so(project: Path, dfls: Dfls) -> None:
    """Regression: `--config .` said "no such file"."""
    write(project / "Dockerfile", TEXT)
    run = dfls("check", "--config", ".")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "dfls: --config: .: is a directory; name the file (.dfls.toml, dfls.toml or"
        " pyproject.toml)\n"
    )


def test_crashing_rule_exits_2_with_a_message(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Boom(Rule):
        code = "DF999"
        name = "boom"
        severity = Severity.ERROR

        def check(self, ctx: RuleContext) -> list[Violation]:
            raise ValueError("kaput")

    monkeypatch.setattr(engine, "selected_rules", lambda settings: [Boom])
    write(project / "Dockerfile", TEXT)
    run = dfls("check", "Dockerfile")
    assert run.code == 2
    assert run.err == (
        "dfls: Dockerfile: internal error: rule DF999 (boom) failed: ValueError: kaput "
        "(please report it)\n"
    )


def test_no_dockerfiles_found_is_a_warning(project: Path, dfls: Dfls) -> None:
    run = dfls("check")
    assert run.code == 0
    assert run.err == "dfls: warning: no Dockerfiles found in .\n"


def test_stdin(project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    class Stdin:
        buffer = io.BytesIO(TEXT.encode())

    monkeypatch.setattr(sys, "stdin", Stdin)
    run = dfls("check", *TWO, "-", "-q")
    assert run.out == f"-:1:6: {DF101}\n-:2:5: {DF401}\n"


def test_stdin_filename_names_the_file_and_finds_its_config(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    class Stdin:
        buffer = io.BytesIO(TEXT.encode())

    monkeypatch.setattr(sys, "stdin", Stdin)
    write(project / "app" / ".dfls.toml", 'select = ["DF401"]\n')
    run = dfls("check", "--stdin-filename", "app/Dockerfile", "-q")
    assert run.out == f"app/Dockerfile:2:5: {DF401}\n"


def test_stdin_fix_prints_the_fixed_text(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    class Stdin:
        buffer = io.BytesIO(TEXT.encode())

    monkeypatch.setattr(sys, "stdin", Stdin)
    run = dfls("check", *TWO, "--fix", "--unsafe-fixes", "--stdin-filename", "Dockerfile", "-")
    assert run.code == 1
    assert run.out == 'FROM python\nCMD ["python", "app.py"]\n'
    assert f"Dockerfile:1:6: {DF101}\n" in run.err
    assert not (project / "Dockerfile").exists()


def test_statistics(project: Path, dfls: Dfls) -> None:
    write(project / "a" / "Dockerfile", TEXT)
    write(project / "b" / "Dockerfile", "FROM python\n")
    run = dfls("check", *TWO, "--statistics")
    assert run.code == 1
    assert run.out == "2  DF101      image-tag\n1  DF401  [*] shell-form-command\n"
    as_json = dfls("check", *TWO, "--statistics", "--format", "json")
    assert '"count": 2' in as_json.out


def test_statistics_and_diff_only_with_formats_that_fit(project: Path, dfls: Dfls) -> None:
    assert dfls("check", "--statistics", "-f", "sarif").code == 2
    run = dfls("check", "--diff", "-f", "json")
    assert run.code == 2
    assert "--diff" in run.err


def test_colour_only_on_request(project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "Dockerfile", TEXT)
    assert "\x1b[" not in dfls("check", *TWO).out  # captured output is not a TTY
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = dfls("check", *TWO).out
    assert "\x1b[1m" in coloured
    assert "\x1b[33mDF101" in coloured or "\x1b[1m\x1b[33mDF101" in coloured
    assert "\x1b[" not in dfls("check", *TWO, "--no-color").out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in dfls("check", *TWO).out


def test_many_files_in_a_pool_match_serial(project: Path, dfls: Dfls) -> None:
    for index in range(40):
        write(project / f"d{index:02}" / "Dockerfile", TEXT if index % 2 else CLEAN)
    serial = dfls("check", *TWO, "--jobs", "1")
    pooled = dfls("check", *TWO)  # 40 files: above the threshold, all cores
    forced = dfls("check", *TWO, "--jobs", "3")
    assert serial.code == pooled.code == forced.code == 1
    assert serial.out == pooled.out == forced.out
    assert serial.out.splitlines()[0].startswith("d01/Dockerfile:1:6: DF101")
    assert "Found 40 problems (40 warnings) in 20 of 40 files." in serial.out


def test_bad_jobs(project: Path, dfls: Dfls) -> None:
    assert dfls("check", "--jobs", "-1").code == 2


def test_hadolint_and_ruff_spellings_of_the_fail_level(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    assert dfls("check", *TWO, "--no-fail").code == 0
    assert dfls("check", *TWO, "--exit-zero").code == 0
    assert dfls("check", *TWO, "--failure-threshold", "error").code == 0
    assert dfls("check", *TWO, "--failure-threshold", "warning").code == 1


class _Terminal:
    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def test_progress_bar_appears_only_after_the_delay() -> None:
    from dfls.cli.terminal import Progress

    stream = _Terminal()
    slow = Progress(stream, enabled=True, delay=0.0)  # type: ignore[arg-type]
    slow(5, 10)
    slow.close()
    assert stream.written[0] == "\r[###############               ] 5/10 files"
    assert stream.written[-1] == "\r\x1b[K"
    quiet = _Terminal()
    fast = Progress(quiet, enabled=True, delay=60.0)  # type: ignore[arg-type]
    fast(5, 10)
    fast.close()
    assert quiet.written == []
    off = _Terminal()
    disabled = Progress(off, enabled=False, delay=0.0)  # type: ignore[arg-type]
    disabled(1, 2)
    assert off.written == []


def test_worker_count() -> None:
    from dfls.cli.parallel import workers

    assert workers(0, 10) == 1
    assert workers(0, 100) >= 1
    assert workers(3, 2) == 3


def test_stdin_filename_with_other_paths_needs_the_dash(project: Path, dfls: Dfls) -> None:
    run = dfls("check", "--stdin-filename", "Dockerfile", ".")
    assert run.code == 2
    assert run.err == "dfls: --stdin-filename names standard input: add - to the paths\n"


def test_a_bug_on_one_file_is_an_internal_error_not_a_traceback(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dfls.model import Dockerfile

    real = Dockerfile.parse

    def parse(text: str) -> object:
        if "boom" in text:
            raise RuntimeError("model bug")
        return real(text)

    monkeypatch.setattr(Dockerfile, "parse", parse)
    write(project / "a" / "Dockerfile", "# boom\nFROM python\n")
    write(project / "b" / "Dockerfile", TEXT)
    run = dfls("check", *TWO)
    assert run.code == 2
    assert run.err == (
        "dfls: a/Dockerfile: internal error: RuntimeError: model bug (please report it)\n"
    )
    assert f"b/Dockerfile:1:6: {DF101}" in run.out


def test_summary_wording_is_the_same_with_and_without_unchecked_paths(
    project: Path, dfls: Dfls
) -> None:
    write(project / "empty" / "README", "")
    none = dfls("check", "empty")
    assert none.out == "No Dockerfiles checked.\n"
    assert "no Dockerfiles found" in none.err


def test_diff_summary_agrees_with_the_fixable_count(project: Path, dfls: Dfls) -> None:
    """Regression: the check said "6 fixable", --diff "Would fix 7", with no explanation."""
    demo = Path(__file__).parent.parent.parent / "docs" / "demo" / "Dockerfile"
    write(project / "Dockerfile", demo.read_text(encoding="utf-8"))
    checked = dfls("check", "Dockerfile")
    fixable = int(checked.out.split("[*] ")[1].split()[0])
    diff = dfls("check", "--diff", "Dockerfile")
    total = int(diff.err.split("Would fix ")[1].split()[0])
    if total > fixable:
        assert f"(the {fixable} reported as fixable, and {total - fixable} more" in diff.err
    else:
        assert total == fixable


def test_check_help_mentions_containerfile_variants(dfls: Dfls) -> None:
    assert "Containerfile.*" in dfls("check", "--help").out


def test_files_over_the_size_limit_are_refused_quickly(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a 10 MB Dockerfile took about a minute and 1.4 GB; now a clear error."""
    from dfls.engine import sources

    monkeypatch.setattr(sources, "MAX_CHARS", 100)
    monkeypatch.setattr(sources, "MAX_BYTES", 400)
    write(project / "Dockerfile", "FROM python:3.12-slim\n" + "RUN echo hi\n" * 10)
    run = dfls("check", "Dockerfile")
    assert run.code == 2
    assert run.err.startswith(
        "dfls: Dockerfile: is 142 characters long; dfls checks files up to 100 characters"
    )
    write(project / "Dockerfile", "FROM python:3.12-slim\n" + "RUN echo hi\n" * 40)
    assert "is 502 bytes long" in dfls("check", "Dockerfile").err
    write(project / "Dockerfile", "FROM python:3.12-slim\n" * 4)
    assert dfls("check", "--select", "DF101", "Dockerfile").code == 0


def test_real_limit_matches_the_language_server() -> None:
    from dfls.engine import sources
    from dfls.lsp.session import MAX_CHARS

    assert sources.MAX_CHARS == MAX_CHARS
