"""The session without an event loop: text sync into the model, lint, results."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dfls.engine import linting as engine
from dfls.engine.config import LoadedSettings, Settings
from dfls.lsp import convert
from dfls.lsp.params import Change
from dfls.lsp.session import Session
from dfls.lsp.settings import ConfigStore, EditorSettings
from dfls.model import Dockerfile
from dfls.rules.api import BuildContext

URI = "file:///w/Dockerfile"
TEXT = "FROM python:latest\nCMD python app.py\n"


def _no_files(path: Path, stop: Path | None) -> LoadedSettings:
    return LoadedSettings(Settings(), None, ())


def _session(encoding: str = convert.UTF16, **settings: object) -> Session:
    store = ConfigStore(_no_files)
    store.set_editor(EditorSettings(dict(settings)))
    return Session(store, encoding, read_context=lambda path: BuildContext(known=False))


def _codes(session: Session) -> list[str]:
    doc = session.get(URI)
    assert doc is not None
    return [d["code"] for d in session.diagnostics(doc)]


def test_open_lint_and_close() -> None:
    session = _session(select=["DF101", "DF401"])
    doc = session.open(URI, 1, TEXT)
    assert doc.path == Path("/w/Dockerfile")
    assert _codes(session) == ["DF101", "DF401"]
    first_id = doc.result_id
    assert session.diagnostics(doc) is session.diagnostics(doc)  # converted once
    assert doc.result_id == first_id
    assert session.close(URI) is doc
    assert session.get(URI) is None


def test_incremental_change_in_client_units() -> None:
    session = _session(select=["DF101"])
    session.open(URI, 1, "# 😋\nFROM python:latest\n")
    # Replace "latest" (UTF-16 columns 12..18 on line 1) with "3.12".
    doc = session.change(URI, 2, [Change(((1, 12), (1, 18)), "3.12")])
    assert doc is not None
    assert doc.dockerfile.text == "# 😋\nFROM python:3.12\n"
    assert doc.version == 2
    assert _codes(session) == []
    # An emoji line edited in UTF-16 units: after the emoji is column 4, not 3.
    session.change(URI, 3, [Change(((0, 4), (0, 4)), "!")])
    assert doc.dockerfile.lines[0] == "# 😋!"


def test_utf8_and_several_changes_each_against_the_text_before_it() -> None:
    session = _session(convert.UTF8, select=["DF101"])
    session.open(URI, 1, "FROM é:latest\n")
    changes = [
        Change(((0, 8), (0, 14)), "1"),  # bytes: "FROM " 5 + é 2 + ":" 1 = 8
        Change(((0, 9), (0, 9)), ".2"),
        Change(None, "FROM a:1\nRUN x\n"),
        Change(((1, 0), (1, 0)), "# c\n"),
    ]
    doc = session.change(URI, 2, changes)
    assert doc is not None
    assert doc.dockerfile.text == "FROM a:1\n# c\nRUN x\n"


def test_change_for_unknown_document() -> None:
    assert _session().change("file:///nowhere", 1, [Change(None, "x")]) is None


def test_verify_edits_rebuilds_a_model_that_diverged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    session = _session(select=["DF101"])
    session.verify_edits = True
    doc = session.open(URI, 1, TEXT)
    # An incremental-update bug: the model applies an edit wrongly.
    monkeypatch.setattr(Dockerfile, "apply_edit", lambda self, span, text: Dockerfile.parse("?"))
    session.change(URI, 2, [Change(((0, 12), (0, 18)), "3.12")])
    assert doc.dockerfile.text == "FROM python:3.12\nCMD python app.py\n"
    assert "diverged" in caplog.text
    assert _codes(session) == []


def test_without_verify_edits_the_model_is_the_only_copy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = _session(select=["DF101"])
    doc = session.open(URI, 1, TEXT)
    monkeypatch.setattr(Dockerfile, "apply_edit", lambda self, span, text: Dockerfile.parse("?"))
    session.change(URI, 2, [Change(((0, 12), (0, 18)), "3.12")])
    assert doc.dockerfile.text == "?"  # nothing re-applied behind its back


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x85", "\x1c"])
def test_lines_break_only_where_lsp_says(separator: str, caplog: pytest.LogCaptureFixture) -> None:
    # str.splitlines also breaks at these, which would put an edit of LSP line 1 on the
    # wrong line (pygls' own text copy did exactly that).
    session = _session()
    session.verify_edits = True
    doc = session.open(URI, 1, f"LABEL a={separator}b\nFROM x\n")
    session.change(URI, 2, [Change(((1, 6), (1, 6)), ":1")])
    assert doc.dockerfile.text == f"LABEL a={separator}b\nFROM x:1\n"
    assert "diverged" not in caplog.text


def test_binary_documents_are_not_linted() -> None:
    session = _session()
    doc = session.open(URI, 1, "FROM a\x00\x01\n" * 3)
    assert doc.binary
    assert _codes(session) == []
    changed = session.change(URI, 2, [Change(None, "FROM python:latest\n")])
    assert changed is not None
    assert not changed.binary
    assert "DF101" in _codes(session)


def test_rule_errors_are_reported_once(monkeypatch: pytest.MonkeyPatch) -> None:
    session = _session()
    doc = session.open(URI, 1, TEXT)
    failing = engine.LintResult((), (engine.RuleError("DF999", "rule DF999 failed", "tb"),))
    monkeypatch.setattr(engine, "lint", lambda *a, **k: failing)
    session.lint(doc)
    doc.result = None
    session.lint(doc)
    assert [e.code for e in session.take_rule_errors()] == ["DF999"]
    assert session.take_rule_errors() == []


def test_invalidate_forgets_results() -> None:
    session = _session(select=["DF101"])
    doc = session.open(URI, 1, TEXT)
    session.lint(doc)
    assert doc.is_current
    assert session.invalidate() == [doc]
    assert not doc.is_current


LINE_TEXT = st.text(alphabet="FROMRUNab $\\{}:\t😋é\"'#", max_size=12)


@st.composite
def _edits(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, int, int, str]]]:
    lines = draw(st.lists(LINE_TEXT, min_size=1, max_size=6))
    text = "\n".join(lines)
    edits = draw(
        st.lists(
            st.tuples(
                st.integers(0, 7),
                st.integers(0, 14),
                st.integers(0, 7),
                st.integers(0, 14),
                st.text(alphabet="FROM a\\\n😋é\r", max_size=6),
            ),
            max_size=6,
        )
    )
    return text, edits


def _apply_utf16(text: str, edit: tuple[int, int, int, int, str]) -> str:
    """A reference editor: apply an LSP edit (UTF-16 units, clamped) to text."""
    dockerfile = Dockerfile.parse(text)
    lines = dockerfile.lines
    span = convert.range_from_client(lines, edit[:2], edit[2:4], convert.UTF16)
    start, end = sorted((span.start, span.end))
    offsets = [0]
    for line, ending in zip(lines, dockerfile.endings, strict=True):
        offsets.append(offsets[-1] + len(line) + len(ending))
    a = offsets[start.line] + start.character
    b = offsets[end.line] + end.character
    return text[:a] + edit[4] + text[b:]


@settings(max_examples=300, deadline=None)
@given(_edits())
def test_edit_replay_equals_fresh_parse_and_lint(
    case: tuple[str, list[tuple[int, int, int, int, str]]],
) -> None:
    text, edits = case
    session = _session(select=["ALL"])
    doc = session.open(URI, 1, text)
    session.lint(doc)
    expected = text
    for version, edit in enumerate(edits, start=2):
        expected = _apply_utf16(expected, edit)
        session.change(URI, version, [Change((edit[:2], edit[2:4]), edit[4])])
        assert doc.dockerfile.text == expected
        session.lint(doc)
    fresh = _session(select=["ALL"])
    fresh_doc = fresh.open(URI, 1, expected)
    assert session.diagnostics(doc) == fresh.diagnostics(fresh_doc)


def test_huge_documents_are_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    from dfls.lsp import session as module

    monkeypatch.setattr(module, "MAX_CHARS", 100)
    session = _session(select=["DF101"])
    doc = session.open(URI, 1, "FROM python:latest\n" * 10)
    assert doc.too_large
    assert doc.dockerfile.line_count == 1  # the empty model
    assert _codes(session) == []
    # Edits still apply to the text, so shrinking it below the limit lints it again.
    changed = session.change(URI, 2, [Change(((0, 0), (0, 0)), "# x\n")])
    assert changed is doc
    assert (doc.too_large, doc.raw) == (True, "# x\n" + "FROM python:latest\n" * 10)
    session.change(URI, 3, [Change(((1, 0), (10, 0)), "")])
    assert (doc.too_large, doc.raw) == (False, None)
    assert doc.dockerfile.text == "# x\nFROM python:latest\n"
    assert _codes(session) == ["DF101"]
    # One change bigger than the limit is applied as text, without incremental work.
    session.change(URI, 4, [Change(((2, 0), (2, 0)), "x" * 200)])
    assert (doc.too_large, doc.raw) == (True, "# x\nFROM python:latest\n" + "x" * 200)
    assert _codes(session) == []
    # An edit that grows a normal document past the limit.
    session.change(URI, 5, [Change(None, "FROM python:latest\n")])
    assert (doc.too_large, doc.raw) == (False, None)
    session.change(URI, 6, [Change(((1, 0), (1, 0)), "RUN true\n" * 12)])
    assert (doc.too_large, doc.raw) == (True, "FROM python:latest\n" + "RUN true\n" * 12)


def test_finding_matches_code_and_range_of_the_current_result_only() -> None:
    session = _session(select=["DF401"])
    doc = session.open(URI, 1, "FROM a:1\nCMD python app.py\n")
    (published,) = session.diagnostics(doc)
    start, end = published["range"]["start"], published["range"]["end"]
    key = (start["line"], start["character"], end["line"], end["character"])
    assert key == (1, 4, 1, 17)
    found = session.finding(doc, "DF401", key)
    assert found is not None and found.code == "DF401"
    assert session.finding(doc, "DF101", key) is None
    # A line inserted above: the old diagnostic's range no longer names a finding.
    session.change(URI, 2, [Change(((0, 0), (0, 0)), "# note\n")])
    assert session.finding(doc, "DF401", key) is None
    assert session.finding(doc, "DF401", (2, 4, 2, 17)) is not None
    assert [v.code for v, _ in session.findings_on_lines(doc, 2, 2)] == ["DF401"]
    assert session.findings_on_lines(doc, 0, 1) == []


def test_a_bom_in_the_client_text_is_a_character_of_that_text() -> None:
    """Editors strip a file's BOM before sending its text; a client that sends one gets
    positions in the text it sent (the BOM counts), pointing at the right characters."""
    session = _session(select=["DF101"])
    doc = session.open(URI, 1, "\ufeffFROM python:latest\n")
    (df101,) = session.diagnostics(doc)
    assert df101["range"]["start"] == {"line": 0, "character": 6}
    assert doc.dockerfile.lines[0][6:19] == "python:latest"
