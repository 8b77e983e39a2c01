"""``workspace/diagnostic``: the findings of every Dockerfile in the workspace folders, for
clients that pull diagnostics, so that files that are not open show in the Problems panel.

Open documents are answered as ``textDocument/diagnostic`` answers them (their result ids
are the same); the other files are found as ``dfls check`` finds them and linted from disk
on the worker thread, one at a time, so the event loop goes on answering meanwhile. A file
whose text and settings did not change keeps its result id, and the client's previous id
for it is answered "unchanged". With a ``workDoneToken`` the work is reported with
``$/progress``; ``$/cancelRequest`` stops it between two files.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dfls.lsp import convert
from dfls.lsp import params as wire
from dfls.lsp.handlers import diagnostics
from dfls.lsp.jsonrpc import METHOD_NOT_FOUND, RpcError

if TYPE_CHECKING:
    from dfls.engine.config import Settings
    from dfls.lsp.server import Server
    from dfls.lsp.workspace_files import WorkspaceFiles

PULL = "workspace/diagnostic"
PROGRESS = "$/progress"
CREATE = "window/workDoneProgress/create"
CREATE_TIMEOUT = 2.0
TITLE = "dfls: linting the workspace"


async def pull(ls: Server, params: Any) -> Any:
    if not ls.features.pull_diagnostics:  # only offered to clients that pull
        raise RpcError(METHOD_NOT_FOUND, f"Method Not Found: {PULL}")
    from dfls.lsp.workspace_files import workspace_files

    request = wire.obj(params, "$")
    previous = _previous(request.get("previousResultIds"))
    token = request.get("workDoneToken")
    if isinstance(token, str | int):
        progress = _Progress(ls, token)
    else:
        progress = _Progress(ls, await _server_token(ls), cancellable=False)
    files = workspace_files(ls)
    items: list[dict[str, Any]] = []
    try:
        paths = await ls.worker.submit(files.paths)
        open_paths = set()
        for uri in list(ls.session.documents):
            item = await _open_document(ls, uri, previous)
            if item is not None:
                items.append(item)
                path = ls.session.documents[uri].path if uri in ls.session.documents else None
                if path is not None:
                    open_paths.add(Path(path).absolute())
        todo = [p for p in paths if p not in open_paths]
        for done, path in enumerate(todo):
            progress.report(done, len(todo), path.name)
            item = await _file(ls, files, path, previous)
            if item is not None:
                items.append(item)
    finally:
        progress.end()
    diagnostics.report_problems(ls)
    return {"items": items}


def _previous(value: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in value if isinstance(value, list) else ():
        if isinstance(entry, dict):
            uri, result = entry.get("uri"), entry.get("value")
            if isinstance(uri, str) and isinstance(result, str):
                found[uri] = result
    return found


async def _open_document(ls: Server, uri: str, previous: dict[str, str]) -> dict[str, Any] | None:
    await diagnostics.settings_ready(ls, uri)
    while (doc := ls.session.get(uri)) is not None and not await diagnostics.lint(ls, doc):
        pass
    if doc is None:
        return None
    items = ls.session.diagnostics(doc)
    item: dict[str, Any] = {"uri": uri, "version": doc.version, "resultId": doc.result_id}
    if previous.get(uri) == doc.result_id:
        return {**item, "kind": "unchanged"}
    return {**item, "kind": "full", "items": items}


_RESULTS: dict[str, tuple[str, list[dict[str, Any]]]] = {}
"""The last diagnostics of each file on disk, by URI: (result id, diagnostics)."""


async def _file(
    ls: Server, files: WorkspaceFiles, path: Path, previous: dict[str, str]
) -> dict[str, Any] | None:
    uri = convert.path_to_uri(path)
    settings = ls.session.config.settings_for(uri, path)
    encoding = ls.session.encoding
    read = await ls.worker.submit(lambda: files.read(path))
    if read is None:
        return None
    result_id = f"{read.digest}.{_settings_key(settings)}"
    base: dict[str, Any] = {"uri": uri, "version": None, "resultId": result_id}
    if previous.get(uri) == result_id:
        return {**base, "kind": "unchanged"}
    kept = _RESULTS.get(uri)
    if kept is not None and kept[0] == result_id:
        items = kept[1]
    else:
        items = await ls.worker.submit(lambda: _lint(read.dockerfile, path, settings, encoding))
        _RESULTS[uri] = (result_id, items)
    return {**base, "kind": "full", "items": items}


def _settings_key(settings: Settings) -> str:
    return hashlib.sha1(repr(settings).encode()).hexdigest()[:8]


def _lint(dockerfile: Any, path: Path, settings: Settings, encoding: str) -> list[dict[str, Any]]:
    """The diagnostics of a file on disk (on the worker thread)."""
    from dfls.engine import build_context
    from dfls.engine import linting as engine
    from dfls.features import docs
    from dfls.rules import registry

    try:
        context = build_context.for_dockerfile(path)
    except OSError:
        context = build_context.UNKNOWN
    result = engine.lint(dockerfile, settings, context)
    found = []
    for violation in result.violations:
        rule = registry.get(violation.code)
        href = docs.url(rule, settings.docs_url) if rule is not None else None
        found.append(convert.diagnostic(violation, dockerfile.lines, encoding, href))
    return found


_TOKENS = iter(range(1, 2**62))


async def _server_token(ls: Server) -> str | None:
    """A progress token of the server's (``window/workDoneProgress/create``), for a client
    that shows progress but sent no ``workDoneToken``; None if it does not or refuses."""
    if not ls.features.work_done_progress:
        return None
    token = f"dfls-workspace-{next(_TOKENS)}"
    try:
        await asyncio.wait_for(ls.request(CREATE, {"token": token}), CREATE_TIMEOUT)
    except Exception:  # refused, or no answer: the work goes on without progress
        return None
    return token


class _Progress:
    """``$/progress`` for a token (nothing without one). Cancelling the request (with
    ``$/cancelRequest``) stops the work; a token the server created is not cancellable in
    the client's progress UI."""

    def __init__(self, ls: Server, token: str | int | None, cancellable: bool = True) -> None:
        self.ls = ls
        self.token = token
        self.percentage = -1
        if token is not None:
            value = {"kind": "begin", "title": TITLE, "cancellable": cancellable, "percentage": 0}
            ls.endpoint.notify(PROGRESS, {"token": token, "value": value})

    def report(self, done: int, total: int, name: str) -> None:
        percentage = 100 * done // max(total, 1)
        if self.token is None or percentage == self.percentage:
            return
        self.percentage = percentage
        value = {"kind": "report", "message": f"{done}/{total} {name}", "percentage": percentage}
        self.ls.endpoint.notify(PROGRESS, {"token": self.token, "value": value})

    def end(self) -> None:
        if self.token is not None:
            self.ls.endpoint.notify(PROGRESS, {"token": self.token, "value": {"kind": "end"}})
            self.token = None
