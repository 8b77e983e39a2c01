"""textDocument/codeAction: quick fixes, "disable for this instruction", fix-all.

A thin adapter over :mod:`dfls.features.actions`. Actions are offered only for the diagnostics that
match a finding of the *current* lint result (same code, same range); their edits are
computed from the current text and labelled with its version. A diagnostic the client
kept from an older version that no longer matches gets no action: its fix (also in its
``data``) was computed for another text, and applying it would corrupt this one.

So unlike hover, a code action request waits for the lint of the current text, if one is
running; it waits without holding up the event loop (:func:`diagnostics.lint`), so
keystrokes and hovers are answered meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from dfls.lsp import convert
from dfls.lsp.capabilities import FIX_ALL_KIND
from dfls.lsp.handlers import diagnostics

if TYPE_CHECKING:
    from dfls.features.actions import Action, Violation
    from dfls.lsp.server import Server
    from dfls.lsp.session import Document


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


def _text_edits(ls: Server, doc: Document, action: Action) -> list[types.TextEdit]:
    lines, encoding = doc.dockerfile.lines, ls.session.encoding
    return [
        types.TextEdit(range=_range(wire["range"]), new_text=wire["newText"])
        for wire in (convert.edit_to_json(e, lines, encoding) for e in action.edits)
    ]


def _this_document(doc: Document, edits: list[types.TextEdit]) -> types.TextDocumentEdit:
    return types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(
            uri=doc.uri, version=doc.version
        ),
        edits=list(edits),
    )


def _workspace_edit(ls: Server, doc: Document, action: Action) -> types.WorkspaceEdit | None:
    """The action as a workspace edit of ``doc`` at its current version (None: the client
    cannot apply it, e.g. creating a file without resource operations)."""
    edits = _text_edits(ls, doc, action)
    if action.new_files:
        if not ls.features.create_files or doc.path is None:
            return None  # no half-working action
        changes: list[Any] = []
        origin = types.Position(line=0, character=0)
        for new_file in action.new_files:
            uri = convert.path_to_uri(doc.path.parent / new_file.path)
            changes.append(
                types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True))
            )
            changes.append(
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=uri, version=None
                    ),
                    edits=[
                        types.TextEdit(
                            range=types.Range(start=origin, end=origin),
                            new_text=new_file.content,
                        )
                    ],
                )
            )
        if edits:
            changes.append(_this_document(doc, edits))
        return types.WorkspaceEdit(document_changes=changes)
    if not edits:
        return None
    if ls.features.document_changes:
        return types.WorkspaceEdit(document_changes=[_this_document(doc, edits)])
    return types.WorkspaceEdit(changes={doc.uri: edits})


def _as_diagnostic(published: dict[str, Any]) -> types.Diagnostic:
    return types.Diagnostic(
        range=_range(published["range"]),
        message=published["message"],
        severity=types.DiagnosticSeverity(published["severity"]),
        code=published["code"],
        source=published["source"],
        data=published.get("data"),
    )


def _findings(
    ls: Server, doc: Document, params: types.CodeActionParams
) -> list[tuple[Violation, types.Diagnostic]]:
    """The current findings to act on, each with the diagnostic to name in its actions.

    Those the client sent (when they still match the current result), else our own whose
    lines meet the range: some clients send no diagnostics (ALE, when the range is a word)
    or send them without ``source`` (ALE).
    """
    given = [d for d in params.context.diagnostics if d.source == convert.SOURCE]
    if given:
        found: list[tuple[Violation, types.Diagnostic]] = []
        for diagnostic in given:
            if not isinstance(diagnostic.code, str):
                continue
            start, end = diagnostic.range.start, diagnostic.range.end
            key = (start.line, start.character, end.line, end.character)
            violation = ls.session.finding(doc, diagnostic.code, key)
            if violation is not None:
                found.append((violation, diagnostic))
        return found
    first, last = params.range.start.line, params.range.end.line
    return [
        (violation, _as_diagnostic(published))
        for violation, published in ls.session.findings_on_lines(doc, first, last)
    ]


def _quick_fixes(
    ls: Server, doc: Document, params: types.CodeActionParams
) -> list[types.CodeAction]:
    from dfls.features import actions

    pairs = _findings(ls, doc, params)
    named = dict(reversed(pairs))
    found: list[types.CodeAction] = []
    for action in actions.for_findings(doc.dockerfile, [v for v, _ in pairs]):
        edit = _workspace_edit(ls, doc, action)
        if edit is None or action.violation is None:
            continue
        found.append(
            types.CodeAction(
                title=action.title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[named[action.violation]],
                is_preferred=action.preferred or None,
                edit=edit,
            )
        )
    return found


def _fix_all(ls: Server, doc: Document) -> types.CodeAction | None:
    from dfls.features import actions

    result = ls.session.lint(doc)
    settings = ls.session.config.settings_for(doc.uri, doc.path)
    action = actions.fix_all_action(doc.dockerfile, result.violations, settings, doc.context)
    if action is None:
        return None
    edit = _workspace_edit(ls, doc, action)
    if edit is None:
        return None
    return types.CodeAction(title=action.title, kind=FIX_ALL_KIND, edit=edit)


def _lazy_fix_all(ls: Server, doc: Document) -> types.CodeAction | None:
    """Fix-all without its edit, for ``codeAction/resolve`` to fill in (None when there is
    nothing to fix): cheap enough for every request, unlike the fix loop itself."""
    from dfls.features import actions

    result = ls.session.lint(doc)
    unsafe = ls.session.config.settings_for(doc.uri, doc.path).unsafe_fixes
    if not actions.can_fix_all(result.violations, unsafe):
        return None
    return types.CodeAction(
        title=actions.FIX_ALL_TITLE,
        kind=FIX_ALL_KIND,
        data={"uri": doc.uri, "version": doc.version},
    )


async def code_action(
    ls: Server, params: types.CodeActionParams
) -> list[types.CodeAction | types.Command] | None:
    """Quick fixes and disable actions; fix-all, which runs the fix loop (seconds on a
    long file), only when asked for by kind (``only``: ``source``, ``source.fixAll``,
    ``source.fixAll.dfls``), as on save and by the editors' "fix all" commands. A request
    without ``only`` (every cursor move in some editors) gets fix-all without its edit
    when the client resolves edits lazily, and no fix-all otherwise."""
    doc = ls.session.get(params.text_document.uri)
    if doc is None:
        return None
    if not await diagnostics.lint(ls, doc):
        return []  # the text changed meanwhile: the client asks again about the new one
    only = params.context.only
    found: list[types.CodeAction | types.Command] = []
    if _wanted(only, types.CodeActionKind.QuickFix):
        found.extend(_quick_fixes(ls, doc, params))
    fix_all: types.CodeAction | None = None
    if only and _wanted(only, FIX_ALL_KIND):
        fix_all = _fix_all(ls, doc)
    elif not only and ls.features.resolve_edits:
        fix_all = _lazy_fix_all(ls, doc)
    if fix_all is not None:
        found.append(fix_all)
    return found


async def resolve(ls: Server, action: types.CodeAction) -> types.CodeAction:
    """``codeAction/resolve``: the edit of a lazy fix-all, for the version it was offered
    for; if the document changed since, the action is returned without an edit."""
    data = action.data
    if action.kind != FIX_ALL_KIND or action.edit is not None or not isinstance(data, dict):
        return action
    uri, version = data.get("uri"), data.get("version")
    doc = ls.session.get(uri) if isinstance(uri, str) else None
    if doc is None or doc.version != version or not await diagnostics.lint(ls, doc):
        return action
    resolved = _fix_all(ls, doc)
    if resolved is not None:
        action.edit = resolved.edit
    return action
