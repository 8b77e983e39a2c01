"""textDocument/codeAction: quick fixes, "disable for this instruction", fix-all.

Fixes come from the published diagnostics (matched against the current result, else read
from the diagnostic's ``data``), never from a new lint; the edits themselves are built by
:mod:`dfls.actions` and converted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from dfls.lsp import convert
from dfls.rules._api import Applicability

if TYPE_CHECKING:
    from dfls.lsp.server import DflsServer
    from dfls.lsp.session import Document

FIX_ALL_KIND = "source.fixAll.dfls"


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    if not only:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in only)


def _range(value: dict[str, Any]) -> types.Range:
    start, end = value["start"], value["end"]
    return types.Range(
        start=types.Position(line=start["line"], character=start["character"]),
        end=types.Position(line=end["line"], character=end["character"]),
    )


def _same_range(wire: dict[str, Any], given: types.Range) -> bool:
    start, end = wire["start"], wire["end"]
    return bool(
        start["line"] == given.start.line
        and start["character"] == given.start.character
        and end["line"] == given.end.line
        and end["character"] == given.end.character
    )


def _text_edits(edits: list[dict[str, Any]]) -> list[types.TextEdit]:
    return [types.TextEdit(range=_range(e["range"]), new_text=e["newText"]) for e in edits]


def _edit(ls: DflsServer, doc: Document, edits: list[dict[str, Any]]) -> types.WorkspaceEdit:
    text_edits = _text_edits(edits)
    if ls.document_changes:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=doc.uri, version=doc.version
                    ),
                    edits=list(text_edits),
                )
            ]
        )
    return types.WorkspaceEdit(changes={doc.uri: list(text_edits)})


def _create_files_edit(doc: Document, fix: convert.WireFix) -> types.WorkspaceEdit | None:
    if doc.path is None:
        return None
    changes: list[Any] = []
    for new_file in fix.new_files:
        uri = convert.path_to_uri(doc.path.parent / new_file.path)
        changes.append(
            types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True))
        )
        origin = types.Position(line=0, character=0)
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=[
                    types.TextEdit(
                        range=types.Range(start=origin, end=origin), new_text=new_file.content
                    )
                ],
            )
        )
    if fix.edits:
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=doc.uri, version=doc.version
                ),
                edits=list(_text_edits(fix.edits)),
            )
        )
    return types.WorkspaceEdit(document_changes=changes)


def _fix_for(ls: DflsServer, doc: Document, diagnostic: types.Diagnostic) -> convert.WireFix | None:
    for published in ls.session.diagnostics(doc):
        if published["code"] == diagnostic.code and _same_range(
            published["range"], diagnostic.range
        ):
            return convert.fix_from_data(published.get("data"))
    return convert.fix_from_data(diagnostic.data)


def _ours(ls: DflsServer, doc: Document, params: types.CodeActionParams) -> list[types.Diagnostic]:
    """The dfls diagnostics to act on: those in the context, else our own in the range.

    Some clients send no diagnostics (ALE, when the range is a word) or send them without
    ``source`` (ALE): fall back to the published diagnostics whose lines meet the range.
    """
    given = [d for d in params.context.diagnostics if d.source == convert.SOURCE]
    if given:
        return given
    first, last = params.range.start.line, params.range.end.line
    return [
        types.Diagnostic(
            range=_range(published["range"]),
            message=published["message"],
            severity=types.DiagnosticSeverity(published["severity"]),
            code=published["code"],
            source=published["source"],
            data=published.get("data"),
        )
        for published in ls.session.diagnostics(doc)
        if published["range"]["start"]["line"] <= last
        and published["range"]["end"]["line"] >= first
    ]


def _quick_fixes(
    ls: DflsServer, doc: Document, params: types.CodeActionParams
) -> list[types.CodeAction]:
    from dfls import actions

    found: list[types.CodeAction] = []
    disabled: set[tuple[str, int]] = set()
    lines = doc.dockerfile.lines
    for diagnostic in _ours(ls, doc, params):
        code = diagnostic.code
        if diagnostic.source != convert.SOURCE or not isinstance(code, str):
            continue
        fix = _fix_for(ls, doc, diagnostic)
        if fix is not None:
            edit = _create_files_edit(doc, fix) if fix.new_files else None
            if fix.new_files and not ls.create_files:
                edit = None  # the client cannot create files: no half-working action
            elif not fix.new_files and fix.edits:
                edit = _edit(ls, doc, fix.edits)
            if edit is not None:
                found.append(
                    types.CodeAction(
                        title=actions.quick_fix_title(code, fix.title, fix.applicability),
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=fix.applicability is Applicability.SAFE,
                        edit=edit,
                    )
                )
        line = diagnostic.range.start.line
        instruction = doc.dockerfile.instruction_at(line)
        if instruction is None or (code, instruction.line) in disabled:
            continue
        pragma = actions.pragma_edit(doc.dockerfile, line, code)
        if pragma is None:
            continue
        disabled.add((code, instruction.line))
        wire = convert.edit_to_json(pragma, lines, ls.session.encoding)
        found.append(
            types.CodeAction(
                title=actions.disable_title(code),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=_edit(ls, doc, [wire]),
            )
        )
    return found


def _fix_all(ls: DflsServer, doc: Document, explicit: bool) -> types.CodeAction | None:
    from dfls import actions, engine

    result = ls.session.lint(doc)
    settings = ls.session.config.settings_for(doc.uri, doc.path)
    unsafe = settings.unsafe_fixes
    applicable = [
        v
        for v in result.violations
        if v.fix is not None
        and v.fix.edits
        and (
            v.fix.applicability is Applicability.SAFE
            or (unsafe and v.fix.applicability is Applicability.UNSAFE)
        )
    ]
    if not applicable and not explicit:
        return None
    context = doc.context

    def lint(dockerfile: Any) -> Any:
        return engine.lint(dockerfile, settings, context).violations

    edit = actions.fix_all(doc.dockerfile.text, lint, unsafe)
    if edit is None:
        return None
    wire = convert.edit_to_json(edit, doc.dockerfile.lines, ls.session.encoding)
    return types.CodeAction(
        title="Fix all auto-fixable problems (dfls)",
        kind=FIX_ALL_KIND,
        edit=_edit(ls, doc, [wire]),
    )


async def code_action(
    ls: DflsServer, params: types.CodeActionParams
) -> list[types.CodeAction | types.Command] | None:
    doc = ls.session.get(params.text_document.uri)
    if doc is None:
        return None
    only = params.context.only
    found: list[types.CodeAction | types.Command] = []
    if _wanted(only, types.CodeActionKind.QuickFix):
        found.extend(_quick_fixes(ls, doc, params))
    if _wanted(only, FIX_ALL_KIND):
        fix_all = _fix_all(ls, doc, explicit=bool(only))
        if fix_all is not None:
            found.append(fix_all)
    return found
