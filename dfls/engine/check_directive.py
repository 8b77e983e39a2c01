"""BuildKit's ``# check=`` parser directive, beyond ``skip`` (see :mod:`.suppress`):
``experimental=NAME,...|all`` turns on experimental checks, and ``error=true`` makes the
checks fail the build, so their findings are reported as errors.

Rules marked ``experimental`` (off by default) run when the directive names one of their
BuildKit aliases, or says ``all``, unless the configuration ignores them or selects an
explicit list of rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from dfls.engine.config import Settings
from dfls.model import Dockerfile
from dfls.rules import registry
from dfls.rules.api import Rule


@dataclass(frozen=True)
class CheckDirective:
    experimental: frozenset[str] = frozenset()
    """BuildKit check names (lower case) the directive turns on; ``all`` for every one."""
    error: bool = False


def parse(dockerfile: Dockerfile) -> CheckDirective:
    directive = dockerfile.directive("check")
    if directive is None:
        return CheckDirective()
    experimental: set[str] = set()
    error = False
    for part in directive.value.split(";"):
        key, _, value = part.partition("=")
        key = key.strip().lower()
        if key == "experimental":
            experimental.update(n.strip().lower() for n in value.split(",") if n.strip())
        elif key == "error":
            error = value.strip().lower() in ("1", "t", "true")
    return CheckDirective(frozenset(experimental), error)


def experimental_rules(
    directive: CheckDirective, settings: Settings, selected: set[type[Rule]]
) -> list[type[Rule]]:
    """The experimental rules the directive turns on that the settings did not select.

    An explicit ``select`` (only these rules) is kept to: the directive adds to the
    default selection, not to a list the user made."""
    if not directive.experimental or settings.select is not None:
        return []
    ignored = {r for s in settings.ignore for r in registry.select(s)}
    found = []
    for rule in registry.ALL_RULES:
        if not rule.experimental or rule in selected or rule in ignored:
            continue
        names = {a.lower() for a in rule.aliases.get("buildkit", ())}
        if "all" in directive.experimental or names & directive.experimental:
            found.append(rule)
    return found


def buildkit_codes() -> frozenset[str]:
    """The codes of the rules that stand for a BuildKit check (``error=true`` applies)."""
    return frozenset(code for codes in registry.alias_map("buildkit").values() for code in codes)
