"""A rule's docs name only values its options accept (regression: DF101's docs said
`strictness = "minor"` while the option took "latest" or "major")."""

from __future__ import annotations

import re
import tomllib

import pytest

from dfls.rules import registry
from dfls.rules.api import Rule
from dfls.rules.options import specs

SETTING = re.compile(r"`([a-z][a-z0-9-]*) = ([^`]+)`")
OPTION_NAMES = {spec.name for rule in registry.ALL_RULES for spec in specs(rule.options_type)}


@pytest.mark.parametrize("rule", registry.ALL_RULES, ids=lambda rule: rule.code)
def test_option_values_in_the_docs_are_accepted(rule: type[Rule]) -> None:
    own = {spec.name: spec for spec in specs(rule.options_type)}
    for name, written in SETTING.findall(rule.__doc__ or ""):
        if name not in OPTION_NAMES:
            continue
        assert name in own, f"{rule.code} docs set {name!r}, another rule's option"
        value = tomllib.loads(f"v = {written}")["v"]
        assert own[name].convert(value) is not None, (
            f"{rule.code} docs write `{name} = {written}`, but {name} expects {own[name].expected}"
        )


def test_the_docs_do_show_option_values() -> None:
    """The check above has something to check: DF101 and DF604 show their values."""
    shown = {
        rule.code
        for rule in registry.ALL_RULES
        if any(name in OPTION_NAMES for name, _ in SETTING.findall(rule.__doc__ or ""))
    }
    assert {"DF101", "DF604"} <= shown
