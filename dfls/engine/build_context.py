"""The build context beside a Dockerfile: what rules may know without reading files.

Rules never do I/O; the front ends call :func:`for_dockerfile` and hand the result to the
engine. Docker looks for ``<Dockerfile name>.dockerignore`` next to the Dockerfile first
(e.g. ``app.Dockerfile.dockerignore``) and falls back to ``.dockerignore`` at the root of the
build context. Which directory is the context is not in the Dockerfile: ``docker build
-f docker/Dockerfile .`` uses the repository root. A front end may say it (``setting``: a
directory, or ``dockerfile-dir``); by default (``auto``) dfls takes the Dockerfile's
directory, which is what ``docker build .`` next to the file means, unless that directory
has no ``.dockerignore`` and a directory above it (up to the project root: the nearest
directory with ``.git``, or the config file's directory) has one. Then the context is
probably that directory, and it is treated as unknown: rules about it stay quiet rather
than ask for a ``.dockerignore`` Docker would never read.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from dfls.engine import sources
from dfls.rules.api import BuildContext

DOCKERIGNORE = ".dockerignore"
AUTO = "auto"
DOCKERFILE_DIR = "dockerfile-dir"

UNKNOWN = BuildContext(known=False)
"""For text without a file (stdin without ``--stdin-filename``, an unsaved buffer)."""


def parse_dockerignore(text: str) -> tuple[str, ...]:
    """Patterns as Docker reads them (moby/patternmatcher ``ignorefile.ReadAll``).

    Comment lines (``#`` first) and blank lines are skipped; patterns are trimmed and
    cleaned (``./a/../b`` -> ``b``, a leading ``/`` removed); ``!`` negations are kept.
    """
    patterns: list[str] = []
    for index, raw in enumerate(text.splitlines()):
        line = raw.removeprefix("\ufeff") if index == 0 else raw
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        invert = pattern.startswith("!")
        if invert:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = posixpath.normpath(pattern.replace("\\", "/"))
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern.lstrip("/") or "/"
        patterns.append("!" + pattern if invert else pattern)
    return tuple(patterns)


def context_directory(dockerfile: Path, setting: str | None = None) -> Path:
    """The build context's root: the directory ``setting`` names, else the Dockerfile's."""
    if setting is None or setting in (AUTO, DOCKERFILE_DIR):
        return dockerfile.parent
    return Path(setting)


def ancestor_dockerignore(directory: Path, stop: Path | None = None) -> Path | None:
    """A ``.dockerignore`` in a directory above ``directory``, up to the project root.

    The project root is the nearest directory (``directory`` itself included) holding
    ``.git``, or ``stop`` (the config file's directory), or the file system's root.
    """
    here = Path(os.path.abspath(directory))
    limit = Path(os.path.abspath(stop)) if stop is not None else None
    if here == limit or (here / ".git").exists():
        return None
    for parent in here.parents:
        candidate = parent / DOCKERIGNORE
        if candidate.is_file():
            return candidate
        if parent == limit or (parent / ".git").exists():
            return None
    return None


def for_dockerfile(
    dockerfile: Path, setting: str | None = None, stop: Path | None = None
) -> BuildContext:
    """What is known about the build context of the Dockerfile at ``dockerfile``.

    Only a regular file is read as an ignore file, and only up to the size limit of
    :func:`dfls.engine.sources.read_bytes`: a FIFO there must not block the server.
    ``setting`` says where the context is (a directory, ``auto`` or ``dockerfile-dir``;
    None means ``auto``); ``stop`` the config file's directory, where
    the search for a ``.dockerignore`` above the Dockerfile ends. ``known`` is False when
    the directory cannot be read, an ignore file exists but cannot be read, or (``auto``)
    a ``.dockerignore`` above says the context is probably elsewhere: rules about the
    context then stay quiet rather than guess.
    """
    root = context_directory(dockerfile, setting)
    candidates = (dockerfile.with_name(dockerfile.name + DOCKERIGNORE), root / DOCKERIGNORE)
    for candidate in candidates:
        if not candidate.exists():
            continue
        try:
            data = sources.read_bytes(candidate)
        except sources.NotRegularError:
            if candidate.is_dir():
                continue  # Docker does not read a directory either
            return BuildContext(known=False, dockerignore_name=candidate.name)
        except sources.SourceError:  # unreadable or too large (never read past the limit)
            return BuildContext(known=False, dockerignore_name=candidate.name)
        text = data.decode("utf-8", errors="replace")
        return BuildContext(
            known=True, dockerignore=parse_dockerignore(text), dockerignore_name=candidate.name
        )
    if not root.is_dir():
        return UNKNOWN
    if setting in (None, AUTO) and ancestor_dockerignore(root, stop) is not None:
        return BuildContext(known=False, dockerignore_name=DOCKERIGNORE)
    return BuildContext(known=True, dockerignore=None, dockerignore_name=DOCKERIGNORE)
