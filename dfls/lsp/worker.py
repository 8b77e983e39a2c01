"""Threads for lints, so that the event loop keeps answering while one runs.

Python runs one thread at a time, but a thread waiting for the interpreter gets it within
the switch interval (5 ms): a hover or a keystroke that comes during a lint of seconds is
answered in milliseconds instead of after the lint, and a short lint of another document
is not queued behind a long one. The threads are daemons: a lint still running when the
client says ``exit`` does not keep the process alive (a ``concurrent.futures`` pool joins
its threads at exit).
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_Job = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[[], Any]]

THREADS = 4
"""At most this many jobs at once (jobs for one document never run at once: the caller
waits for one before it submits the next)."""


class Worker:
    def __init__(self, name: str = "dfls-lint", threads: int = THREADS) -> None:
        self._name = name
        self._limit = threads
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0
        self._queued = 0

    def submit(self, job: Callable[[], T]) -> asyncio.Future[T]:
        """Run ``job`` on a thread; the future (of the running loop) gets its result."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._lock:
            self._queued += 1
            start = self._queued > self._idle and self._threads < self._limit
            if start:
                self._threads += 1
        self._jobs.put((loop, future, job))
        if start:
            name = f"{self._name}-{self._threads}"
            threading.Thread(target=self._run, name=name, daemon=True).start()
        return future

    def _run(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            loop, future, job = self._jobs.get()
            with self._lock:
                self._idle -= 1
                self._queued -= 1
            try:
                outcome: tuple[bool, Any] = (True, job())
            except Exception as error:
                outcome = (False, error)
            with contextlib.suppress(RuntimeError):  # the loop is closed: the server is done
                loop.call_soon_threadsafe(_settle, future, outcome)


def _settle(future: asyncio.Future[Any], outcome: tuple[bool, Any]) -> None:
    if future.done():  # cancelled: nobody waits for it
        return
    succeeded, value = outcome
    if succeeded:
        future.set_result(value)
    else:
        future.set_exception(value)
