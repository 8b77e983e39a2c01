"""Checking many files: one after another, or in chunks in a process pool.

Results come back in job order whichever way they ran; Ctrl-C stops the pool without a
traceback per worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from dfls.cli.check_file import check
from dfls.cli.parallel import chunked, run_chunks
from dfls.cli.plan import Job
from dfls.cli.results import FileResult
from dfls.model import Dockerfile

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
    total = len(jobs)
    done = 0

    def on_chunk(size: int) -> None:
        nonlocal done
        done += size
        if progress is not None:
            progress(done, total)

    return run_chunks(check_chunk, chunked(jobs, workers), workers, on_chunk)
