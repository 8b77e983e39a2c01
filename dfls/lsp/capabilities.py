"""What the client can do, read once from ``initialize``; and what the server announces.

:func:`client_features` is a pure function of the ``initialize`` params (as JSON), so each
client's quirks are unit-tested from its recorded capabilities. :func:`initialize_result`
is the answer to ``initialize``: the capabilities pygls would compute for dfls' handlers
(``tests/lsp/test_capabilities.py`` holds the two side by side), built without pygls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dfls import __version__
from dfls.features.token_legend import TOKEN_MODIFIERS, TOKEN_TYPES

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)

QUICK_FIX_KIND = "quickfix"
FIX_ALL_KIND = "source.fixAll.dfls"
TEXT_DOCUMENT_SYNC_INCREMENTAL = 2
COMPLETION_TRIGGERS = [" ", "-", "=", ",", "$", "{", "/", ":"]
SIGNATURE_TRIGGERS = [" ", "="]
SIGNATURE_RETRIGGERS = ["-", ","]

SEMANTIC_TOKENS_LEGEND = {
    "tokenTypes": list(TOKEN_TYPES),
    "tokenModifiers": list(TOKEN_MODIFIERS),
}
LAYOUT_PROVIDERS: dict[str, Any] = {
    "foldingRangeProvider": True,
    "selectionRangeProvider": True,
    "documentLinkProvider": {"resolveProvider": False},
    "inlayHintProvider": {"resolveProvider": False},
    "semanticTokensProvider": {
        "legend": SEMANTIC_TOKENS_LEGEND,
        "range": True,
        "full": {"delta": True},
    },
}
"""Folding, selection ranges, links, inlay hints and semantic tokens (served on plain JSON
by :mod:`dfls.lsp.handlers.layout` and :mod:`dfls.lsp.handlers.semantic_tokens`)."""


NAVIGATION: dict[str, Any] = {
    "definitionProvider": True,
    "referencesProvider": True,
    "documentHighlightProvider": True,
    "documentSymbolProvider": True,
    "workspaceSymbolProvider": {"resolveProvider": False},
}
"""Stages and variables: dfls/lsp/handlers/navigation.py."""


@dataclass(frozen=True)
class ClientFeatures:
    """The client's capabilities that change what the server does (the defaults are a
    client that declares none)."""

    client: str = "?"
    """``clientInfo.name``, for the log."""
    position_encoding: str = UTF16
    """The first of the client's position encodings the server supports (else UTF-16)."""
    pull_diagnostics: bool = False
    """It asks for diagnostics (``textDocument/diagnostic``): they are never pushed."""
    markdown_hover: bool = False
    document_changes: bool = False
    """Workspace edits may carry versioned ``documentChanges``."""
    create_files: bool = False
    """... and ``CreateFile`` operations."""
    resolve_edits: bool = False
    """It resolves a code action's ``edit`` lazily (``codeAction/resolve``)."""
    configuration_pull: bool = False
    """It answers ``workspace/configuration``."""
    refresh_diagnostics: bool = False
    """It accepts ``workspace/diagnostic/refresh``."""
    watch_files_dynamically: bool = False
    register_configuration: bool = False
    """It takes dynamic registrations for watched files / configuration changes."""
    completion_snippets: bool = False
    """Completion items may be snippets (tab stops, choices)."""
    completion_edit_range: bool = False
    """A completion list may give its items one edit range (``itemDefaults.editRange``)."""
    completion_docs: str = ""
    """The format of completion documentation: ``markdown``, ``plaintext`` or "" (a plain
    string, for clients that name no format)."""
    signature_docs: str = ""
    """The same for signature help."""
    hierarchical_symbols: bool = False
    """It shows ``DocumentSymbol`` trees (else flat ``SymbolInformation``)."""
    prepare_rename: bool = False
    """It sends ``textDocument/prepareRename``."""
    work_done_progress: bool = False
    """It shows progress the server starts (``window/workDoneProgress/create``)."""


def _at(value: Any, *path: str) -> Any:
    """``value[path[0]][path[1]]...``, or None where any step is missing or not an object."""
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _flag(value: Any, *path: str) -> bool:
    return _at(value, *path) is True


def _strings(value: Any, *path: str) -> list[str]:
    found = _at(value, *path)
    return [v for v in found if isinstance(v, str)] if isinstance(found, list) else []


