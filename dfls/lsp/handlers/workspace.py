"""Settings from the editor and watched config files: every change re-lints open documents."""

from __future__ import annotations

import asyncio
import logging
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from dfls.lsp import params as wire
from dfls.lsp.handlers import diagnostics

if TYPE_CHECKING:
    from dfls.lsp.server import Server

log = logging.getLogger(__name__)

CONFIGURATION = "workspace/configuration"
DID_CHANGE_CONFIGURATION = "workspace/didChangeConfiguration"
DID_CHANGE_WATCHED_FILES = "workspace/didChangeWatchedFiles"
CONFIG_NAMES = frozenset({".dfls.toml", "dfls.toml", "pyproject.toml"})
WATCHED = ("**/.dfls.toml", "**/dfls.toml", "**/pyproject.toml", "**/*.dockerignore")


def fetch_configuration(ls: Server, uris: list[str], relint: bool = False) -> None:
    """Ask the client for section ``dfls`` for each document (if it answers such requests);
    re-lint the documents whose settings changed (all open ones with ``relint``).

    Until the answer comes, the documents' settings are pending
    (:attr:`Server.settings_pending`): their first lint waits for it (a while, see
    :func:`diagnostics.settings_ready`), so they are not published with the defaults and
    then again with the client's settings.
    """
    if not ls.features.configuration_pull or not uris:
        return
    task = asyncio.ensure_future(_fetch(ls, uris, relint))
    task.add_done_callback(_log_failure)
    if not relint:
        for uri in uris:
            ls.settings_pending[uri] = task
        task.add_done_callback(lambda done: _settled(ls, uris, done))


def _settled(ls: Server, uris: list[str], task: asyncio.Future[None]) -> None:
    for uri in uris:
        if ls.settings_pending.get(uri) is task:
            del ls.settings_pending[uri]


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("workspace/configuration failed: %s", task.exception())


async def _fetch(ls: Server, uris: list[str], relint: bool) -> None:
    from dfls.lsp.settings import SECTION, section_values

    items = [{"scopeUri": uri, "section": SECTION} for uri in uris]
    try:
        answers: Any = await ls.request(CONFIGURATION, {"items": items})
    except Exception as error:  # the client may refuse; settings then stay as they are
        log.warning("workspace/configuration failed: %s", error)
        answers = []
    if relint:
        for uri, answer in zip(uris, answers or (), strict=False):
            ls.session.config.set_scoped(uri, section_values(answer))
        diagnostics.relint_all(ls)
        return
    changed = False
    for uri, answer in zip(uris, answers or (), strict=False):
        if ls.session.get(uri) is None:
            continue
        if ls.session.config.set_scoped(uri, section_values(answer)):
            doc = ls.session.get(uri)
            if doc is not None:
                doc.forget()
            changed = True
            if not ls.features.pull_diagnostics:
                diagnostics.schedule(ls, uri)
    if changed and ls.features.pull_diagnostics and ls.features.refresh_diagnostics:
        diagnostics.refresh(ls)


def did_change_configuration(ls: Server, params: Any) -> None:
    settings = wire.obj(params, "$").get("settings")
    if ls.features.configuration_pull and ls.session.documents:
        ls.session.invalidate(files=False)
        fetch_configuration(ls, list(ls.session.documents), relint=True)
        return
    from dfls.lsp.settings import section_values

    values = section_values(settings)
    if values is not None:
        editor = ls.session.config.editor
        editor.global_ = values
        ls.session.config.set_editor(editor)
    ls.session.invalidate(files=False)
    diagnostics.relint_all(ls)


def did_change_watched_files(ls: Server, params: Any) -> None:
    from dfls.lsp.convert import uri_to_path

    names = set()
    for uri in wire.changed_files(params):
        path = uri_to_path(uri)
        names.add(path.name if path is not None else PurePosixPath(uri).name)
    config_changed = bool(names & CONFIG_NAMES)
    ignore_changed = any(name.endswith(".dockerignore") for name in names)
    if not (config_changed or ignore_changed):
        return
    if config_changed:
        ls.session.invalidate(files=True)
    if ignore_changed:
        ls.session.refresh_contexts()
    diagnostics.relint_all(ls)


def watchers() -> list[dict[str, Any]]:
    """``FileSystemWatcher``s for the files whose change re-lints open documents."""
    return [{"globPattern": pattern} for pattern in WATCHED]
