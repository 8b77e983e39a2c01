"""Spelling: which known name a typo most likely meant."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant ("did you mean"), if any is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def nearest_name(word: str, candidates: Iterable[str], case_sensitive: bool = True) -> str | None:
    """BuildKit's "did you mean" (``util/suggest.Search``): the first candidate at the
    smallest edit distance below 3, None when there is none or ``word`` is a candidate."""
    wanted = word if case_sensitive else word.lower()
    best: str | None = None
    smallest = 3
    for candidate in candidates:
        compared = candidate if case_sensitive else candidate.lower()
        if compared == wanted:
            return None
        if abs(len(compared) - len(wanted)) >= smallest:
            continue
        distance = _distance(wanted, compared)
        if distance < smallest:
            best, smallest = candidate, distance
    return best


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