def client_features(params: Mapping[str, Any]) -> ClientFeatures:
    """The features of the client that sent these ``initialize`` params (any shape: what
    is missing or of the wrong type counts as not supported)."""
    caps = _at(params, "capabilities")
    offered = _strings(caps, "general", "positionEncodings")
    document_changes = _flag(caps, "workspace", "workspaceEdit", "documentChanges")
    name = _at(params, "clientInfo", "name")
    return ClientFeatures(
        client=name if isinstance(name, str) else "?",
        position_encoding=next((e for e in offered if e in ENCODINGS), UTF16),
        pull_diagnostics=_at(caps, "textDocument", "diagnostic") is not None,
        markdown_hover="markdown" in _strings(caps, "textDocument", "hover", "contentFormat"),
        document_changes=document_changes,
        create_files=document_changes
        and "create" in _strings(caps, "workspace", "workspaceEdit", "resourceOperations"),
        resolve_edits="edit"
        in _strings(caps, "textDocument", "codeAction", "resolveSupport", "properties"),
        configuration_pull=_flag(caps, "workspace", "configuration"),
        refresh_diagnostics=_flag(caps, "workspace", "diagnostics", "refreshSupport"),
        watch_files_dynamically=_flag(
            caps, "workspace", "didChangeWatchedFiles", "dynamicRegistration"
        ),
        register_configuration=_flag(
            caps, "workspace", "didChangeConfiguration", "dynamicRegistration"
        ),
        completion_snippets=_flag(
            caps, "textDocument", "completion", "completionItem", "snippetSupport"
        ),
        completion_edit_range="editRange"
        in _strings(caps, "textDocument", "completion", "completionList", "itemDefaults"),
        completion_docs=_docs_format(
            _strings(caps, "textDocument", "completion", "completionItem", "documentationFormat")
        ),
        signature_docs=_docs_format(
            _strings(
                caps, "textDocument", "signatureHelp", "signatureInformation", "documentationFormat"
            )
        ),
        hierarchical_symbols=_flag(
            caps, "textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"
        ),
        prepare_rename=_flag(caps, "textDocument", "rename", "prepareSupport"),
        work_done_progress=_flag(caps, "window", "workDoneProgress"),
    )


def _docs_format(formats: list[str]) -> str:
    return next((f for f in formats if f in ("markdown", "plaintext")), "")


def initialize_result(features: ClientFeatures, params: Mapping[str, Any]) -> dict[str, Any]:
    """The ``initialize`` response: the server's capabilities for this client."""
    sync: dict[str, Any] = {"openClose": True, "change": TEXT_DOCUMENT_SYNC_INCREMENTAL}
    # pygls answers willSave(WaitUntil) false when the client mentions them, else not at all.
    for key in ("willSave", "willSaveWaitUntil"):
        if _at(params, "capabilities", "textDocument", "synchronization", key) is not None:
            sync[key] = False
    sync["save"] = False
    capabilities: dict[str, Any] = {
        "positionEncoding": features.position_encoding,
        "textDocumentSync": sync,
        "hoverProvider": True,
        "completionProvider": {"triggerCharacters": COMPLETION_TRIGGERS, "resolveProvider": True},
        "signatureHelpProvider": {
            "triggerCharacters": SIGNATURE_TRIGGERS,
            "retriggerCharacters": SIGNATURE_RETRIGGERS,
        },
        "codeActionProvider": {
            "codeActionKinds": [QUICK_FIX_KIND, FIX_ALL_KIND],
            "resolveProvider": True,
        },
        "documentFormattingProvider": True,
        "documentRangeFormattingProvider": True,
        "documentOnTypeFormattingProvider": {"firstTriggerCharacter": "\n"},
        "executeCommandProvider": {"commands": []},
        **NAVIGATION,
        "renameProvider": {"prepareProvider": True} if features.prepare_rename else True,
        "workspace": {
            "workspaceFolders": {"supported": True, "changeNotifications": True},
            "fileOperations": {},
        },
    }
    capabilities.update(LAYOUT_PROVIDERS)
    if features.pull_diagnostics:
        capabilities["diagnosticProvider"] = {
            "identifier": "dfls",
            "interFileDependencies": False,
            "workspaceDiagnostics": True,
        }
    return {"capabilities": capabilities, "serverInfo": {"name": "dfls", "version": __version__}}
