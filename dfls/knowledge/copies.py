"""COPY and ADD sources: which words are sources, whether an instruction reads the build
context, which sources are the whole context, and the context paths they name."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from dfls.model import Dockerfile, Instruction, Word

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_WHOLE_CONTEXT = frozenset({"", ".", "*"})


def sources(instruction: Instruction) -> tuple[Word, ...]:
    """The source words of a COPY or ADD (exec or shell form), destination left out."""
    form = instruction.exec_form
    words = form if form is not None else instruction.words
    return words[:-1] if len(words) >= 2 else ()


def from_context(instruction: Instruction) -> bool:
    """True when a COPY/ADD reads the build context (not another stage or image)."""
    return instruction.flag("from") is None


def is_url(value: str) -> bool:
    return bool(_URL.match(value)) or value.startswith("git@")


def is_heredoc(word: Word) -> bool:
    """``<<EOF``, ``<<-EOF`` or ``3<<EOF``: a here-document, not a context path."""
    return word.text.lstrip("0123456789").startswith("<<")


def context_path(value: str) -> str:
    """A source as a path relative to the context root: ``./src/`` -> ``src``, ``/`` -> ``""``."""
    path = posixpath.normpath("/" + value.replace("\\", "/")).lstrip("/")
    return "" if path == "." else path


def is_whole_context(word: Word) -> bool:
    """``.``, ``./``, ``/``, ``*`` and ``./*``: the source is the entire build context."""
    return "$" not in word.value and context_path(word.value) in _WHOLE_CONTEXT


def whole_context_copies(dockerfile: Dockerfile) -> Iterator[tuple[Instruction, Word]]:
    """Every COPY/ADD (not ONBUILD triggers: they run in another build) of the whole context."""
    for instruction in dockerfile.by_keyword("COPY", "ADD"):
        word = _whole_context_word(instruction)
        if word is not None:
            yield instruction, word


def _whole_context_word(instruction: Instruction) -> Word | None:
    def compute() -> Word | None:
        if not from_context(instruction):
            return None
        return next((word for word in sources(instruction) if is_whole_context(word)), None)

    return instruction.memoized("context.whole_context_word", compute)


def explicit_sources(dockerfile: Dockerfile) -> list[str]:
    """Context paths that COPY/ADD name one by one (not the whole context, URLs or heredocs)."""
    return [p for i in dockerfile.by_keyword("COPY", "ADD") for p in _explicit_sources(i)]


def _explicit_sources(instruction: Instruction) -> tuple[str, ...]:
    def compute() -> tuple[str, ...]:
        if not from_context(instruction):
            return ()
        return tuple(
            context_path(word.value)
            for word in sources(instruction)
            if not (is_whole_context(word) or is_url(word.value) or is_heredoc(word))
        )

    return instruction.memoized("context.explicit_sources", compute)
