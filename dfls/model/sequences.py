"""Comparing two versions of one of the model's sequences by identity.

After an edit the model reuses every node, Instruction and list it can as the same object,
so what changed between two versions is what lies between their common ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

_T = TypeVar("_T")


def common_ends(old: Sequence[_T], new: Sequence[_T]) -> tuple[int, int]:
    """How many leading and trailing items ``old`` and ``new`` share (without overlap).

    Binary searches on slice equality: sequence comparison checks identity first, in C,
    so this costs microseconds where a Python loop over a 5,000-line file would not. The
    items must compare equal only when they are the same object (as Instructions do).
    """
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if old[:middle] == new[:middle]:
            low = middle
        else:
            high = middle - 1
    prefix = low
    low, high = 0, limit - prefix
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle :] == new[len(new) - middle :]:
            low = middle
        else:
            high = middle - 1
    return prefix, low
