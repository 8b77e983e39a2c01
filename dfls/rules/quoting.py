"""How findings quote what a file says: briefly, and never a credential.

Messages quote the Dockerfile between backticks (`` `RUNN` ``, `` `node:20` ``). The file
may not be the user's own (a pull request checked in CI, a symlink to a file elsewhere), and
findings end up in CI logs and annotations that others read, so a quote is shortened to what
identifies the place (:data:`QUOTE_LIMIT` characters) and a credential-shaped part of it
(:mod:`dfls.knowledge.secrets`) is masked. :meth:`dfls.rules.api.Rule.violation` applies
this to every message and :class:`~dfls.rules.api.Fix` to every title.
"""

from __future__ import annotations

import re
import reprlib

QUOTE_LIMIT = 40
"""The most characters of the file one quote shows (image references, package names and
instruction keywords are shorter)."""

ELLIPSIS = "\u2026"

_QUOTED = re.compile(r"`([^`]*)`")


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters (the last one an ellipsis) if it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def _quote(match: re.Match[str]) -> str:
    # Imported here: settings messages (`dfls format` reading a config) quote no file.
    from dfls.knowledge.secrets import redact

    return f"`{shorten(redact(match.group(1)))}`"


def bounded(message: str) -> str:
    """``message`` with each `` `quote` `` shortened and its credentials masked."""
    if "`" not in message:
        return message
    return _QUOTED.sub(_quote, message)


_REPR = reprlib.Repr()
_REPR.maxstring = QUOTE_LIMIT
_REPR.maxother = QUOTE_LIMIT
_REPR.maxlevel = 2


def brief(value: object) -> str:
    """``repr(value)`` kept short and shallow, for messages about settings."""
    return _REPR.repr(value)
