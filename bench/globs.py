"""Glob matching time as hostile patterns grow: the regex dfls used before, and dfls now.

Run: ``.venv/bin/python bench/globs.py [--limit SECONDS]``. ``exclude`` patterns and
``.dockerignore`` lines come from the repository being checked. Before, a pattern became a
backtracking regex (``*`` -> ``[^/]*``, ``**/`` -> ``(?:.*/)?``), and a few stars made one
match take minutes: ``"*a" * 12 + "b"`` against a 40-character name, ``"**/" * 25``
against a deep path. Now (:mod:`dfls.knowledge.globs`) the time grows linearly with the
pattern and the path.

For each case and size it prints the time of one failing match with the old regex (in a
child process, given up after ``--limit`` seconds) and with dfls now (median of 5), and how
much the new time grew since the previous size: about 2x per doubling is linear, 4x would
be quadratic. A script, not a test: timings belong in a table.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import statistics
import time
from collections.abc import Callable

from dfls.knowledge.dockerignore import is_ignored
from dfls.knowledge.globs import compile_glob

Case = tuple[str, Callable[[int], tuple[str, str, str]]]
"""A name, and for a size: (the glob, the regex dfls made of it before, a path)."""


def _stars(k: int) -> tuple[str, str, str]:
    # A pattern without a slash matches at any depth: the old regex had a prefix for that.
    return "*a" * k + "b", "(?:.*/)?" + "[^/]*a" * k + "b", "a" * (3 * k + 4)


def _dirs(k: int) -> tuple[str, str, str]:
    return "**/" * k + "x", "(?:.*/)?" * k + "x", "/".join(["a"] * (k + 15)) + "/y"


def _deep_stars(k: int) -> tuple[str, str, str]:
    glob = "**/" + "*a" * k + "b/c"
    return glob, "(?:.*/)?" + "[^/]*a" * k + "b/c", "/".join(["a" * (3 * k + 4)] * 4)


SIZES = (6, 12, 25, 50, 100, 200, 320)
"""12 and 25 are the issue's cases; 320 keeps every pattern under the length limit."""

CASES: list[Case] = [
    ('exclude "*a" * k + "b", name of 3k+4 "a"', _stars),
    ('exclude "**/" * k + "x", path of k+16 segments', _dirs),
    ('.dockerignore "**/" + "*a" * k + "b/c", 4 such names', _deep_stars),
]


def _old_match(regex: str, path: str) -> None:
    re.fullmatch(regex, path)


def old_time(regex: str, path: str, limit: float) -> float | None:
    """One match with the old regex, in a child process; None if it ran out of time."""
    child = multiprocessing.Process(target=_old_match, args=(regex, path))
    start = time.perf_counter()
    child.start()
    child.join(limit)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return time.perf_counter() - start


def new_time(name: str, glob: str, path: str) -> float:
    times = []
    for _ in range(5):
        compile_glob.cache_clear()  # translating is part of the cost
        start = time.perf_counter()
        if name.startswith(".dockerignore"):
            is_ignored((glob,), path)
        else:
            compile_glob(glob, anywhere="/" not in glob).fullmatch(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _ms(seconds: float | None, limit: float) -> str:
    return f"> {limit:g} s" if seconds is None else f"{seconds * 1000:.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=float, default=5.0, help="seconds per old match")
    args = parser.parse_args()
    for title, case in CASES:
        print(title)
        print(f"  {'k':>5}  {'before':>12}  {'now':>12}  {'k grew':>7}  {'now grew':>9}")
        previous: tuple[int, float] | None = None
        old_gave_up = False
        for k in SIZES:
            glob, old_regex, path = case(k)
            old = None if old_gave_up else old_time(old_regex, path, args.limit)
            old_gave_up = old is None  # bigger sizes would only take longer
            new = new_time(title, glob, path)
            sized = f"{k / previous[0]:.1f}x" if previous else ""
            grew = f"{new / previous[1]:.1f}x" if previous else ""
            print(
                f"  {k:>5}  {_ms(old, args.limit):>12}  {_ms(new, args.limit):>12}"
                f"  {sized:>7}  {grew:>9}"
            )
            previous = (k, new)


if __name__ == "__main__":
    main()
