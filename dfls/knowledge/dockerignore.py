"""`.dockerignore` patterns: whether they keep a context path out of the build.

Matching follows BuildKit's `.dockerignore` semantics (moby's patternmatcher): patterns are
cleaned paths relative to the context root, `*` and `?` stay within one path segment, `**`
spans any number of segments, a pattern that matches a directory also excludes everything
below it, `!` re-includes, and the last matching line wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from dfls.knowledge.copies import context_path


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):  # "**/" is zero or more whole directories
                out.append("(?:.*/)?")
                i += 1
            else:
                out.append(".*")
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[" and "]" in pattern[i + 2 :]:
            close = pattern.index("]", i + 2)
            body = pattern[i + 1 : close]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = close
        elif ch == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


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
    return re.compile(_translate(path) + r"\Z"), negate


def _with_parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def is_ignored(patterns: Iterable[str], path: str) -> bool:
    """Whether ``.dockerignore`` ``patterns`` keep the context ``path`` out of the build."""
    candidates = _with_parents(context_path(path))
    ignored = False
    for line in patterns:
        compiled = _compile(line)
        if compiled is None:
            continue
        regex, negate = compiled
        if any(regex.match(candidate) for candidate in candidates):
            ignored = not negate
    return ignored
