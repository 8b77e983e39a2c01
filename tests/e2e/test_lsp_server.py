"""End-to-end: the real ``python -m dfls server`` under VS Code, Neovim 0.11 and Emacs
capability sets (pytest-lsp's recorded snapshots)."""

from __future__ import annotations

import asyncio
import copy
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lsprotocol import types

from tests.lsp.client import CLIENTS, TIMEOUT, capabilities, started

pytestmark = pytest.mark.e2e

SELECT = {"select": ["DF101", "DF203", "DF401", "DF900"]}
TEXT = """\
FROM python:latest
RUN apt-get update && apt-get install curl
CMD python app.py
"""


def _codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics]


def _by_code(diagnostics: list[types.Diagnostic], code: str) -> types.Diagnostic:
    return next(d for d in diagnostics if d.code == code)


@pytest.mark.parametrize("spec", CLIENTS)
async def test_open_gives_diagnostics(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path, initialization_options=SELECT) as client:
        client.open(uri, TEXT)
        diagnostics = await client.diagnostics(uri)
        assert _codes(diagnostics) == ["DF101", "DF203", "DF401"]
        for diagnostic in diagnostics:
            assert diagnostic.source == "dfls"
            assert diagnostic.code_description is not None
            # The rule's page shipped with dfls (tests/test_links.py), not a made-up site.
            href = urlsplit(diagnostic.code_description.href)
            assert href.scheme == "file" and Path(unquote(href.path)).is_file()
            assert isinstance(diagnostic.data, dict)
        df401 = _by_code(diagnostics, "DF401")
        assert df401.severity == types.DiagnosticSeverity.Warning
        assert (df401.range.start.line, df401.range.start.character) == (2, 4)
        if not client.pulls:
            assert client.recorder.published[-1].version == 1


@pytest.mark.parametrize("spec", CLIENTS)
async def test_quick_fixes_fix(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path, initialization_options=SELECT) as client:
        client.open(uri, TEXT)
        diagnostics = await client.diagnostics(uri)
        for code, preferred in (("DF203", True), ("DF401", False)):
            diagnostic = _by_code(diagnostics, code)
            actions = await client.code_actions(uri, [diagnostic], range_=diagnostic.range)
            fix = next(a for a in actions if not a.title.startswith("Disable"))
            assert fix.kind == types.CodeActionKind.QuickFix
            assert list(fix.diagnostics or ()) == [diagnostic]
            assert bool(fix.is_preferred) is preferred
            assert ("unsafe" in fix.title) is not preferred
            assert fix.edit is not None
            # documentChanges with the version when the client supports it, else changes.
            supports = spec != "neovim@v0.11.0"
            assert (fix.edit.document_changes is not None) is supports
            text, _ = client.apply(uri, fix.edit)
            client.replace_all(uri, text)
            diagnostics = await client.diagnostics(uri)
            assert code not in _codes(diagnostics)
        lines = client.texts[uri].splitlines()
        assert "-y" in lines[1].split()
        assert lines[2] == 'CMD ["python", "app.py"]'


