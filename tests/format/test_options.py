"""The [format] table: defaults, kebab and camel case, bad values, layering."""

from __future__ import annotations

from pathlib import Path

from dfls.engine import config, format_options
from dfls.engine.format_options import FormatOptions
from dfls.rules.options import specs


def test_defaults() -> None:
    assert (
        FormatOptions(
            keyword_case="upper",
            indent_width=4,
            indent_style="space",
            split_chains="multi-line",
            blank_line_before_from=False,
            shell=False,
        )
        == format_options.DEFAULT
    )
    assert config.Settings().format == format_options.DEFAULT


def test_every_option_has_docs() -> None:
    for spec in specs(FormatOptions):
        assert spec.doc, spec.name


def test_from_a_config_file(tmp_path: Path) -> None:
    path = tmp_path / ".dfls.toml"
    path.write_text('[format]\nkeyword-case = "majority"\nindent-width = 2\nshell = true\n')
    loaded = config.load_file(path)
    assert loaded.errors == ()
    assert loaded.settings.format == FormatOptions(
        keyword_case="majority", indent_width=2, shell=True
    )


def test_bad_values_are_errors_and_fall_back(tmp_path: Path) -> None:
    path = tmp_path / ".dfls.toml"
    path.write_text('[format]\nindent-width = 0\nindent-style = "tabs"\nwidth = 3\n')
    loaded = config.load_file(path)
    assert loaded.settings.format == format_options.DEFAULT
    (error,) = loaded.errors
    assert error.startswith(f"{path}: format: ")
    assert "option 'indent-width' expects an integer of at least 1, got 0" in error
    assert 'option \'indent-style\' expects one of "space", "tab", got "tabs"' in error
    assert "unknown option 'width'" in error


def test_not_a_table() -> None:
    settings, errors = config.from_mapping({"format": "pretty"})
    assert settings.format == format_options.DEFAULT
    assert errors == ["settings: format: expected a table of format options"]


def test_editor_settings_in_camel_case_lay_over_the_file() -> None:
    base, _ = config.from_mapping({"format": {"indent-width": 2, "keyword-case": "keep"}})
    merged, errors = base.merged({"format": {"indentStyle": "tab", "blankLineBeforeFrom": True}})
    assert errors == []
    assert merged.format == FormatOptions(
        keyword_case="keep", indent_width=2, indent_style="tab", blank_line_before_from=True
    )


def test_the_vscode_setting_offers_the_same_options() -> None:
    import json
    import re

    manifest = Path(__file__).parents[2] / "editors" / "vscode" / "package.json"
    groups = json.loads(manifest.read_text(encoding="utf-8"))["contributes"]["configuration"]
    props = {k: v for g in groups for k, v in g["properties"].items()}
    offered = props["dfls.format"]["properties"]
    camel = {re.sub(r"-(.)", lambda m: m.group(1).upper(), s.name): s for s in specs(FormatOptions)}
    assert sorted(offered) == sorted(camel)
    for name, spec in camel.items():
        if spec.choices:
            assert offered[name]["enum"] == list(spec.choices), name
        kind = {"bool": "boolean", "int": "integer", "str": "string"}[spec.kind]
        assert offered[name]["type"] == kind, name
