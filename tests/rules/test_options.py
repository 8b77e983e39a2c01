"""Rule options: one dataclass per rule, from which config checks and docs derive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pytest

from dfls.features import docs
from dfls.model import Dockerfile
from dfls.rules import registry
from dfls.rules.api import Rule, RuleContext, RuleOptions, option
from dfls.rules.df101_image_tag import Options as ImageTagOptions
from dfls.rules.df212_consecutive_runs import Options as ConsecutiveRunsOptions
from dfls.rules.df215_build_tools_in_final_image import Options as BuildToolsOptions
from dfls.rules.options import NO_OPTIONS, defaults, parse, specs

WITH_OPTIONS = [rule for rule in registry.ALL_RULES if specs(rule.options_type)]


def test_the_rules_with_options() -> None:
    declared = {rule.code: [s.name for s in specs(rule.options_type)] for rule in WITH_OPTIONS}
    assert declared == {
        "DF101": ["strictness"],
        "DF212": ["max-commands"],
        "DF215": ["allow"],
        "DF604": ["style"],
    }


def test_specs_say_kind_choices_bound_and_default() -> None:
    (strictness,) = specs(ImageTagOptions)
    assert (strictness.kind, strictness.choices, strictness.default) == (
        "str",
        ("latest", "major"),
        "latest",
    )
    (max_commands,) = specs(ConsecutiveRunsOptions)
    assert (max_commands.name, max_commands.attribute) == ("max-commands", "max_commands")
    assert (max_commands.kind, max_commands.minimum, max_commands.default) == ("int", 1, 2)
    (allow,) = specs(BuildToolsOptions)
    assert (allow.kind, allow.default, allow.shown(allow.default)) == ("list", (), "[]")


@pytest.mark.parametrize("rule", WITH_OPTIONS, ids=lambda r: r.code)
def test_docs_options_section_shows_every_option_and_its_default(rule: type[Rule]) -> None:
    sections = docs.parse_docs(rule).sections
    listed = list(sections)
    assert listed.index("Options") == listed.index("References") - 1
    for spec in specs(rule.options_type):
        assert f"- `{spec.name}` (" in sections["Options"]
        assert f"default `{spec.shown(spec.default)}`" in sections["Options"]
        for choice in spec.choices:
            assert f'`"{choice}"`' in sections["Options"]
    assert "## Options" in docs.render_markdown(rule)


def test_docs_options_lines() -> None:
    image_tag = docs.parse_docs(registry.get("DF101") or Rule).sections["Options"]
    assert image_tag.startswith(
        '- `strictness` (one of `"latest"`, `"major"`; default `"latest"`): `"latest"` flags '
    )
    runs = docs.parse_docs(registry.get("DF212") or Rule).sections["Options"]
    assert runs.startswith("- `max-commands` (integer, at least 1; default `2`): the most ")
    tools = docs.parse_docs(registry.get("DF215") or Rule).sections["Options"]
    assert tools.startswith("- `allow` (list of strings; default `[]`): package names ")


def test_rules_without_options_have_no_options_section() -> None:
    rule = registry.get("DF401")
    assert rule is not None
    assert "Options" not in docs.parse_docs(rule).sections


def test_a_hand_written_options_section_is_a_docs_problem() -> None:
    class Written(Rule):
        """## What it does
        x

        ## Options
        - `strictness`: by hand
        """

        code = "DF999"
        name = "written"
        options_type = ImageTagOptions

    assert any("Options section by hand" in p for p in docs.problems(Written))


def test_parse_keeps_good_values_and_defaults_the_bad_ones() -> None:
    options, problems = parse(BuildToolsOptions, {"allow": ["git", "make"]})
    assert options == BuildToolsOptions(allow=("git", "make"))
    assert problems == []
    runs, problems = parse(ConsecutiveRunsOptions, {"max-commands": -1})
    assert runs is defaults(ConsecutiveRunsOptions)
    assert problems == ["option 'max-commands' expects an integer of at least 1, got -1"]


def test_bool_options_take_only_booleans() -> None:
    @dataclass(frozen=True)
    class Flags(RuleOptions):
        strict_mode: bool = option(False, "whether to be strict.")

    assert parse(Flags, {"strict-mode": True}) == (Flags(strict_mode=True), [])
    assert parse(Flags, {"strict-mode": 1})[1] == [
        "option 'strict-mode' expects true or false, got 1"
    ]
    assert docs._options_section(specs(Flags)) == (
        "- `strict-mode` (true or false; default `false`): whether to be strict."
    )


def test_rules_without_options_share_one_object() -> None:
    assert parse(RuleOptions, {}) == (NO_OPTIONS, [])
    assert defaults(RuleOptions) is NO_OPTIONS


def test_options_as_gives_the_rule_its_typed_options() -> None:
    dockerfile = Dockerfile.parse("FROM a\n")
    chosen = ImageTagOptions(strictness="major")
    assert RuleContext(dockerfile, chosen).options_as(ImageTagOptions) is chosen
    # A context made without options (in a test) gives the defaults.
    assert RuleContext(dockerfile).options_as(ImageTagOptions).strictness == "latest"
    with pytest.raises(TypeError):
        RuleContext(dockerfile, chosen).options_as(ConsecutiveRunsOptions)


def test_options_config_cannot_express_are_refused() -> None:
    @dataclass(frozen=True)
    class Ratio(RuleOptions):
        ratio: float = option(0.5, "a float")

    @dataclass(frozen=True)
    class Bounded(RuleOptions):
        name: str = option("a", "a name", minimum=1)

    @dataclass(frozen=True)
    class BadDefault(RuleOptions):
        mode: Literal["a", "b"] = option("c", "a mode")  # type: ignore[arg-type]

    for broken in (Ratio, Bounded, BadDefault):
        with pytest.raises(TypeError):
            specs(broken)
