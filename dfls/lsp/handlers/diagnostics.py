"""Diagnostics: pushed after every change (one asyncio task per document, no debounce),
or pulled with ``textDocument/diagnostic`` by clients that support it (then never pushed).

A lint task lints the version current when it runs; a newer change cancels a task that
has not run yet, and a task finding the document moved on or closed publishes nothing,
so a stale result is never sent. Long lints run on a worker thread (:func:`lint`): the
event loop goes on answering meanwhile, hover from the last result that was done.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from typing import TYPE_CHECKING, Any

from dfls.lsp import params as wire
from dfls.lsp.jsonrpc import METHOD_NOT_FOUND, RpcError
from dfls.lsp.server import MessageType

if TYPE_CHECKING:
    from dfls.lsp.server import Server
    from dfls.lsp.session import Document, LintJob

log = logging.getLogger(__name__)

PULL = "textDocument/diagnostic"
REFRESH = "workspace/diagnostic/refresh"
INLINE = 0.01
"""Seconds a lint may be expected to take and still run on the event loop: what a hover
coming meanwhile can wait unnoticed. Shorter lints skip the hop to a worker thread and
back, which costs about 0.2 ms, a sixth of a keystroke on a 500-line file."""
SHELLCHECK_DELAY = 0.03
"""Seconds a document must rest before ShellCheck checks it: keystrokes in a row are linted
by the rules without a ShellCheck run on a worker thread competing with them."""
SETTINGS_TIMEOUT = 2.0
"""How long the first lint of a document waits for the client's ``workspace/configuration``
answer; after that it lints with the settings known so far (and again when it comes)."""


async def settings_ready(ls: Server, uri: str, timeout: float = SETTINGS_TIMEOUT) -> None:
    """Wait until the client's settings for ``uri`` are in (or ``timeout`` has passed)."""
    pending = ls.settings_pending.get(uri)
    if pending is not None and not pending.done():
        await asyncio.wait({pending}, timeout=timeout)
        if not pending.done() and ls.settings_pending.get(uri) is pending:
            # The answer may never come: later lints must not wait for it again (if it
            # does come and changes the settings, the document is linted again then).
            del ls.settings_pending[uri]


def schedule(ls: Server, uri: str, shellcheck: bool = True) -> None:
    """Lint ``uri`` soon (on the next turn of the event loop) and push the result; then
    check its scripts with ShellCheck (not when ShellCheck's findings for this version are
    what just came: ``shellcheck=False``)."""
    if ls.features.pull_diagnostics:
        return  # the client asks when it wants them
    pending = ls.lint_tasks.pop(uri, None)
    if pending is not None:
        pending.cancel()
    doc = ls.session.get(uri)
    if doc is None:
        return
    if doc.shellcheck.started is not None and doc.shellcheck.started[0] != doc.version:
        doc.shellcheck.stop()  # a newer version: the older ShellCheck run is of no use
    task = asyncio.ensure_future(_lint_and_publish(ls, uri, doc.version, shellcheck))
    ls.lint_tasks[uri] = task
    task.add_done_callback(lambda t: _forget(ls, uri, t))


def _forget(ls: Server, uri: str, task: asyncio.Task[None]) -> None:
    if ls.lint_tasks.get(uri) is task:
        del ls.lint_tasks[uri]
    if not task.cancelled() and task.exception() is not None:
        log.error("linting %s failed", uri, exc_info=task.exception())


async def _lint_and_publish(ls: Server, uri: str, version: int, shellcheck: bool = True) -> None:
    await settings_ready(ls, uri)
    doc = ls.session.get(uri)
    if doc is None or doc.version != version:
        return  # closed, or a newer version has its own task
    if await lint(ls, doc):
        publish(ls, doc)
        if shellcheck:
            start_shellcheck(ls, doc)


async def lint(ls: Server, doc: Document) -> bool:
    """Make the result of ``doc`` current without holding up the event loop for long: a
    lint expected to take over :data:`INLINE` seconds (by the last one and the growth of
    the text since), or a document's first, runs on a worker thread, so that hover, code
    actions and keystrokes are answered meanwhile. False if the document changed or closed
    before its lint was done."""
    version = doc.version
    session = ls.session
    while session.get(doc.uri) is doc and doc.version == version:
        if doc.is_current:
            return True
        running = ls.lints_running.get(doc.uri)
        if running is not None:  # one lint per document at a time: they share its cache
            await asyncio.wait({running})
            continue
        job = session.lint_job(doc)
        expected = session.expected_lint_seconds(doc)
        if expected is not None and expected < INLINE:
            session.finish(job, job.run())
            continue
        running = ls.worker.submit(job.run)
        ls.lints_running[doc.uri] = running
        running.add_done_callback(functools.partial(_finished, ls, job))
        await asyncio.wait({running})
    return False


def start_shellcheck(ls: Server, doc: Document) -> None:
    """Check the document's scripts in the background (see :mod:`dfls.engine.shellcheck_live`).

    One run per document at a time: a run for an older version is told to stop (it
    publishes nothing; a small one is killed, a large one finishes to fill the cache), and
    the current version's run starts when it ends.
    """
    from dfls.engine import shellcheck

    if doc.binary or doc.too_large:
        return
    settings = ls.session.config.settings_for(doc.uri, doc.path)
    if not shellcheck.options(settings).enabled:
        return
    problem = shellcheck.unavailable(settings)
    if problem is not None:
        ls.show_once(f"dfls: {problem}", MessageType.WARNING)
        return
    running = doc.shellcheck_task
    if running is not None and not running.done():
        doc.shellcheck.stop()
        doc.shellcheck_again = True
        return
    doc.shellcheck_again = False
    cancel = doc.shellcheck.start(doc.version, settings)
    task = asyncio.ensure_future(_shellcheck(ls, doc, doc.version, settings, cancel))
    doc.shellcheck_task = task
    task.add_done_callback(functools.partial(_shellcheck_done, ls, doc))