@pytest.mark.parametrize("spec", CLIENTS)
async def test_disable_inserts_and_merges_pragmas(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    text = "FROM python:3.12\n# dfls ignore=DF203\n# keep: legacy image\nCMD python app.py\n"
    async with started(spec, tmp_path, initialization_options=SELECT) as client:
        client.open(uri, text)
        diagnostics = await client.diagnostics(uri)
        assert _codes(diagnostics) == ["DF401"]
        actions = await client.code_actions(uri, diagnostics)
        disable = next(a for a in actions if a.title == "Disable DF401 for this instruction")
        assert disable.edit is not None
        new_text, _ = client.apply(uri, disable.edit)
        assert new_text.splitlines()[1] == "# dfls ignore=DF203,DF401"
        client.replace_all(uri, new_text)
        assert await client.diagnostics(uri) == []
        # No pragma yet above FROM: one is inserted.
        client.replace_all(uri, "FROM python:latest\n")
        diagnostics = await client.diagnostics(uri)
        actions = await client.code_actions(uri, diagnostics)
        disable = next(a for a in actions if a.title == "Disable DF101 for this instruction")
        assert disable.edit is not None
        new_text, _ = client.apply(uri, disable.edit)
        assert new_text == "# dfls ignore=DF101\nFROM python:latest\n"


@pytest.mark.parametrize("spec", CLIENTS)
async def test_no_action_for_a_diagnostic_of_an_older_version(spec: str, tmp_path: Path) -> None:
    """A quick fix is computed for the text it is labelled with: a diagnostic the client
    kept from before an edit that moved its finding gets no action (applying its old
    edits would corrupt the file); one still matching the current text gets current ones."""
    uri = (tmp_path / "Dockerfile").as_uri()
    text = "FROM alpine:3.20\nUSER 1000\nCMD python app.py\n"
    async with started(spec, tmp_path, initialization_options=SELECT) as client:
        client.open(uri, text)
        old = _by_code(await client.diagnostics(uri), "DF401")
        start = types.Position(line=0, character=0)
        client.change(
            uri,
            [
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=start, end=start), text="# a comment\n"
                )
            ],
        )
        # Asked right after the change, with the diagnostic of version 1.
        assert await client.code_actions(uri, [old], range_=old.range) == []
        # An edit below the finding leaves it where it was: its actions are offered.
        client.replace_all(uri, text + "# end\n")
        actions = await client.code_actions(uri, [old], range_=old.range)
        assert [a.title.split(" (")[0] for a in actions] == [
            "Convert to exec form",
            "Disable DF401 for this instruction",
        ]
        for action in actions:
            assert action.edit is not None
            fixed, _ = client.apply(uri, action.edit)  # checks the version label too
            assert fixed in (
                'FROM alpine:3.20\nUSER 1000\nCMD ["python", "app.py"]\n# end\n',
                "FROM alpine:3.20\nUSER 1000\n# dfls ignore=DF401\nCMD python app.py\n# end\n",
            )


