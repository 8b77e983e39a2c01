"""hadolint's rules that no dfls rule stands for, so that dfls can say so when asked.

The rules that do have a dfls equivalent name it in their ``aliases``
(:func:`dfls.rules.registry.alias_map`); ``tests/rules/test_hadolint_table.py`` checks that
no code is in both places. Each entry says, in a few words of ours, what hadolint checks
and, where there is one, the dfls rule closest to it and how it differs.
"""

from __future__ import annotations

import re
from typing import NamedTuple

CODE = re.compile(r"^DL\d{4}$", re.IGNORECASE)
"""What a hadolint rule code looks like."""


class Uncovered(NamedTuple):
    checks: str
    closest: str | None = None
    """The dfls rule nearest to it (a code), if any."""
    difference: str = ""


_PINS = "it checks apt-get, apk and pip installs only"

UNCOVERED: dict[str, Uncovered] = {
    "DL1001": Uncovered("no inline `# hadolint ignore=` comments at all"),
    "DL3001": Uncovered("commands such as ssh, vim or top that make no sense in a build"),
    "DL3010": Uncovered(
        "use ADD to unpack a local archive",
        "DF304",
        "it asks for COPY where ADD only copies, and leaves archives to ADD",
    ),
    "DL3016": Uncovered("npm packages installed without a version", "DF214", _PINS),
    "DL3021": Uncovered("COPY of several sources to a destination without a trailing /"),
    "DL3026": Uncovered("FROM images from registries outside an allowed list"),
    "DL3028": Uncovered("gem installs without a version", "DF214", _PINS),
    "DL3029": Uncovered("FROM --platform"),
    "DL3033": Uncovered("yum installs without a version", "DF214", _PINS),
    "DL3035": Uncovered("zypper dist-upgrade"),
    "DL3037": Uncovered("zypper installs without a version", "DF214", _PINS),
    "DL3041": Uncovered("dnf installs without a version", "DF214", _PINS),
    "DL3044": Uncovered("an ENV value that uses a variable the same ENV defines"),
    "DL3045": Uncovered(
        "COPY to a relative destination before any WORKDIR",
        "DF602",
        "it checks relative WORKDIR paths, not COPY destinations",
    ),
    "DL3046": Uncovered("useradd of a high UID without -l (a huge lastlog file)"),
    "DL3047": Uncovered("wget without --progress (bloated build logs)"),
    "DL3048": Uncovered("LABEL keys that are not valid label names"),
    "DL3049": Uncovered("labels required by the configuration that are missing"),
    "DL3050": Uncovered("labels the configuration does not list"),
    "DL3051": Uncovered("empty label values"),
    "DL3052": Uncovered("label values that should be URLs and are not"),
    "DL3053": Uncovered("label values that should be RFC 3339 times and are not"),
    "DL3054": Uncovered("label values that should be SPDX licence ids and are not"),
    "DL3055": Uncovered("label values that should be git hashes and are not"),
    "DL3056": Uncovered("label values that should be semantic versions and are not"),
    "DL3058": Uncovered("label values that should be e-mail addresses and are not"),
    "DL3062": Uncovered("go install without a version", "DF214", _PINS),
    "DL4001": Uncovered("both wget and curl used in one Dockerfile"),
    "DL4005": Uncovered("changing the default shell with a RUN instead of SHELL"),
}


def uncovered(code: str) -> Uncovered | None:
    """What hadolint's ``code`` checks, if it is one of its rules dfls has none for."""
    return UNCOVERED.get(code.upper())
