"""The signal names ``STOPSIGNAL`` accepts: Docker's table for Linux (moby/sys/signal).

Docker reads a number (not 0) or a name, in any case, with or without ``SIG``.
"""

from __future__ import annotations

NAMES = frozenset(
    {"ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT"}
    | {"KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM"}
    | {"TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ"}
    | {"RTMIN", "RTMAX"}
    | {f"RTMIN+{n}" for n in range(1, 16)}
    | {f"RTMAX-{n}" for n in range(1, 15)}
)


def is_signal(text: str) -> bool:
    """Whether Docker takes ``text`` as a signal (``SIGTERM``, ``term``, ``15``)."""
    number = text[1:] if text[:1] in "+-" else text
    if number.isascii() and number.isdigit():
        return int(text) != 0
    upper = text.upper()
    return upper.removeprefix("SIG") in NAMES
