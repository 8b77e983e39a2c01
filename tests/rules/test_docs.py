"""Generic tests over every rule: docs complete, examples executable, fixes converge."""

from __future__ import annotations

import importlib
import pkgutil
from textwrap import dedent

import pytest

import dfls.rules
from dfls.features import docs
from dfls.rules import registry
from dfls.rules.api import BuildContext, FixAvailability, Rule
from tests.rules.helpers import findings, fixed

RULES = registry.ALL_RULES
# Rules about the build context need to be told there is no .dockerignore (or a useless one).
EXAMPLE_CONTEXT = BuildContext(known=True, dockerignore=None)
EXAMPLE_CONTEXTS = (EXAMPLE_CONTEXT, BuildContext(known=True, dockerignore=("*.log",)))
CLEAN_CONTEXT = BuildContext(known=True, dockerignore=(".git", ".env", "node_modules"))


def _ids(rule: type[Rule]) -> str:
    return f"{rule.code}-{rule.name}"


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_docs_have_every_section(rule: type[Rule]) -> None:
    assert docs.problems(rule) == []


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_example_fires(rule: type[Rule]) -> None:
    example = docs.parse_docs(rule).example
    assert example is not None
    fired = any(findings(rule.code, example, context) for context in EXAMPLE_CONTEXTS)
    assert fired, f"{rule.code} Example does not fire"


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_use_instead_is_clean(rule: type[Rule]) -> None:
    clean = docs.parse_docs(rule).use_instead
    assert clean is not None
    assert findings(rule.code, clean, CLEAN_CONTEXT) == []


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.fix_availability is not FixAvailability.NEVER], ids=_ids
)
def test_fix_removes_the_finding_and_is_idempotent(rule: type[Rule]) -> None:
    example = docs.parse_docs(rule).example
    assert example is not None
    before = findings(rule.code, example, EXAMPLE_CONTEXT)
    created = [f for v in before if v.fix and not v.fix.edits for f in v.fix.new_files]
    if created:
        # The fix creates the missing .dockerignore: with that file, the finding must go.
        context = BuildContext(known=True, dockerignore=tuple(created[0].content.splitlines()))
        assert findings(rule.code, example, context) == []
        return
    if not any(v.fix and v.fix.edits for v in before):
        pytest.fail(f"{rule.code} can fix but offers no edit on its own Example")
    once = fixed(rule.code, example, context=EXAMPLE_CONTEXT)
    assert once != dedent(example)
    remaining = [v for v in findings(rule.code, once, EXAMPLE_CONTEXT) if v.fix and v.fix.edits]
    assert remaining == [], f"{rule.code} fix did not remove the finding:\n{once}"
    assert fixed(rule.code, once, context=EXAMPLE_CONTEXT) == once


def test_codes_and_names_are_well_formed_and_unique() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert rule.code.startswith("DF") and rule.code[2:].isdigit() and len(rule.code) == 5
        assert rule.name == rule.name.lower() and " " not in rule.name and "_" not in rule.name


def test_every_rule_module_is_registered_and_named_after_its_code() -> None:
    registered = {r.__module__ for r in RULES}
    for info in pkgutil.iter_modules(dfls.rules.__path__):
        if not info.name.startswith("df"):
            continue
        module = importlib.import_module(f"dfls.rules.{info.name}")
        assert module.__name__ in registered, f"{info.name} is not in rules/registry.py"
    for rule in RULES:
        module_name = rule.__module__.rsplit(".", 1)[-1]
        assert module_name.startswith(rule.code.lower() + "_"), (rule.code, module_name)


def test_reference_docs_are_current() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == docs.render_reference(), (
        "docs/rules.md is stale: run `python -m dfls.features.docs --write`"
    )


def test_df900_documents_its_two_severities() -> None:
    """DF900 is an error rule whose trailing-continuation finding is a warning: say so."""
    from tests.rules.helpers import findings

    rule = registry.get("DF900")
    assert rule is not None
    exceptions = docs.parse_docs(rule).sections.get("Exceptions", "")
    assert "warning" in exceptions and "error" in exceptions
    (found,) = findings("DF900", "FROM alpine:3.20\nRUN echo \\\n")
    assert found.severity.value == "warning"
