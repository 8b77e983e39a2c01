"""Spelling: which known name a typo most likely meant."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant ("did you mean"), if any is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