@pytest.mark.parametrize("spec", CLIENTS)
async def test_fix_all(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    text = "FROM debian:12.5\nRUN apt-get install curl\nRUN apt-get install git\nCMD x\n"
    async with started(spec, tmp_path, initialization_options=SELECT) as client:
        client.open(uri, text)
        diagnostics = await client.diagnostics(uri)
        assert _codes(diagnostics) == ["DF203", "DF203", "DF401"]
        actions = await client.code_actions(uri, [], only=["source.fixAll"])
        assert [a.kind for a in actions] == ["source.fixAll.dfls"]
        assert actions[0].edit is not None
        fixed, _ = client.apply(uri, actions[0].edit)
        lines = fixed.splitlines()
        assert [line for line in lines if "-y" in line.split()] == lines[1:3]
        assert lines[0] == "FROM debian:12.5"
        assert lines[3] == "CMD x"
        client.replace_all(uri, fixed)
        assert _codes(await client.diagnostics(uri)) == ["DF401"]  # unsafe: left alone
        assert await client.code_actions(uri, [], only=["source.fixAll.dfls"]) == []


@pytest.mark.parametrize("spec", CLIENTS)
async def test_fix_all_is_computed_only_when_asked_for(spec: str, tmp_path: Path) -> None:
    """A request without ``only`` (a cursor move) never runs the fix loop: fix-all comes
    without an edit, for codeAction/resolve, or not at all if the client cannot resolve."""
    uri = (tmp_path / "Dockerfile").as_uri()
    text = "FROM debian:12.5\nRUN apt-get install curl\nCMD x\n"
    caps = capabilities(spec)
    code_action = caps.text_document.code_action if caps.text_document else None
    resolve = code_action.resolve_support if code_action else None
    lazy = resolve is not None and "edit" in resolve.properties
    async with started(caps, tmp_path, initialization_options=SELECT) as client:
        client.open(uri, text)
        await client.diagnostics(uri)
        actions = await client.code_actions(uri, [])
        fix_all = [a for a in actions if a.kind == "source.fixAll.dfls"]
        assert len(fix_all) == (1 if lazy else 0)
        assert all(a.kind == types.CodeActionKind.QuickFix for a in actions if a not in fix_all)
        if not lazy:
            return
        (offered,) = fix_all
        assert offered.edit is None
        resolved = await asyncio.wait_for(
            client.lsp.code_action_resolve_async(copy.deepcopy(offered)), TIMEOUT
        )
        assert resolved.edit is not None
        fixed, _ = client.apply(uri, resolved.edit)
        assert fixed == text.replace("install curl", "install -y curl")
        client.replace_all(uri, text + "# changed\n")
        stale = await asyncio.wait_for(client.lsp.code_action_resolve_async(offered), TIMEOUT)
        assert stale.edit is None  # offered for version 1: never an edit for another text


async def test_fix_all_with_unsafe_fixes_setting(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    options = {**SELECT, "unsafeFixes": True}
    async with started("visual-studio-code", tmp_path, initialization_options=options) as client:
        client.open(uri, "FROM a:1\nCMD python app.py\n")
        await client.diagnostics(uri)
        actions = await client.code_actions(uri, [], only=["source"])
        assert actions[0].edit is not None
        fixed, _ = client.apply(uri, actions[0].edit)
        assert fixed == 'FROM a:1\nCMD ["python", "app.py"]\n'


async def test_hover_markdown_and_plain(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    plain_caps = copy.deepcopy(capabilities("visual-studio-code"))
    assert plain_caps.text_document is not None
    plain_caps.text_document.hover = types.HoverClientCapabilities(
        content_format=[types.MarkupKind.PlainText]
    )
    for caps, kind in (
        (capabilities("visual-studio-code"), types.MarkupKind.Markdown),
        (plain_caps, types.MarkupKind.PlainText),
    ):
        async with started(caps, tmp_path, initialization_options=SELECT) as client:
            client.open(uri, TEXT)
            await client.diagnostics(uri)
            on_image = await client.hover(uri, 0, 8)
            assert on_image is not None
            assert isinstance(on_image.contents, types.MarkupContent)
            assert on_image.contents.kind == kind
            value = on_image.contents.value
            assert "image-tag (DF101)" in value
            assert "Why is this bad?" in value
            assert on_image.range is not None
            assert (on_image.range.start.character, on_image.range.end.character) == (5, 18)
            keyword = await client.hover(uri, 1, 1)
            assert keyword is not None
            assert isinstance(keyword.contents, types.MarkupContent)
            assert "Runs a command in a new layer" in keyword.contents.value
            if kind == types.MarkupKind.PlainText:
                assert "**" not in value
                assert "```" not in keyword.contents.value
            else:
                assert "```dockerfile" in keyword.contents.value
            # A column past the end of a line means its end: nothing after "curl" on line
            # 1; the end of DF401's range on line 2.
            assert await client.hover(uri, 1, 99) is None
            past = await client.hover(uri, 2, 99)
            assert past is not None and past.range is not None
            assert isinstance(past.contents, types.MarkupContent)
            assert "(DF401)" in past.contents.value
            assert (past.range.start.line, past.range.start.character) == (2, 4)
            assert (past.range.end.line, past.range.end.character) == (2, 17)
            assert await client.hover(uri, 50, 0) is None


@pytest.mark.parametrize("spec", CLIENTS)
async def test_positions_follow_the_negotiated_encoding(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    line = 'CMD echo "😋é\t" && python app.py'
    async with started(spec, tmp_path, initialization_options=SELECT) as client:
        expected = {"visual-studio-code": "utf-16", "neovim@v0.11.0": "utf-8", "emacs": "utf-32"}
        assert client.encoding == expected[spec]
        units = {
            "utf-16": len(line) + 1,
            "utf-8": len(line.encode()),
            "utf-32": len(line),
        }[client.encoding]
        client.open(uri, f"FROM a:1\r\n{line}\r\n")
        df401 = _by_code(await client.diagnostics(uri), "DF401")
        assert (df401.range.end.line, df401.range.end.character) == (1, units)
        # Type two characters at the end of that line, in client units.
        end = types.Position(line=1, character=units)
        client.change(
            uri,
            [
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=end, end=end), text=" x"
                )
            ],
        )
        df401 = _by_code(await client.diagnostics(uri), "DF401")
        assert df401.range.end.character == units + 2
        assert client.texts[uri] == f"FROM a:1\r\n{line} x\r\n"
        hover = await client.hover(uri, 1, units + 1)  # on the "x", after the emoji
        assert hover is not None
        assert hover.range is not None
        assert hover.range.end.character == units + 2


async def test_pull_diagnostics_with_result_ids(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("neovim@v0.11.0", tmp_path, initialization_options=SELECT) as client:
        assert client.pulls
        client.open(uri, TEXT)
        first = await client.pull(uri)
        assert isinstance(first, types.RelatedFullDocumentDiagnosticReport)
        assert first.result_id
        again = await client.pull(uri, previous=first.result_id)
        assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
        assert again.result_id == first.result_id
        client.replace_all(uri, "FROM python:3.12\n")
        changed = await client.pull(uri, previous=first.result_id)
        assert isinstance(changed, types.RelatedFullDocumentDiagnosticReport)
        assert list(changed.items) == []
        assert changed.result_id != first.result_id
        assert client.recorder.published == []  # pull clients get no pushes


async def test_close_clears(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path, initialization_options=SELECT) as client:
        client.open(uri, TEXT)
        assert await client.diagnostics(uri)
        start = len(client.recorder.published)
        client.close(uri)
        cleared = await client.wait_published(lambda p: p.uri == uri, start)
        assert list(cleared.diagnostics) == []


async def test_configuration_request_and_change_relint(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path, initialization_options=SELECT) as client:
        client.open(uri, TEXT)
        assert _codes(await client.diagnostics(uri)) == ["DF101", "DF203", "DF401"]
        start = len(client.recorder.published)
        client.lsp.set_configuration({"select": ["DF401"]}, section="dfls")
        client.lsp.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings=None)
        )
        published = await client.wait_published(
            lambda p: p.uri == uri and _codes(list(p.diagnostics)) == ["DF401"], start
        )
        assert published.version == 1
        registered = [r.method for p in client.recorder.registrations for r in p.registrations]
        assert "workspace/didChangeWatchedFiles" in registered


@pytest.mark.parametrize("spec", CLIENTS)
async def test_first_diagnostics_use_the_pulled_configuration(spec: str, tmp_path: Path) -> None:
    """No flicker: a document is linted once, with the settings the client answers to
    workspace/configuration, not first with the defaults and then again."""
    uri = (tmp_path / "Dockerfile").as_uri()
    caps = capabilities(spec)
    expected = (
        ["DF401"]
        if caps.workspace and caps.workspace.configuration
        else ["DF101", "DF203", "DF401"]
    )
    pulled = {"": {"dfls": {"select": ["DF401"]}}}  # the global scope's section "dfls"
    async with started(
        caps, tmp_path, initialization_options=SELECT, configuration=pulled
    ) as client:
        client.open(uri, TEXT)
        if client.pulls:
            assert _codes(await client.diagnostics(uri)) == expected
        else:
            first = await client.wait_published(lambda p: p.uri == uri)
            assert _codes(list(first.diagnostics)) == expected


async def test_configuration_push_payload_and_bad_settings(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    caps = copy.deepcopy(capabilities("emacs"))
    assert caps.workspace is not None
    caps.workspace.configuration = False
    async with started(
        caps, tmp_path, initialization_options={"select": ["DF101", "DF999x"]}
    ) as client:
        client.open(uri, TEXT)
        assert _codes(await client.diagnostics(uri)) == ["DF101"]
        await client.message(lambda m: "DF999x" in m)
        start = len(client.recorder.published)
        client.lsp.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"dfls": {"select": ["DF203"]}})
        )
        published = await client.wait_published(lambda p: p.uri == uri, start)
        assert _codes(list(published.diagnostics)) == ["DF203"]
        client.lsp.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"dfls": {"select": "DF401", "ignore": 3}})
        )
        published = await client.wait_published(lambda p: p.uri == uri, start + 1)
        assert _codes(list(published.diagnostics)) == ["DF401"]
        await client.message(lambda m: "ignore: expected" in m)
        bad = [m.message for m in client.lsp.messages if "ignore: expected" in m.message]
        assert len(bad) == 1


