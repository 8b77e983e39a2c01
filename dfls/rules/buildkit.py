"""Docker's build checks (BuildKit's linter, ``docker build --check``) and the ones no dfls
rule stands for, so that dfls can say why when asked.

The checks dfls covers are named in the rules' ``aliases["buildkit"]``
(:func:`dfls.rules.registry.alias_map`); ``tests/rules/test_buildkit_checks.py`` checks that
every check is in one place or the other.
"""

from __future__ import annotations

from dfls.knowledge.values import BUILDKIT_CHECKS

CHECKS = tuple(BUILDKIT_CHECKS)
"""The 22 build checks (docs.docker.com/reference/build-checks/), one list with the
summaries completion shows."""

UNCOVERED = {
    "InvalidBaseImagePlatform": "it compares the platform of the pulled base image with the "
    "target platform, which needs the image's manifest from a registry; dfls works offline",
}
"""The checks no dfls rule stands for, and why."""


def uncovered(name: str) -> tuple[str, str] | None:
    """BuildKit's spelling of check ``name`` and why dfls has no rule for it, if so."""
    for check, why in UNCOVERED.items():
        if check.lower() == name.lower():
            return check, why
    return None
