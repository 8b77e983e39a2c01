"""The suppression comment syntax: ``# dfls ignore=DF201,apt-no-recommends``.

Read by the suppression pass (``dfls.engine.suppress``, which also reports the names that match
no rule, as DF901) and by the code actions.
"""

from __future__ import annotations

import re

_PRAGMA = re.compile(
    r"^(?P<tool>dfls|hadolint)\s+(?P<global>global\s+)?ignore\s*=\s*(?P<codes>[\w\-, ]+)$",
    re.IGNORECASE,
)


def parse_pragma(text: str) -> tuple[str, bool, list[str]] | None:
    """``dfls ignore=A,B`` -> ("dfls", False, ["A", "B"]); None if not a pragma."""
    match = _PRAGMA.match(text.strip())
    if not match:
        return None
    codes = [c.strip() for c in match.group("codes").split(",") if c.strip()]
    return match.group("tool").lower(), bool(match.group("global")), codes
