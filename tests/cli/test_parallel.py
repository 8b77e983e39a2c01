"""dfls.cli.parallel: chunks shared with forked children come back whole and in order."""

from __future__ import annotations

import os

import pytest

from dfls.cli import parallel


def _pids(chunk: list[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in chunk]


def _fails(chunk: list[int]) -> list[int]:
    if 7 in chunk:
        raise ValueError("seven")
    return chunk


def test_forked_chunks_come_back_in_order_from_several_processes() -> None:
    chunks = parallel.chunked(list(range(50)), 2)
    results = parallel.fork_chunks(_pids, chunks, 3)
    if results is None:
        pytest.skip("no fork here (or other threads run)")
    assert [item for item, _ in results] == list(range(50))
    assert len({pid for _, pid in results}) == 3
    assert os.getpid() in {pid for _, pid in results}


def test_a_failing_child_raises_in_the_parent() -> None:
    chunks = [[1, 2], [7, 8], [3]]
    if parallel.fork_chunks(_fails, [[1]], 2) is None:
        pytest.skip("no fork here (or other threads run)")
    with pytest.raises(ValueError, match="seven"):
        parallel.fork_chunks(_fails, chunks, 2)


def test_no_fork_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert parallel.fork_chunks(_pids, [[1], [2]], 2) is None
