"""Port specifications as ``EXPOSE`` takes them: ``[[ip:]host:]port[-end][/protocol]``.

The pieces come with their offsets in the word, so a rule can point at the bad part.
Docker's parser (``nat.ParsePortSpec``) is the reference for what is valid.
"""

from __future__ import annotations

from typing import NamedTuple

PROTOCOLS = ("tcp", "udp", "sctp")
MAX_PORT = 65535


class Part(NamedTuple):
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class PortSpec(NamedTuple):
    address: Part | None
    """The IP address of ``ip:host:port`` (EXPOSE ignores it; BuildKit warns)."""
    host: Part | None
    """The host port (range) of ``host:port`` (EXPOSE ignores it; BuildKit warns)."""
    port: Part
    protocol: Part | None


def split(text: str) -> PortSpec:
    """The parts of a port specification; nothing is validated."""
    port_text, slash, protocol_text = text.partition("/")
    protocol = Part(protocol_text, len(port_text) + 1) if slash else None
    head, colon, last = port_text.rpartition(":")
    if not colon:
        return PortSpec(None, None, Part(port_text, 0), protocol)
    port = Part(last, len(head) + 1)
    address_text, colon, host_text = head.rpartition(":")
    if head.startswith("[") and head.endswith("]"):  # [::1]:80
        return PortSpec(Part(head, 0), None, port, protocol)
    if not colon:
        return PortSpec(None, Part(head, 0), port, protocol)
    return PortSpec(Part(address_text, 0), Part(host_text, len(address_text) + 1), port, protocol)


def range_error(text: str) -> str | None:
    """Why ``text`` is not a port or a port range (``8000-8010``); None when it is."""
    start, dash, end = text.partition("-")
    for number in (start, end) if dash else (start,):
        if not number.isascii() or not number.isdigit():
            return "not a number"
        if int(number) > MAX_PORT:
            return f"above {MAX_PORT}"
    if dash and int(end) < int(start):
        return "the range ends before it starts"
    return None


def protocol_error(text: str) -> str | None:
    """Why ``text`` is not a protocol EXPOSE accepts (any case: casing is a style matter)."""
    if text.lower() in PROTOCOLS or text == "":
        return None
    return f"not one of {', '.join(PROTOCOLS)}"
