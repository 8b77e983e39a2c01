"""Paths a RUN removes or mounts over, compared with the directories caches live in.

Home directories (``~``, ``$HOME``, ``/root``, ``/home/<user>``) compare as one.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable, Iterator

_HOME = re.compile(r"^(~|\$HOME|\$\{HOME\}|/root|/home/[^/]+)(?=/|$)")
_GLOB = set("*?[")


def normalise(path: str) -> str:
    """A path for comparison: home directories as ``~``, no trailing ``/``, ``.``/``..`` folded."""
    path = _HOME.sub("~", path.strip())
    home = path.startswith("~")
    rest = path[1:] if home else path
    if not home and not rest.startswith("/"):
        return rest.rstrip("/") or rest  # relative: depends on the working directory
    rest = posixpath.normpath("/" + rest.lstrip("/"))
    if home:
        return "~" if rest == "/" else "~" + rest
    return rest


def covers(pattern: str, path: str) -> bool:
    """True if removing (or mounting over) ``pattern`` takes ``path`` out of the layer.

    ``/var/lib/apt/lists/*`` and ``/var/lib/apt`` cover ``/var/lib/apt/lists``; so does a
    glob for the files directly inside it (``/var/cache/apk/*.tar.gz``).
    """
    given = covered_root(pattern)
    if given is None:
        return False
    wanted = normalise(path)
    if is_glob(given):
        return _glob_covers(given, wanted)
    return wanted == given or wanted.startswith(given + "/")


class PathSet:
    """Many patterns, asked about many paths: ``covers(path)`` is ``any(covers(p, path) for
    p in patterns)`` in time linear in the path's length for the plain patterns (one set
    lookup per directory above it), so a RUN with thousands of ``rm`` words stays linear."""

    __slots__ = ("_globs", "_plain")

    def __init__(self, patterns: Iterable[str]) -> None:
        self._plain: set[str] = set()
        self._globs: list[str] = []
        for pattern in patterns:
            given = covered_root(pattern)
            if given is None:
                continue
            if is_glob(given):
                self._globs.append(given)
            else:
                self._plain.add(given)

    def covers(self, path: str) -> bool:
        if not self._plain and not self._globs:
            return False
        wanted = normalise(path)
        plain = self._plain
        if wanted in plain:
            return True
        if any(directory in plain for directory in directories(wanted)):
            return True
        return any(_glob_covers(given, wanted) for given in self._globs)


def covered_root(pattern: str) -> str | None:
    """``pattern`` normalised for :func:`covers`, without trailing ``/*``: a plain pattern
    covers this path and every path below it. None if it covers nothing we credit (a
    variable in it, or the root)."""
    if "$" in pattern.replace("$HOME", "").replace("${HOME}", ""):
        return None
    given = normalise(pattern)
    while given.endswith(("/*", "/**", "/.*")):
        given = given.rsplit("/", 1)[0]
    if not given or given == "/":
        return None  # "rm -rf /*" is not a cleanup we want to credit
    return given


def is_glob(given: str) -> bool:
    return any(ch in _GLOB for ch in given)


def directories(path: str) -> Iterator[str]:
    """Each ``path[:k]`` where ``path[k]`` is ``/``: ``path.startswith(d + "/")`` for exactly
    these ``d``, so a set of plain patterns is checked with one lookup each."""
    slash = path.find("/")
    while slash >= 0:
        yield path[:slash]
        slash = path.find("/", slash + 1)


def _glob_covers(given: str, wanted: str) -> bool:
    parent, base = posixpath.split(given)
    if parent == wanted and any(ch in _GLOB for ch in base):
        return True
    return any(fnmatch.fnmatchcase(a, given) for a in _ancestors(wanted))


def _ancestors(path: str) -> Iterator[str]:
    while path and path not in ("/", "~"):
        yield path
        path = posixpath.dirname(path)
