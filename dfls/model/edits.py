"""Changes to a Dockerfile's text that fixes are made of: an edit, a new file beside it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from dfls.model.text import Span


@dataclass(frozen=True)
class Edit:
    span: Span
    new_text: str

    def shifted(self, lines: int) -> Edit:
        return replace(self, span=self.span.shifted(lines)) if lines else self


@dataclass(frozen=True)
class NewFile:
    """A file a fix creates, relative to the Dockerfile's directory (e.g. ``.dockerignore``)."""

    path: str
    content: str