async def test_invalid_rule_option_is_shown_and_the_default_used(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    caps = copy.deepcopy(capabilities("emacs"))
    assert caps.workspace is not None
    caps.workspace.configuration = False  # settings come in the didChangeConfiguration push
    bad = {"select": ["DF101"], "rules": {"DF101": {"strictness": "bogus"}}}
    async with started(caps, tmp_path, initialization_options=bad) as client:
        client.open(uri, "FROM python:3\nFROM python\n")
        diagnostics = await client.diagnostics(uri)
        assert [d.range.start.line for d in diagnostics] == [1]  # "latest", the default
        shown = await client.message(lambda m: "strictness" in m)
        assert 'DF101: option \'strictness\' expects one of "latest", "major", got "bogus"' in shown
        start = len(client.recorder.published)
        good = {"select": ["DF101"], "rules": {"DF101": {"strictness": "major"}}}
        client.lsp.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"dfls": good})
        )
        published = await client.wait_published(lambda p: p.uri == uri, start)
        assert [d.range.start.line for d in published.diagnostics] == [0, 1]


async def test_watched_config_file_relints(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path) as client:
        client.open(uri, TEXT)
        before = _codes(await client.diagnostics(uri))
        assert "DF101" in before
        (tmp_path / ".dfls.toml").write_text('ignore = ["DF101"]\n')
        start = len(client.recorder.published)
        client.lsp.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(
                        uri=(tmp_path / ".dfls.toml").as_uri(), type=types.FileChangeType.Created
                    )
                ]
            )
        )
        published = await client.wait_published(lambda p: p.uri == uri, start)
        assert _codes(list(published.diagnostics)) == [c for c in before if c != "DF101"]


