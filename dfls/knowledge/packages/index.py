"""Package index updates: the actions that read the index an update downloads, and a RUN
whose update nothing in it reads (the index is for a later RUN)."""

from __future__ import annotations

from dfls.knowledge.packages.commands import RunFacts

READERS = {
    "apt": frozenset(
        {"install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep"}
        | {"source", "download", "satisfy"}
    ),
    "apk": frozenset({"add", "upgrade", "fix"}),
}
"""Per family, the actions that read the package index an update downloads."""


def reads_index(facts: RunFacts, family: str) -> bool:
    """True if the RUN uses the family's package index (installs, upgrades, `apt-cache`)."""
    readers = READERS.get(family, frozenset())
    if any(c.action in readers for c in facts.find(family=family)):
        return True
    return family == "apt" and any(c.name == "apt-cache" for _, c in facts.commands)


def update_alone(facts: RunFacts, family: str) -> bool:
    """True if the RUN updates the family's index but nothing in it reads the index.

    Its index is for a later RUN: removing it here would break that RUN's install.
    """
    updates = any(True for _ in facts.find(family=family, action="update"))
    return updates and not reads_index(facts, family)
