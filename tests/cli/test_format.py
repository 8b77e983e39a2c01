"""`dfls format`: in place, --check, --diff, stdin, config, discovery and refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dfls.features import format as formatter
from dfls.model.lexer import lex_item
from tests.cli.conftest import Dfls, write
from tests.conftest import corpus_files

UGLY = 'from alpine\nrun  apk add curl &&   \\\n  rm -rf /var/cache/apk\n\n\n\ncmd ["sh","-c"]'
PRETTY = 'FROM alpine\nRUN apk add curl && \\\n    rm -rf /var/cache/apk\n\nCMD ["sh", "-c"]\n'


def test_formats_in_place(project: Path, dfls: Dfls) -> None:
    path = write(project / "Dockerfile", UGLY)
    run = dfls("format")
    assert run.code == 0
    assert run.out == ""
    assert run.err == "1 file reformatted, 0 left unchanged.\n"
    assert path.read_text() == PRETTY
    again = dfls("format", "Dockerfile")
    assert (again.code, again.err) == (0, "0 files reformatted, 1 left unchanged.\n")


def test_check_changes_nothing_and_exits_1(project: Path, dfls: Dfls) -> None:
    path = write(project / "Dockerfile", UGLY)
    run = dfls("format", "--check", ".")
    assert run.code == 1
    assert "would reformat Dockerfile" in run.err
    assert "1 file would be reformatted, 0 left unchanged." in run.err
    assert path.read_text() == UGLY
    write(project / "Dockerfile", PRETTY)
    assert dfls("format", "--check").code == 0
    assert dfls("format", "--check", "-q").err == ""


def test_diff_prints_a_unified_diff(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", UGLY)
    run = dfls("format", "--diff", "Dockerfile")
    assert run.code == 1
    assert run.out.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n")
    assert "-run  apk add curl &&   \\\n" in run.out
    assert "+RUN apk add curl && \\\n" in run.out
    assert (project / "Dockerfile").read_text() == UGLY
    absolute = str(project / "Dockerfile")
    run = dfls("format", "--diff", absolute)
    name = absolute.lstrip("/")
    assert run.out.startswith(f"--- a/{name}\n+++ b/{name}\n")  # as git writes it


def test_diff_splits_lines_where_dockerfiles_do(project: Path, dfls: Dfls) -> None:
    """A form feed or a NEL inside a line is not a line break (str.splitlines says it is)."""
    write(project / "Dockerfile", "from a\x0cb\nrun c\x85d\n")
    run = dfls("format", "--diff", "Dockerfile")
    assert run.out.split("\n") == [
        "--- a/Dockerfile",
        "+++ b/Dockerfile",
        "@@ -1,2 +1,2 @@",
        "-from a\x0cb",
        "-run c\x85d",
        "+FROM a b",  # (a form feed is a blank between words)
        "+RUN c\x85d",
        "",
    ]


def test_diff_of_a_file_of_lone_crs_has_no_marker_inside(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", "RUN  a\rRUN b\rRUN c\r")
    run = dfls("format", "--diff", "Dockerfile")
    assert "No newline at end of file" not in run.out
    assert "-RUN  a\r+RUN a\r" in run.out.replace("\n", "")


def test_stdin_to_stdout(project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    write(project / "sub" / ".dfls.toml", '[format]\nindent-width = 2\nkeyword-case = "keep"\n')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(UGLY.encode())))
    run = dfls("format", "-", "--stdin-filename", "sub/Dockerfile")
    assert run.code == 0
    assert (
        run.out
        == 'from alpine\nrun apk add curl && \\\n  rm -rf /var/cache/apk\n\ncmd ["sh", "-c"]\n'
    )
    assert run.err == ""


def test_check_on_stdin(project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PRETTY.encode())))
    run = dfls("format", "--check", "-")
    assert (run.code, run.out) == (0, "")


def test_config_and_excludes_as_for_check(project: Path, dfls: Dfls) -> None:
    write(project / ".dfls.toml", 'exclude = ["vendor/"]\n[format]\nindent-style = "tab"\n')
    write(project / "vendor" / "Dockerfile", UGLY)
    app = write(project / "app" / "Dockerfile", UGLY)
    write(project / "app" / "Dockerfile.md", UGLY)  # not a Dockerfile name
    assert dfls("format").code == 0
    assert app.read_text().splitlines()[2] == "\trm -rf /var/cache/apk"
    assert (project / "vendor" / "Dockerfile").read_text() == UGLY
    assert (project / "app" / "Dockerfile.md").read_text() == UGLY
    # pre-commit passes excluded files by name: --force-exclude skips them.
    assert dfls("format", "--force-exclude", "vendor/Dockerfile").code == 0
    assert (project / "vendor" / "Dockerfile").read_text() == UGLY


def test_bad_config_is_reported_and_exits_2(project: Path, dfls: Dfls) -> None:
    write(project / ".dfls.toml", '[format]\nindent-width = 0\nkeyword-case = "loud"\n')
    write(project / "Dockerfile", UGLY)
    run = dfls("format", "--check")
    assert run.code == 2
    assert "option 'indent-width' expects an integer of at least 1, got 0" in run.err
    assert 'option \'keyword-case\' expects one of "upper", "majority", "keep"' in run.err


def test_refusal_exits_2_and_writes_nothing(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formatter.lay, "layout", lambda node, lines, style: ["RUN other"])
    monkeypatch.setattr(
        formatter._FileFormatter, "_same", lambda self, node, new: lex_item(new, 0, "\\")[0]
    )
    path = write(project / "Dockerfile", UGLY)
    run = dfls("format", "Dockerfile")
    assert run.code == 2
    assert "Dockerfile: refused to format: instruction 1 (FROM) would change" in run.err
    assert path.read_text() == UGLY


def test_syntax_errors_are_noted(project: Path, dfls: Dfls) -> None:
    path = write(project / "Dockerfile", "from alpine\nRUN <<EOF\necho never ends\n")
    run = dfls("format", "Dockerfile")
    assert run.code == 0
    assert "Dockerfile: line 2: heredoc 'EOF' is never terminated" in run.err
    assert path.read_text() == "FROM alpine\nRUN <<EOF\necho never ends\n"


def test_keeps_encoding_bom_and_crlf(project: Path, dfls: Dfls) -> None:
    path = project / "Dockerfile"
    path.write_bytes(b"\xef\xbb\xbffrom alpine\r\nrun  true\r\n")
    assert dfls("format").code == 0
    assert path.read_bytes() == b"\xef\xbb\xbfFROM alpine\r\nRUN true\r\n"


def test_usage_errors(project: Path, dfls: Dfls) -> None:
    assert dfls("format", "--check", "--diff").code == 2
    assert dfls("format", "missing/Dockerfile").code == 2


def test_shell_formatting_without_shfmt_is_a_note(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dfls.features.format import shell

    monkeypatch.setattr(shell, "default", lambda: None)
    write(project / ".dfls.toml", "[format]\nshell = true\n")
    path = write(project / "Dockerfile", "FROM alpine\nRUN a&&b\n")
    run = dfls("format")
    assert run.code == 0
    assert "note: shell formatting is on but shfmt is not installed" in run.err
    assert path.read_text() == "FROM alpine\nRUN a&&b\n"


@pytest.mark.corpus
def test_check_reports_nothing_on_the_formatted_corpus(tmp_path: Path, dfls: Dfls) -> None:
    copies = []
    for index, source in enumerate(corpus_files()):
        target = tmp_path / f"{index:03d}" / "Dockerfile"
        target.parent.mkdir()
        shutil.copyfile(source, target)
        copies.append(str(target))
    first = dfls("format", *copies)
    assert first.code == 0, first.err
    assert "refused" not in first.err
    second = dfls("format", "--check", *copies)
    assert second.code == 0, second.err
    assert f"0 files would be reformatted, {len(copies)} left unchanged." in second.err


def test_pre_commit_hook_beside_the_check_hook() -> None:
    hooks: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    text = (Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("- id: "):
            current = hooks.setdefault(line[len("- id: ") :], {})
        elif line.startswith("  ") and ": " in line and not line.strip().startswith("#"):
            key, _, value = line.strip().partition(": ")
            current[key] = value.strip("'")
    assert hooks["dfls-format"]["entry"] == "dfls format --force-exclude"
    for key in ("files", "exclude", "language", "types"):
        assert hooks["dfls-format"][key] == hooks["dfls"][key], key


@pytest.mark.parametrize("mode", [(), ("--check",), ("--diff",)])
def test_many_files_in_several_processes_as_in_one(
    project: Path, dfls: Dfls, mode: tuple[str, ...]
) -> None:
    for index in range(40):
        write(project / f"d{index:02d}" / "Dockerfile", UGLY if index % 3 else PRETTY)
    write(project / "d05" / "Dockerfile", "\ufeff# escape=x\nFROM alpine\n")  # not formatted
    one = dfls("format", "-j", "1", *mode)
    for index in range(40):
        write(project / f"d{index:02d}" / "Dockerfile", UGLY if index % 3 else PRETTY)
    write(project / "d05" / "Dockerfile", "\ufeff# escape=x\nFROM alpine\n")
    several = dfls("format", "-j", "3", *mode)
    assert (several.code, several.out, several.err) == (one.code, one.out, one.err)
    assert "25 files" in one.err
    assert "d05/Dockerfile: not formatted" in one.err
    if not mode:
        assert (project / "d01" / "Dockerfile").read_text() == PRETTY