async def test_editor_settings_override_the_config_file(tmp_path: Path) -> None:
    (tmp_path / ".dfls.toml").write_text('select = ["DF101"]\n')
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("emacs", tmp_path) as client:
        client.open(uri, TEXT)
        assert _codes(await client.diagnostics(uri)) == ["DF101"]
    async with started("emacs", tmp_path, initialization_options={"select": ["DF401"]}) as client:
        client.open(uri, TEXT)
        assert _codes(await client.diagnostics(uri)) == ["DF401"]


async def test_dockerignore_is_created_only_with_resource_operations(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    text = "FROM python:3.12\nCOPY . /app\n"
    options = {"select": ["DF301"]}
    async with started("visual-studio-code", tmp_path, initialization_options=options) as client:
        client.open(uri, text)
        diagnostics = await client.diagnostics(uri)
        actions = await client.code_actions(uri, diagnostics)
        create = next(a for a in actions if "dockerignore" in a.title)
        assert create.edit is not None
        new_text, operations = client.apply(uri, create.edit)
        assert new_text == text
        assert isinstance(operations[0], types.CreateFile)
        assert operations[0].uri == (tmp_path / ".dockerignore").as_uri()
        assert isinstance(operations[1], types.TextDocumentEdit)
        inserted = operations[1].edits[0]
        assert isinstance(inserted, types.TextEdit)
        assert ".git" in inserted.new_text
    async with started("emacs", tmp_path, initialization_options=options) as client:
        client.open(uri, text)
        actions = await client.code_actions(uri, await client.diagnostics(uri))
        assert not any("dockerignore" in a.title for a in actions)
        assert any(a.title.startswith("Disable DF301") for a in actions)
