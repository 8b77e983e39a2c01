"""Work on many files in several processes: chunks of jobs, results in job order.

:func:`run_chunks` runs a process pool (``dfls check``, :mod:`dfls.cli.pool`);
:func:`fork_chunks` shares the chunks between this process and forked children, which is
cheaper to start (no pool, no pickled jobs: ``dfls format``, whose files take a
millisecond each). Kept free of the checking and formatting code, so that a command loads
only what it runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

POOL_THRESHOLD = 32
"""Above this many files, ``check`` and ``format`` use several processes (when there is
more than one core)."""

J = TypeVar("J")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers(requested: int, files: int) -> int:
    """The number of processes for ``files`` files: ``requested`` (``--jobs``), or when
    that is 0, every core above :data:`POOL_THRESHOLD` files and one below."""
    if requested < 0:
        from dfls.cli.terminal import UsageError

        raise UsageError("--jobs: expected 0 (automatic) or a positive number")
    if requested:
        return requested
    return cores() if files > POOL_THRESHOLD else 1


def chunked(jobs: Sequence[J], workers: int) -> list[list[J]]:
    """Chunks small enough to balance the load, big enough to amortise pickling."""
    size = max(1, min(32, len(jobs) // (workers * 6) or 1))
    return [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]


def pool_context() -> BaseContext:
    """``fork`` where it is safe (POSIX, one thread): workers start with dfls imported."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    # Forking a threaded process can deadlock (and warns from Python 3.12 on).
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool (no traceback per worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_chunks(
    work: Callable[[list[J]], list[R]],
    chunks: list[list[J]],
    workers: int,
    on_chunk: Callable[[int], None] | None = None,
) -> list[R]:
    """``work`` on every chunk in a pool of ``workers`` processes; the results of all
    chunks in order. ``on_chunk`` is told the size of each chunk as it is done."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    by_chunk: dict[int, list[R]] = {}
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=pool_context(),
        initializer=ignore_interrupts,
    )
    try:
        futures = {pool.submit(work, chunk): index for index, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            results = future.result()
            by_chunk[futures[future]] = results
            if on_chunk is not None:
                on_chunk(len(results))
    except BaseException:
        # Ctrl-C (or a broken pool): drop the queued chunks; workers finish their current one.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [result for index in range(len(chunks)) for result in by_chunk[index]]


def fork_chunks(
    work: Callable[[list[J]], list[R]], chunks: list[list[J]], workers: int
) -> list[R] | None:
    """``work`` on every chunk, dealt in turn to this process and ``workers - 1`` forked
    children, which send their results back pickled through a pipe; the results of all
    chunks in order. None where forking is not safe (no ``fork``, or other threads)."""
    import threading

    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    import pickle  # noqa: F401 (loaded before the fork, not again in every child)

    children: list[tuple[int, int]] = []
    try:
        for k in range(1, min(workers, len(chunks))):
            children.append(_fork(work, chunks[k::workers]))
        mine = [work(chunk) for chunk in chunks[0::workers]]
        shares = [mine] + [_collect(pid, fd) for pid, fd in children]
    except BaseException:
        _stop(children)
        raise
    per_chunk: list[list[R]] = [[] for _ in chunks]
    for k, share in enumerate(shares):
        per_chunk[k::workers] = share
    return [result for results in per_chunk for result in results]


def _fork(work: Callable[[list[J]], list[R]], chunks: list[list[J]]) -> tuple[int, int]:
    """A child working on ``chunks``: its pid, and the pipe its results come through."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)  # the child: never returns
    status = 1
    try:
        import pickle

        ignore_interrupts()
        try:
            answer: tuple[bool, object] = (True, [work(chunk) for chunk in chunks])
        except Exception as problem:  # re-raised by the parent
            answer = (False, problem)
        with os.fdopen(write, "wb") as out:
            out.write(pickle.dumps(answer))
        status = 0
    finally:
        os._exit(status)


def _collect(pid: int, fd: int) -> list[list[R]]:
    import pickle

    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        raise RuntimeError(f"a worker process failed (status {status})")
    ok, payload = pickle.loads(data)
    if not ok:
        raise payload
    return payload  # type: ignore[no-any-return]


def _stop(children: list[tuple[int, int]]) -> None:
    import signal
    from contextlib import suppress

    for pid, fd in children:
        with suppress(OSError):
            os.close(fd)  # (already closed if its results came)
        with suppress(OSError):
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
