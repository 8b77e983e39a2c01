"""Glob patterns over ``/``-separated relative paths, matched in linear time.

``.dockerignore`` lines and the ``exclude`` patterns of a config file come from the
repository being checked, which may be hostile: a pattern such as ``*a*a*a*a*a*a*b`` or
``**/**/**/...`` must not make a naive backtracking match take minutes. A pattern is
translated once into a regular expression whose shape bounds the work: the time to match
a path grows with (path length) x (pattern length), never exponentially.

Syntax: ``*`` matches any run of characters within one path segment, ``?`` one character
but ``/``, ``[abc]``, ``[a-z]`` and ``[!abc]`` (or ``[^abc]``) one character of a set (never
``/``), ``\\x`` the character ``x``, and ``**`` as a whole segment any number of segments:
``**/`` at the start or ``/**/`` inside zero or more, ``/**`` at the end one or more (what
is inside a directory). ``**`` within a segment (``a**b``) is a plain ``*``, as in
``.gitignore``.

How the shape bounds the work: each segment pattern finds the pieces between its ``*`` in
order, each at its leftmost place, inside an atomic group, as :func:`fnmatch.translate`
does (a later place can never help, since the next ``*`` can absorb the gap); the pieces
of a path pattern between its ``**`` are found the same way, one whole segment at a time.
No group is ever re-entered once it has matched, so nothing backtracks into a combination.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_PATTERN_LENGTH = 1000
"""Longer patterns are refused (real ones are tens of characters)."""


class GlobError(ValueError):
    """A pattern that cannot be used: too long, or a malformed character class."""


_STAR = "*"
_DIRS = "**"
"""Tokens of a segment: one of these, or a regular expression for one character."""

_ONE = "[^/]"
_END = "(?![^/])"
"""At the end of a segment: the next character is ``/``, or there is none."""


def _class(body: str) -> str:
    """The regular expression of a ``[...]`` character class (never matching ``/``)."""
    negated = body[:1] in ("!", "^")
    if negated:
        body = body[1:]
    # Backslashes are literal in a glob class; brackets and set operators are escaped so
    # that Python does not read a nested set or warn about one.
    body = re.sub(r"([\\\[&~|])", r"\\\1", body)
    regex = f"[{'^' if negated else ''}{body}]"
    try:
        re.compile(regex)
    except re.error as error:
        raise GlobError(f"bad character class [{body}]: {error.msg}") from None
    return f"(?!/){regex}"


def _whole_segments(pattern: str) -> list[list[str] | str]:
    """The pattern's segments, each a list of tokens (``*``, or one character's regex), or
    :data:`_DIRS` for a ``**`` alone in its segment (consecutive ones merged)."""
    segments: list[list[str] | str] = []
    current: list[str] = []
    start = i = 0
    n = len(pattern)
    while i <= n:
        char = pattern[i] if i < n else "/"
        if char == "/" or (char == "\\" and pattern[i + 1 : i + 2] == "/"):
            if pattern[start:i] != "**":
                segments.append(current)
            elif not segments or segments[-1] != _DIRS:
                segments.append(_DIRS)
            i += 2 if char == "\\" else 1
            current, start = [], i
            continue
        if char == "*":
            if not current or current[-1] != _STAR:
                current.append(_STAR)  # a run of stars inside a segment is one star
        elif char == "?":
            current.append(_ONE)
        elif char == "[" and "]" in pattern[i + 2 :]:
            close = pattern.index("]", i + 2)
            current.append(_class(pattern[i + 1 : close]))
            i = close
        elif char == "\\" and i + 1 < n:
            i += 1
            current.append(re.escape(pattern[i]))
        else:
            current.append(re.escape(char))
        i += 1
    return segments


def _segment(tokens: list[str]) -> str:
    """One segment: fixed pieces between stars, the middle ones leftmost and atomic."""
    pieces: list[list[str]] = [[]]
    for token in tokens:
        if token == _STAR:
            pieces.append([])
        else:
            pieces[-1].append(token)
    out = "".join(pieces[0])
    for middle in pieces[1:-1]:
        out += f"(?>[^/]*?{''.join(middle)})"
    if len(pieces) > 1:
        out += "[^/]*" + "".join(pieces[-1])
    return out + _END


def translate(pattern: str, *, anywhere: bool = False, parents: bool = False) -> str:
    """``pattern`` as a regular expression that matches a whole relative path.

    ``anywhere``: the pattern may match at any depth (a leading ``**/`` is implied).
    ``parents``: it also matches (with ``re.match``) a path whose parent directory it
    matches, in one pass rather than one match per parent. Raises :class:`GlobError` for a pattern that is too long or malformed.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise GlobError(
            f"pattern is {len(pattern):,} characters long (at most {MAX_PATTERN_LENGTH:,})"
        )
    parts = _whole_segments(pattern)
    if anywhere and parts[0] != _DIRS:
        parts.insert(0, _DIRS)
    end = "" if parents else r"\Z"
    if parts == [_DIRS]:
        return ".+" + end
    leading, trailing = parts[0] == _DIRS, parts[-1] == _DIRS
    pieces: list[list[str]] = [[]]
    for part in parts:
        if part == _DIRS:
            pieces.append([])
        else:
            assert isinstance(part, list)
            pieces[-1].append(_segment(part))
    if trailing:
        pieces.pop()
    out: list[str] = []
    for index, piece in enumerate(pieces):
        body = "/".join(piece)
        last = index == len(pieces) - 1
        if index == 0 and not leading:
            out.append(body)
        elif last and not trailing:
            # The last piece ends the path: wherever it starts, it must reach the end.
            out.append(f"(?:[^/]*+/)*{body}")
        elif body:
            # Between two `**`: its leftmost place is as good as any, so commit to it.
            out.append(f"(?>(?:[^/]*+/)*?{body})")
        if body and (not last or trailing):
            out.append("/")
    if trailing:
        out.append(".+")
    return "".join(out) + end


@lru_cache(maxsize=1024)
def compile_glob(pattern: str, anywhere: bool = False, parents: bool = False) -> re.Pattern[str]:
    """:func:`translate`, compiled (and cached: the same patterns are matched again and again)."""
    return re.compile(translate(pattern, anywhere=anywhere, parents=parents), re.DOTALL)


def problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (None: it can)."""
    try:
        compile_glob(pattern)
    except GlobError as error:
        return str(error)
    return None
