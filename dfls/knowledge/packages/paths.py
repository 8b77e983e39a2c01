"""Paths a RUN removes or mounts over, compared with the directories caches live in.

Home directories (``~``, ``$HOME``, ``/root``, ``/home/<user>``) compare as one.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator

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
    if "$" in pattern.replace("$HOME", "").replace("${HOME}", ""):
        return False
    wanted = normalise(path)
    given = normalise(pattern)
    while given.endswith(("/*", "/**", "/.*")):
        given = given.rsplit("/", 1)[0]
    if not given or given == "/":
        return False  # "rm -rf /*" is not a cleanup we want to credit
    if any(ch in _GLOB for ch in given):
        parent, base = posixpath.split(given)
        if parent == wanted and any(ch in _GLOB for ch in base):
            return True
        return any(fnmatch.fnmatchcase(a, given) for a in _ancestors(wanted))
    return wanted == given or wanted.startswith(given + "/")


def _ancestors(path: str) -> Iterator[str]:
    while path and path not in ("/", "~"):
        yield path
        path = posixpath.dirname(path)
