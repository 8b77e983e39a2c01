"""Checking many files: one after another, or in chunks in a process pool.

Results come back in job order whichever way they ran; Ctrl-C stops the pool without a
traceback per worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dfls.cli.check_file import check
from dfls.cli.plan import Job
from dfls.cli.results import FileResult
from dfls.model import Dockerfile

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

OnProgress = Callable[[int, int], None]
"""Told (files done, files in all) as results come in."""


def check_chunk(jobs: Sequence[Job]) -> list[FileResult]:
    """The unit of work of a pool worker: ShellCheck on the scripts of all its files in
    one call first, then each file (parsed once, its scripts' results cached)."""
    parsed = prefetch_shellcheck(jobs)
    return [check(job, parsed.get(index)) for index, job in enumerate(jobs)]


def prefetch_shellcheck(jobs: Sequence[Job]) -> dict[int, Dockerfile]:
    """Parse the jobs' files and check all their scripts in one ShellCheck call; the
    parsed files by job index (for :func:`check`)."""
    from dfls.engine import shellcheck, sources

    parsed: dict[int, Dockerfile] = {}
    for index, job in enumerate(jobs):
        if job.fix or job.diff or not shellcheck.options(job.settings).enabled:
            continue
        try:
            text = job.text if job.text is not None else sources.read(Path(job.fs_path or "")).text
        except (sources.SourceError, OSError):
            continue
        parsed[index] = Dockerfile.parse(text)
    if parsed:
        shellcheck.prefetch([(parsed[i], jobs[i].settings) for i in parsed])
    return parsed


def chunked(jobs: Sequence[Job], workers: int) -> list[list[Job]]:
    """Chunks small enough to balance the load, big enough to amortise pickling."""
    size = max(1, min(32, len(jobs) // (workers * 6) or 1))
    return [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]


def _pool_context() -> BaseContext:
    """``fork`` where it is safe (POSIX, one thread): workers start with dfls imported."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    # Forking a threaded process can deadlock (and warns from Python 3.12 on).
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool (no traceback per worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(
    jobs: Sequence[Job],
    workers: int = 1,
    progress: OnProgress | None = None,
) -> list[FileResult]:
    """Check every job, in a process pool when ``workers`` > 1; results in job order."""
    total = len(jobs)
    if workers > 1 and total > 1:
        return _run_in_pool(jobs, workers, progress)
    results = []
    parsed: dict[int, Dockerfile] = {}
    for done, job in enumerate(jobs, 1):
        if (done - 1) % 32 == 0:  # ShellCheck on 32 files at a time
            parsed = prefetch_shellcheck(jobs[done - 1 : done + 31])
        results.append(check(job, parsed.get((done - 1) % 32)))
        if progress is not None:
            progress(done, total)
    return results


def _run_in_pool(
    jobs: Sequence[Job], workers: int, progress: OnProgress | None
) -> list[FileResult]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    total = len(jobs)
    chunks = chunked(jobs, workers)
    by_chunk: dict[int, list[FileResult]] = {}
    done = 0
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=_pool_context(),
        initializer=_ignore_interrupts,
    )
    try:
        futures = {pool.submit(check_chunk, chunk): index for index, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            chunk_results = future.result()
            by_chunk[futures[future]] = chunk_results
            done += len(chunk_results)
            if progress is not None:
                progress(done, total)
    except BaseException:
        # Ctrl-C (or a broken pool): drop the queued chunks; workers finish their current one.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [result for index in range(len(chunks)) for result in by_chunk[index]]
