"""dfls.rules.hadolint: hadolint's rules without a dfls rule, and the closest ones."""

from __future__ import annotations

from dfls.rules import hadolint, registry


def test_no_code_is_both_aliased_and_uncovered() -> None:
    aliased = {code.upper() for code in registry.alias_map("hadolint")}
    assert aliased.isdisjoint(hadolint.UNCOVERED)


def test_entries_are_well_formed() -> None:
    for code, entry in hadolint.UNCOVERED.items():
        assert hadolint.CODE.match(code), code
        assert entry.checks and not entry.checks.endswith("."), code
        if entry.closest is not None:
            assert registry.get(entry.closest) is not None, (code, entry.closest)
            assert entry.difference, f"{code}: say how {entry.closest} differs"
        else:
            assert not entry.difference, code


def test_hadolint_rules_are_all_accounted_for() -> None:
    """hadolint 2.12's DL rules (its README's table), aliased or listed as uncovered."""
    known = {f"DL{n}" for n in (1001, *range(3000, 3063), 4000, 4001, 4003, 4004, 4005, 4006)}
    known -= {"DL3005", "DL3017", "DL3031", "DL3039"}  # removed from hadolint
    aliased = {code.upper() for code in registry.alias_map("hadolint")}
    assert known - aliased - set(hadolint.UNCOVERED) == set()