async def _shellcheck(
    ls: Server, doc: Document, version: int, settings: Any, cancel: threading.Event
) -> None:
    from dfls.engine import shellcheck_run

    await asyncio.sleep(SHELLCHECK_DELAY)
    if doc.version != version or cancel.is_set():
        return  # typing goes on (the run for the version after it starts when this ends)
    if ls.session.get(doc.uri) is not doc:
        return  # closed meanwhile: its findings would be thrown away
    dockerfile = doc.dockerfile
    try:
        changed = await ls.worker.submit(
            functools.partial(doc.shellcheck.update, dockerfile, settings, cancel)
        )
    except shellcheck_run.Cancelled:
        return
    except shellcheck_run.Unavailable as error:
        ls.show_once(f"dfls: {error}; SC findings are skipped", MessageType.WARNING)
        return
    if not changed or ls.session.get(doc.uri) is not doc or doc.version != version:
        return
    ls.session.outdated(doc)
    if ls.features.pull_diagnostics:
        if ls.features.refresh_diagnostics:
            refresh(ls)
        return
    schedule(ls, doc.uri, shellcheck=False)


def _shellcheck_done(ls: Server, doc: Document, task: asyncio.Task[None]) -> None:
    if doc.shellcheck_task is task:
        doc.shellcheck_task = None
    if not task.cancelled() and task.exception() is not None:
        log.error("ShellCheck on %s failed", doc.uri, exc_info=task.exception())
    if doc.shellcheck_again and ls.session.get(doc.uri) is doc:
        start_shellcheck(ls, doc)  # for the version that came meanwhile


def _finished(ls: Server, job: LintJob, running: asyncio.Future[Any]) -> None:
    """A lint on the worker is done: keep its result (even if nobody waits for it now)."""
    uri = job.doc.uri
    if ls.lints_running.get(uri) is running:
        del ls.lints_running[uri]
    if running.cancelled():
        return
    if (error := running.exception()) is not None:
        log.error("linting %s failed", uri, exc_info=error)
        return
    ls.session.finish(job, running.result())


def publish(ls: Server, doc: Document) -> None:
    diagnostics = ls.session.diagnostics_json(doc)
    _explain_skipped(ls, doc)
    report_problems(ls)  # first, so a client sees why before it sees the result
    ls.publish_encoded(doc.uri, doc.version, diagnostics)


def relint_all(ls: Server) -> None:
    """Settings or watched files changed: every open document gets fresh diagnostics."""
    if ls.features.pull_diagnostics:
        if ls.features.refresh_diagnostics:
            refresh(ls)
        return
    for uri in list(ls.session.documents):
        schedule(ls, uri)


def clear(ls: Server, uri: str) -> None:
    pending = ls.lint_tasks.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.publish(uri, None, [])


def _explain_skipped(ls: Server, doc: Document) -> None:
    from dfls.lsp.session import MAX_CHARS

    name = doc.path.name if doc.path else doc.uri
    if doc.too_large:
        ls.show_once(
            f"dfls: {name} has more than {MAX_CHARS:,} characters; it is not linted.",
            MessageType.INFO,
        )
    elif doc.binary:
        ls.show_once(f"dfls: {name} looks binary (it has NUL bytes); it is not linted.")


def report_problems(ls: Server) -> None:
    """Show settings problems and crashed rules, each once."""
    errors = ls.session.config.take_errors()
    if errors:
        ls.show_once(
            "dfls: invalid settings (defaults used instead): " + "; ".join(errors),
            MessageType.WARNING,
        )
    for error in ls.session.take_rule_errors():
        log.error("%s\n%s", error.message, error.details)
        ls.show_once(
            f"dfls: {error.message}. The other rules still run; see the server log.",
            MessageType.ERROR,
        )


def refresh(ls: Server) -> None:
    """Ask a pulling client to pull again (its answer says nothing)."""
    ls.request(REFRESH, None).add_done_callback(_ignore_answer)


def _ignore_answer(answer: asyncio.Future[Any]) -> None:
    if not answer.cancelled() and answer.exception() is not None:
        log.debug("%s failed: %s", REFRESH, answer.exception())


async def pull(ls: Server, params: Any) -> Any:
    """``textDocument/diagnostic``: a full report, or "unchanged" for the same result id."""
    if not ls.features.pull_diagnostics:  # only offered to clients that pull
        raise RpcError(METHOD_NOT_FOUND, f"Method Not Found: {PULL}")
    uri = wire.document_uri(params)
    previous = wire.optional_string(params, "previousResultId", "$")
    await settings_ready(ls, uri)
    while (doc := ls.session.get(uri)) is not None and not await lint(ls, doc):
        pass  # changed while it was linted: the client asks about the text it has now
    if doc is None:
        return {"kind": "full", "items": []}
    diagnostics = ls.session.diagnostics(doc)
    _explain_skipped(ls, doc)
    report_problems(ls)
    settings = ls.session.config.settings_for(doc.uri, doc.path)
    if doc.shellcheck.started != (doc.version, settings):
        start_shellcheck(ls, doc)  # once per version: a refresh asks for what it finds
    if previous is not None and previous == doc.result_id:
        return {"kind": "unchanged", "resultId": doc.result_id}
    return {"kind": "full", "resultId": doc.result_id, "items": diagnostics}
