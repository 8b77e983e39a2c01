"""The suppression comment syntax: ``# dfls ignore=DF201,apt-no-recommends because ...``.

Read by the suppression pass (``dfls.engine.suppress``, which also reports the names that match
no rule, as DF901) and by the code actions. Two kinds of comment:

- dfls's and hadolint's pragmas, ``dfls ignore=A,B reason``: the codes are a comma-separated
  list (blanks allowed around a comma); whatever follows them after a blank (or a ``:``
  or ``;``) is the reason, kept for the reader (ruff and hadolint users write one);
- BuildKit's ``check=skip=A,B`` (or ``skip=all``), the ``check`` parser directive, which
  BuildKit also reads from the comments right above an instruction; text after a blank
  (``check=skip=A // why``) is ignored there, as BuildKit does.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_PRAGMA = re.compile(
    r"^(?P<tool>dfls|hadolint)\s+(?P<global>global\s+)?ignore\s*=\s*"
    r"(?P<codes>[\w\-]+(?:\s*,\s*[\w\-]+)*)\s*,?(?:(?:\s+|\s*[:;]\s*)(?P<reason>.*?))?\s*$",
    re.IGNORECASE,
)
# BuildKit's directive line, without the "#": a name, "=", a value.
_DIRECTIVE = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")


class Pragma(NamedTuple):
    tool: str
    """``dfls`` or ``hadolint``."""
    is_global: bool
    codes: list[str]
    reason: str
    """What follows the codes (empty when nothing does)."""


class CheckSkip(NamedTuple):
    """What a ``check=`` comment skips: BuildKit check names, or all of them."""

    names: tuple[str, ...]
    skip_all: bool


def parse_pragma(text: str) -> Pragma | None:
    """``dfls ignore=A, B because x`` -> Pragma("dfls", False, ["A", "B"], "because x");
    None if ``text`` (a comment without its ``#``) is not a pragma."""
    match = _PRAGMA.match(text.strip())
    if not match:
        return None
    codes = [c.strip() for c in match.group("codes").split(",") if c.strip()]
    reason = match.group("reason") or ""
    return Pragma(match.group("tool").lower(), bool(match.group("global")), codes, reason)


def parse_check_comment(text: str) -> CheckSkip | None:
    """A comment (without its ``#``) that is a ``check=`` directive: what it skips; None
    when it is not one. ``check=error=true`` skips nothing (an empty CheckSkip)."""
    match = _DIRECTIVE.match(text)
    if not match or match.group(1).lower() != "check":
        return None
    # Above an instruction, BuildKit reads the value up to the first blank (a reason may
    # follow: ``check=skip=A // why``).
    return parse_check_value(match.group(2).split(None, 1)[0])


def parse_check_value(value: str) -> CheckSkip:
    """The value of a ``check`` directive (``skip=A,B;error=true``): what it skips."""
    names: list[str] = []
    skip_all = False
    for part in value.split(";"):
        key, _, listed = part.partition("=")
        if key.strip().lower() != "skip":
            continue
        for name in listed.split(","):
            name = name.strip()
            if name.lower() == "all":
                skip_all = True
            elif name:
                names.append(name)
    return CheckSkip(tuple(names), skip_all)
