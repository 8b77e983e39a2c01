"""What completion answers, as plain data (no LSP types): items and where they go."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from dfls.model import Span


class Kind(enum.Enum):
    """What an item is; the LSP handler maps each to a CompletionItemKind."""

    KEYWORD = "keyword"
    PROPERTY = "property"
    """A flag or a ``--mount`` option."""
    VALUE = "value"
    """A flag's, option's or directive's value."""
    VARIABLE = "variable"
    MODULE = "module"
    """A base image."""
    REFERENCE = "reference"
    """A build stage."""
    SNIPPET = "snippet"
    RULE = "rule"
    """A rule code in a suppression comment."""


@dataclass(frozen=True)
class Item:
    """One completion. ``text`` replaces the completion's span; ``snippet``, when set, is
    the same with tab stops (LSP snippet syntax), for clients that take snippets."""

    label: str
    kind: Kind
    text: str
    detail: str | None = None
    snippet: str | None = None
    doc: tuple[str, ...] | None = None
    """What :func:`dfls.features.completion.documentation` explains: ("instruction", "RUN"),
    ("flag", "RUN", "mount"), ("directive", "syntax"), ("rule", "DF101"), ("image", ref),
    ("variable", name)."""
    deprecated: bool = False
    filter_text: str | None = None

    def plain(self) -> str:
        """The text without tab stops."""
        return self.text if self.snippet is None else snippet_to_text(self.snippet)


@dataclass(frozen=True)
class Completions:
    """The items for a position; each replaces ``span`` (the part of the word typed so far,
    on the cursor's line)."""

    span: Span
    items: tuple[Item, ...]


_TABSTOP = re.compile(r"\$\{\d+\|([^,|]*)[^}]*\|\}|\$\{\d+:([^}]*)\}|\$\d+")


def snippet_to_text(snippet: str) -> str:
    """A snippet as plain text: each placeholder becomes its default (or first choice)."""
    text = _TABSTOP.sub(lambda m: m.group(1) or m.group(2) or "", snippet)
    return text.replace("\\$", "$").replace("\\}", "}").replace("\\\\", "\\")


def escape(text: str) -> str:
    """``text`` as a snippet that inserts it verbatim."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
