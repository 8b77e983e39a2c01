"""One ``.dockerignore`` for every Dockerfile checked in a directory (``--fix``/``--diff``).

DF301 fixes a Dockerfile by creating a ``.dockerignore`` beside it; its neighbours share
that file, so the one created must suit them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dfls.engine import build_context as context
from dfls.engine import sources
from dfls.model import Dockerfile
from dfls.rules.api import NewFile


def shared_dockerignore(new_file: NewFile, text: str, siblings: Sequence[str]) -> NewFile:
    """DF301's ``.dockerignore``, made to suit every Dockerfile checked in the directory.

    The rule's template keeps out the patterns that would exclude a file the Dockerfile's
    COPYs name; one ``.dockerignore`` serves every Dockerfile beside it (unless it has its
    own ``<name>.dockerignore``), so the created file is the union of their templates
    without any pattern that would exclude a file one of them copies by name.
    """
    if new_file.path != context.DOCKERIGNORE or not siblings:
        return new_file
    dockerfiles = [Dockerfile.parse(text), *_sharing(siblings)]
    if len(dockerfiles) == 1:
        return new_file
    return NewFile(new_file.path, _union(dockerfiles))


def _sharing(siblings: Sequence[str]) -> list[Dockerfile]:
    """The sibling Dockerfiles that read the shared ``.dockerignore`` (and can be read)."""
    dockerfiles = []
    for sibling in siblings:
        if Path(sibling + context.DOCKERIGNORE).exists():
            continue  # it has its own ignore file
        try:
            dockerfiles.append(Dockerfile.parse(sources.read(Path(sibling)).text))
        except sources.SourceError:
            continue
    return dockerfiles


def _union(dockerfiles: Sequence[Dockerfile]) -> str:
    """The templates' sections merged, without a pattern that excludes a file one copies."""
    from dfls.knowledge.copies import explicit_sources
    from dfls.knowledge.dockerignore import is_ignored
    from dfls.rules.df301_missing_dockerignore import template

    named = {path for d in dockerfiles for path in explicit_sources(d)}
    header = ""
    sections: dict[str, list[str]] = {}
    for dockerfile in dockerfiles:
        header, *body = template(dockerfile).splitlines()
        title = ""
        for line in body:
            if line.startswith("# "):
                title = line
                sections.setdefault(title, [])
            elif line and title and line not in sections[title]:
                sections[title].append(line)
    lines = [header]
    used: set[str] = set()
    for title, patterns in sections.items():
        kept = [
            p
            for p in patterns
            if p not in used and not any(is_ignored((p,), path) for path in named)
        ]
        used.update(kept)
        if kept:
            lines.extend(["", title, *kept])
    return "\n".join(lines) + "\n"
