"""Diagnostics: pushed after every change (one asyncio task per document, no debounce),
or pulled with ``textDocument/diagnostic`` by clients that support it (then never pushed).

A lint task lints the version current when it runs; a newer change cancels a task that
has not run yet, and a task finding the document moved on or closed publishes nothing,
so a stale result is never sent.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from lsprotocol import types

if TYPE_CHECKING:
    from dfls.lsp.server import DflsServer
    from dfls.lsp.session import Document

log = logging.getLogger(__name__)

SETTINGS_TIMEOUT = 2.0
"""How long the first lint of a document waits for the client's ``workspace/configuration``
answer; after that it lints with the settings known so far (and again when it comes)."""


async def settings_ready(ls: DflsServer, uri: str, timeout: float = SETTINGS_TIMEOUT) -> None:
    """Wait until the client's settings for ``uri`` are in (or ``timeout`` has passed)."""
    pending = ls.settings_pending.get(uri)
    if pending is not None and not pending.done():
        await asyncio.wait({pending}, timeout=timeout)
        if not pending.done() and ls.settings_pending.get(uri) is pending:
            # The answer may never come: later lints must not wait for it again (if it
            # does come and changes the settings, the document is linted again then).
            del ls.settings_pending[uri]


def schedule(ls: DflsServer, uri: str) -> None:
    """Lint ``uri`` soon (on the next turn of the event loop) and push the result."""
    if ls.pull_diagnostics:
        return  # the client asks when it wants them
    pending = ls.lint_tasks.pop(uri, None)
    if pending is not None:
        pending.cancel()
    doc = ls.session.get(uri)
    if doc is None:
        return
    task = asyncio.ensure_future(_lint_and_publish(ls, uri, doc.version))
    ls.lint_tasks[uri] = task
    task.add_done_callback(lambda t: _forget(ls, uri, t))


def _forget(ls: DflsServer, uri: str, task: asyncio.Task[None]) -> None:
    if ls.lint_tasks.get(uri) is task:
        del ls.lint_tasks[uri]
    if not task.cancelled() and task.exception() is not None:
        log.error("linting %s failed", uri, exc_info=task.exception())


async def _lint_and_publish(ls: DflsServer, uri: str, version: int) -> None:
    await settings_ready(ls, uri)
    doc = ls.session.get(uri)
    if doc is None or doc.version != version:
        return  # closed, or a newer version has its own task
    publish(ls, doc)


def publish(ls: DflsServer, doc: Document) -> None:
    diagnostics = ls.session.diagnostics_json(doc)
    _explain_skipped(ls, doc)
    report_problems(ls)  # first, so a client sees why before it sees the result
    ls.publish_encoded(doc.uri, doc.version, diagnostics)


def relint_all(ls: DflsServer) -> None:
    """Settings or watched files changed: every open document gets fresh diagnostics."""
    if ls.pull_diagnostics:
        if ls.refresh_diagnostics:
            ls.workspace_diagnostic_refresh(None)
        return
    for uri in list(ls.session.documents):
        schedule(ls, uri)


def clear(ls: DflsServer, uri: str) -> None:
    pending = ls.lint_tasks.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.publish(uri, None, [])


def _explain_skipped(ls: DflsServer, doc: Document) -> None:
    from dfls.lsp.session import MAX_CHARS

    name = doc.path.name if doc.path else doc.uri
    if doc.too_large:
        ls.show_once(
            f"dfls: {name} has more than {MAX_CHARS:,} characters; it is not linted.",
            types.MessageType.Info,
        )
    elif doc.binary:
        ls.show_once(f"dfls: {name} looks binary (it has NUL bytes); it is not linted.")


def report_problems(ls: DflsServer) -> None:
    """Show settings problems and crashed rules, each once."""
    errors = ls.session.config.take_errors()
    if errors:
        ls.show_once(
            "dfls: invalid settings (defaults used instead): " + "; ".join(errors),
            types.MessageType.Warning,
        )
    for error in ls.session.take_rule_errors():
        log.error("%s\n%s", error.message, error.details)
        ls.show_once(
            f"dfls: {error.message}. The other rules still run; see the server log.",
            types.MessageType.Error,
        )


async def pull(ls: DflsServer, params: types.DocumentDiagnosticParams) -> Any:
    """``textDocument/diagnostic``: a full report, or "unchanged" for the same result id."""
    await settings_ready(ls, params.text_document.uri)
    doc = ls.session.get(params.text_document.uri)
    if doc is None:
        return {"kind": "full", "items": []}
    diagnostics = ls.session.diagnostics(doc)
    _explain_skipped(ls, doc)
    report_problems(ls)
    if params.previous_result_id is not None and params.previous_result_id == doc.result_id:
        return {"kind": "unchanged", "resultId": doc.result_id}
    return {"kind": "full", "resultId": doc.result_id, "items": diagnostics}
