"""What dfls knows about ShellCheck's findings: their codes, levels, wiki pages, and which
of its fixes keep a script's meaning.

ShellCheck's codes (``SC2086``) are used as they are: in findings, in ``select``/``ignore``
(``SC`` selects every one, ``SC2`` a group, like ``DF2``), in ``# dfls ignore=`` and
``# hadolint ignore=`` pragmas and in severity overrides.
"""

from __future__ import annotations

import re

PREFIX = "SC"
WIKI = "https://www.shellcheck.net/wiki/{code}"

_CODE = re.compile(r"^SC\d{4}$", re.IGNORECASE)
_SELECTOR = re.compile(r"^SC\d{0,4}$", re.IGNORECASE)

LEVELS = {"error": "error", "warning": "warning", "info": "info", "style": "style"}
"""ShellCheck's levels, which are dfls's severities by the same names."""

SAFE_FIXES = frozenset({"SC2006", "SC2250"})
"""Fixes that keep the meaning: ``$(...)`` for backticks, braces around a name. The others
(quoting ``$PACKAGES`` that is meant to split into words, ``|| exit`` after ``cd``,
``[[`` for ``[``...) change what the script does in some case, so they are unsafe."""

EXCLUDED = ("SC1090", "SC1091", "SC2187")
"""Never useful in a Dockerfile (as hadolint): ``source`` of a file that is not there at
lint time (1090, 1091) and "ash is checked as dash" (2187; dfls says ``busybox``)."""

TWINS = {"SC2164": "DF213"}
"""ShellCheck codes a dfls rule reports better at the same place: ``cd`` without ``||
exit`` (SC2164) on a ``cd`` that DF213 says should be a WORKDIR, whose fix settles both.
Where the dfls rule reports (and is not suppressed), the ShellCheck finding is dropped.
DF217 (a pipe without ``pipefail``) has no twin: ShellCheck does not check for it."""

DECLARED_EVERYWHERE = (
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
)
"""Build arguments every RUN sees without an ARG (BuildKit passes the proxy settings)."""


def is_code(text: str) -> bool:
    """``SC2086`` (any case)."""
    return bool(_CODE.match(text.strip()))


def is_selector(text: str) -> bool:
    """A code, or a prefix of codes: ``SC``, ``SC2``, ``SC20``, ``SC2086``."""
    return bool(_SELECTOR.match(text.strip()))


def normalized(text: str) -> str:
    return text.strip().upper()


def matches(selector: str, code: str) -> bool:
    """Whether ``selector`` (a SC prefix, or ``ALL``) covers ``code``."""
    wanted = normalized(selector)
    return wanted == "ALL" or (is_selector(wanted) and code.startswith(wanted))


def code_of(number: int) -> str:
    return f"SC{number:04d}"


def wiki_url(code: str) -> str:
    return WIKI.format(code=normalized(code))
