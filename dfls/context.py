"""The build context beside a Dockerfile: what rules may know without reading files.

Rules never do I/O; the front ends call :func:`for_dockerfile` and hand the result to the
engine. Docker looks for ``<Dockerfile name>.dockerignore`` next to the Dockerfile first
(e.g. ``app.Dockerfile.dockerignore``) and falls back to ``.dockerignore`` at the root of the
build context. dfls assumes the context is the Dockerfile's directory, which is what
``docker build .`` next to the file means.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from dfls.rules._api import BuildContext

DOCKERIGNORE = ".dockerignore"

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


def dockerignore_candidates(dockerfile: Path) -> tuple[Path, Path]:
    """The file-specific ignore file, then the context's ``.dockerignore``."""
    return (
        dockerfile.with_name(dockerfile.name + DOCKERIGNORE),
        dockerfile.parent / DOCKERIGNORE,
    )


def for_dockerfile(dockerfile: Path) -> BuildContext:
    """What is known about the build context of the Dockerfile at ``dockerfile``.

    ``known`` is False only when the directory cannot be read or an ignore file exists
    but cannot be read: rules about the context then stay quiet rather than guess.
    """
    for candidate in dockerignore_candidates(dockerfile):
        try:
            data = candidate.read_bytes()
        except FileNotFoundError:
            continue
        except IsADirectoryError:
            continue
        except OSError:
            return BuildContext(known=False, dockerignore_name=candidate.name)
        text = data.decode("utf-8", errors="replace")
        return BuildContext(
            known=True, dockerignore=parse_dockerignore(text), dockerignore_name=candidate.name
        )
    if not dockerfile.parent.is_dir():
        return UNKNOWN
    return BuildContext(known=True, dockerignore=None, dockerignore_name=DOCKERIGNORE)
