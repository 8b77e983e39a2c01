"""`.dockerignore` patterns: whether they keep a context path out of the build.

Matching follows BuildKit's `.dockerignore` semantics (moby's patternmatcher): patterns are
cleaned paths relative to the context root, `*` and `?` stay within one path segment, `**`
spans any number of segments, a pattern that matches a directory also excludes everything
below it, `!` re-includes, and the last matching line wins. Matching takes time linear in
the path and the pattern (:mod:`dfls.knowledge.globs`); ``**`` inside a segment (``a**b``)
is a plain ``*`` there, where moby reads it as ``(.*/)?``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from dfls.knowledge.copies import context_path
from dfls.knowledge.globs import GlobError, compile_glob


@lru_cache(maxsize=512)
def _compile(line: str) -> tuple[re.Pattern[str], bool] | None:
    """One `.dockerignore` line as (regex, is_exception); None for blanks and comments."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    negate = text.startswith("!")
    if negate:
        text = text[1:].strip()
    path = context_path(text)
    if not path:
        return None
    try:
        return compile_glob(path, parents=True), negate
    except GlobError:
        return None  # Docker refuses the build; the line excludes nothing here


def is_ignored(patterns: Iterable[str], path: str) -> bool:
    """Whether ``.dockerignore`` ``patterns`` keep the context ``path`` out of the build."""
    # Each regex also matches a path below what it names, in one pass over the path.
    relative = context_path(path)
    ignored = False
    for line in patterns:
        compiled = _compile(line)
        if compiled is None:
            continue
        regex, negate = compiled
        if regex.match(relative):
            ignored = not negate
    return ignored
