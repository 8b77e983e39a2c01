"""initialize (capability negotiation, settings), initialized (dynamic registration), shutdown."""

from __future__ import annotations

import gc
import importlib
import logging
import os
import threading
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.capabilities import get_capability

from dfls.lsp import convert
from dfls.lsp.handlers import diagnostics, workspace

if TYPE_CHECKING:
    from dfls.lsp.server import DflsServer
    from dfls.lsp.session import Session

# Imported in the background while the client reads the initialize response: the rules,
# the engine and the docs take longer to import than pygls itself.
WARM_UP = ("dfls.lsp.session", "dfls.features.hover", "dfls.features.actions")


def _warm_up() -> None:
    for name in WARM_UP:
        try:
            importlib.import_module(name)
        except Exception:  # the real import, later, will report it
            log.exception("importing %s failed", name)
    # Modules, tables and the rest of start-up live as long as the server: keep the
    # garbage collector from walking them again on every keystroke.
    gc.freeze()


def build_session(ls: DflsServer) -> Session:
    """The session for the negotiated encoding, folders and initialization options."""
    from dfls.lsp.session import Session
    from dfls.lsp.settings import ConfigStore, parse_initialization_options

    params = ls.init_params
    encoding = convert.as_encoding(ls.workspace.position_encoding if params else None)
    config = ConfigStore()
    if params is not None:
        roots = [f.uri for f in params.workspace_folders or ()]
        if not roots and params.root_uri:
            roots = [params.root_uri]
        config.roots = [p for p in map(convert.uri_to_path, roots) if p is not None]
        editor, errors = parse_initialization_options(
            params.initialization_options, convert.uri_to_path
        )
        config.set_editor(editor, errors)
    verify = os.environ.get("DFLS_VERIFY_EDITS", "") not in ("", "0")
    return Session(config, encoding, verify_edits=verify)


log = logging.getLogger(__name__)


def initialize(ls: DflsServer, params: types.InitializeParams) -> None:
    caps = params.capabilities
    ls.init_params = params
    threading.Thread(target=_warm_up, name="dfls-warm-up", daemon=True).start()
    encoding = convert.as_encoding(ls.workspace.position_encoding)
    ls.pull_diagnostics = get_capability(caps, "text_document.diagnostic") is not None
    formats = get_capability(caps, "text_document.hover.content_format") or []
    ls.markdown_hover = types.MarkupKind.Markdown in formats
    ls.document_changes = bool(
        get_capability(caps, "workspace.workspace_edit.document_changes", False)
    )
    resolvable = get_capability(caps, "text_document.code_action.resolve_support.properties")
    ls.resolve_edits = "edit" in (resolvable or ())
    operations = get_capability(caps, "workspace.workspace_edit.resource_operations") or []
    ls.create_files = ls.document_changes and types.ResourceOperationKind.Create in operations
    ls.configuration_pull = bool(get_capability(caps, "workspace.configuration", False))
    ls.refresh_diagnostics = bool(
        get_capability(caps, "workspace.diagnostics.refresh_support", False)
    )
    ls.watch_files_dynamically = bool(
        get_capability(caps, "workspace.did_change_watched_files.dynamic_registration", False)
    )
    ls.register_configuration = bool(
        get_capability(caps, "workspace.did_change_configuration.dynamic_registration", False)
    )
    if ls.pull_diagnostics:
        ls.feature(
            types.TEXT_DOCUMENT_DIAGNOSTIC,
            types.DiagnosticOptions(
                identifier="dfls", inter_file_dependencies=False, workspace_diagnostics=False
            ),
        )(diagnostics.pull)
    log.info(
        "client %s: encoding %s, %s diagnostics, %s hover",
        params.client_info.name if params.client_info else "?",
        encoding,
        "pull" if ls.pull_diagnostics else "push",
        "markdown" if ls.markdown_hover else "plain-text",
    )


def initialized(ls: DflsServer, params: types.InitializedParams) -> None:
    registrations: list[types.Registration] = []
    if ls.watch_files_dynamically:
        registrations.append(
            types.Registration(
                id="dfls-watch-config",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=workspace.watchers()
                ),
            )
        )
    if ls.register_configuration:
        registrations.append(
            types.Registration(
                id="dfls-configuration",
                method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                register_options=types.DidChangeConfigurationRegistrationOptions(section="dfls"),
            )
        )
    if registrations:
        ls.client_register_capability(types.RegistrationParams(registrations=registrations))
    diagnostics.report_problems(ls)


def shutdown(ls: DflsServer, params: None) -> None:
    for task in ls.lint_tasks.values():
        task.cancel()
    ls.lint_tasks.clear()
