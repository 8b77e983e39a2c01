"""Lints off the event loop: the worker threads, and which finished lint a document keeps."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from dfls.engine.config import LoadedSettings, Settings
from dfls.lsp.handlers import diagnostics
from dfls.lsp.jsonrpc import Endpoint
from dfls.lsp.params import Change
from dfls.lsp.server import Server
from dfls.lsp.session import Session
from dfls.lsp.settings import ConfigStore, EditorSettings
from dfls.lsp.worker import THREADS, Worker
from dfls.rules.api import BuildContext

URI = "file:///w/Dockerfile"


def _no_files(path: Path, stop: Path | None) -> LoadedSettings:
    return LoadedSettings(Settings(), None, ())


def _session() -> Session:
    store = ConfigStore(_no_files)
    store.set_editor(EditorSettings({"select": ["DF101", "DF401"]}))
    return Session(store, read_context=lambda path: BuildContext(known=False))


async def test_the_worker_runs_jobs_on_daemon_threads_and_hands_back_results() -> None:
    worker = Worker()

    def fail() -> None:
        raise ValueError("a bug in a rule")

    def where() -> threading.Thread:
        return threading.current_thread()

    thread = await worker.submit(where)
    assert thread is not threading.main_thread() and thread.daemon
    with pytest.raises(ValueError, match="a bug"):
        await worker.submit(fail)
    assert await worker.submit(lambda: 42) == 42


async def test_a_short_job_does_not_wait_behind_a_long_one() -> None:
    worker = Worker()
    release = threading.Event()
    long = worker.submit(lambda: release.wait(10))
    assert await asyncio.wait_for(worker.submit(lambda: "short"), 5) == "short"
    assert not long.done()
    release.set()
    assert await long is True


async def test_the_worker_has_at_most_its_threads() -> None:
    worker = Worker()
    release = threading.Event()
    names: set[str] = set()

    def job() -> None:
        names.add(threading.current_thread().name)
        release.wait(10)

    jobs = [worker.submit(job) for _ in range(THREADS * 2)]
    await asyncio.sleep(0.05)
    release.set()
    await asyncio.gather(*jobs)
    assert len(names) <= THREADS


async def test_a_cancelled_job_is_dropped_quietly() -> None:
    worker = Worker()
    release = threading.Event()
    job = worker.submit(lambda: release.wait(10))
    job.cancel()
    release.set()
    assert await worker.submit(lambda: 1) == 1


def test_a_document_keeps_the_newest_finished_lint_of_its_current_settings() -> None:
    session = _session()
    doc = session.open(URI, 1, "FROM python:latest\n")
    old = session.lint_job(doc)
    session.change(URI, 2, [Change(((1, 0), (1, 0)), "CMD run app\n")])
    new = session.lint_job(doc)
    session.finish(new, new.run())
    session.finish(old, old.run())  # finished later, but for an older text
    assert doc.result_version == 2 and doc.is_current
    assert [v.code for v in session.last_violations(doc)] == ["DF101", "DF401"]

    before = session.lint_job(doc)
    session.invalidate()  # the settings changed while it ran
    session.finish(before, before.run())
    assert doc.result is None and session.last_violations(doc) == ()

    closing = session.lint_job(doc)
    session.close(URI)
    session.finish(closing, closing.run())
    assert doc.result is None


def test_hover_reads_the_last_finished_lint_while_the_text_moved_on() -> None:
    session = _session()
    doc = session.open(URI, 1, "FROM python:latest\n")
    session.lint(doc)
    session.change(URI, 2, [Change(((0, 0), (0, 0)), "# a comment\n")])
    assert not doc.is_current
    assert [v.code for v in session.last_violations(doc)] == ["DF101"]


def _server() -> Server:
    server = Server(Endpoint(_Discard()))
    server._session = _session()
    return server


async def test_a_first_or_long_lint_runs_on_a_thread_a_short_one_on_the_loop() -> None:
    server = _server()
    doc = server.session.open(URI, 1, "FROM python:latest\n")
    first = asyncio.ensure_future(diagnostics.lint(server, doc))
    await asyncio.sleep(0)
    assert URI in server.lints_running  # not linted yet: its cost is unknown
    assert await first and doc.lint_cost is not None
    server.session.change(URI, 2, [Change(((1, 0), (1, 0)), "CMD run app\n")])
    short = diagnostics.lint(server, doc)
    with pytest.raises(StopIteration):  # done without waiting for anything
        short.send(None)
    assert doc.is_current
    doc.lint_cost = (diagnostics.INLINE * 2, doc.lint_cost[1])  # a long one last time
    server.session.change(URI, 3, [Change(((1, 0), (1, 0)), "#\n")])
    long = asyncio.ensure_future(diagnostics.lint(server, doc))
    await asyncio.sleep(0)
    assert URI in server.lints_running
    assert await long
    pasted = "RUN x\n" * 100  # a hundred times the text: a hundred times the time
    doc.lint_cost = (diagnostics.INLINE / 10, doc.lint_cost[1])
    assert server.session.expected_lint_seconds(doc) == diagnostics.INLINE / 10
    server.session.change(URI, 4, [Change(((1, 0), (1, 0)), pasted)])
    expected = server.session.expected_lint_seconds(doc)
    assert expected is not None and expected > diagnostics.INLINE


async def test_a_document_opened_later_is_expected_to_lint_at_the_others_rate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opening many small files: after the first lints, a new document's first lint runs
    on the loop too (the hop to a thread and back cost more than the lint)."""
    server = _server()
    first = server.session.open(URI, 1, "FROM python:latest\n")
    assert server.session.expected_lint_seconds(first) is None  # nothing known yet
    assert await diagnostics.lint(server, first)
    assert first.lint_cost is not None
    seconds, size = first.lint_cost
    other = server.session.open("file:///w/other/Dockerfile", 1, "FROM alpine\nRUN make\n")
    expected = server.session.expected_lint_seconds(other)
    # Twice the rate of the first lints so far, by the characters of the lines (no ends).
    assert expected == pytest.approx(2 * seconds / size * len("FROM alpineRUN make"))
    # A lint again after an edit (helped by the document's cache) teaches nothing.
    server.session.change(URI, 2, [Change(((1, 0), (1, 0)), "CMD run app\n")])
    assert await diagnostics.lint(server, first)
    assert server.session.expected_lint_seconds(other) == expected
    assert expected is not None
    # (The first lint of a session loads the rules: as if it had been as short as the rest.)
    monkeypatch.setattr(diagnostics, "INLINE", 2 * expected)
    short = diagnostics.lint(server, other)
    with pytest.raises(StopIteration):  # done without a thread
        short.send(None)
    assert other.is_current


async def test_lint_waits_for_the_running_lint_and_gives_up_on_a_changed_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(diagnostics, "INLINE", 0.0)  # every lint on a thread
    server = _server()
    doc = server.session.open(URI, 1, "FROM python:latest\n")
    assert await diagnostics.lint(server, doc)
    assert doc.is_current and server.lints_running == {}
    server.session.change(URI, 2, [Change(((1, 0), (1, 0)), "CMD run app\n")])
    first = asyncio.ensure_future(diagnostics.lint(server, doc))
    second = asyncio.ensure_future(diagnostics.lint(server, doc))  # waits for the first
    assert await first and await second
    assert doc.result_version == 2
    server.session.change(URI, 3, [Change(((0, 0), (0, 0)), "#\n")])
    stale = asyncio.ensure_future(diagnostics.lint(server, doc))
    await asyncio.sleep(0)  # its lint is on a thread now
    server.session.change(URI, 4, [Change(((0, 0), (0, 0)), "#\n")])
    assert not await stale  # version 3 is gone: nothing to publish for it
    assert await diagnostics.lint(server, doc) and doc.result_version == 4


class _Discard:
    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass
