"""What BuildKit accepts as an image reference and as a platform, without a registry.

``is_valid_reference`` follows distribution/reference's ``ParseNormalizedNamed`` (the
grammar of ``reference/regexp.go`` and the lower-case rule for Docker Hub names);
``parse_platform`` follows containerd's ``platforms.Parse`` closely enough to tell a
constant platform (``linux/amd64``) and to name its OS and architecture.
"""

from __future__ import annotations

import re

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = f"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])"
_DOMAIN = rf"{_HOST}(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_NAME = f"(?:{_DOMAIN}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_REFERENCE = re.compile(rf"({_NAME})(?::{_TAG})?(?:@{_DIGEST})?")
_HEX64 = re.compile(r"[a-f0-9]{64}")
_NAME_MAX = 255


def is_valid_reference(text: str) -> bool:
    """Whether ``text`` (variables already expanded) is a valid image reference."""
    if not text or _HEX64.fullmatch(text):
        return False
    first, slash, rest = text.partition("/")
    on_hub = not slash or (
        not any(c in first for c in ".:") and first != "localhost" and first == first.lower()
    )
    remainder = text if on_hub else rest
    repository = remainder.partition(":")[0]
    if repository != repository.lower():
        return False  # "repository name must be lowercase"
    match = _REFERENCE.fullmatch(text)
    return match is not None and len(match.group(1)) <= _NAME_MAX


_COMPONENT = re.compile(r"[A-Za-z0-9_.-]+")
_OS = frozenset(
    {
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "illumos",
        "ios",
        "js",
        "linux",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "wasip1",
        "windows",
    }
)
_ARCH = {
    "i386": "386",
    "386": "386",
    "x86_64": "amd64",
    "x86-64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "armhf": "arm",
    "armel": "arm",
    "arm": "arm",
}


def parse_platform(text: str) -> tuple[str, str] | None:
    """The (OS, architecture) of a constant platform like ``linux/arm64/v8``, normalised
    (``x86_64`` is ``amd64``); None when it is not a platform. One component is an OS
    (architecture ``amd64``) or else an architecture (OS ``linux``), as on a Linux host."""
    parts = text.split("/")
    if not 1 <= len(parts) <= 3 or not all(_COMPONENT.fullmatch(p) for p in parts):
        return None
    lowered = [p.lower() for p in parts]
    if len(lowered) == 1:
        if lowered[0] in _OS:
            return lowered[0], "amd64"
        return "linux", _ARCH.get(lowered[0], lowered[0])
    os_name, arch = lowered[0], lowered[1]
    return os_name, _ARCH.get(arch, arch)
