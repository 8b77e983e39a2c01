"""Settings from files and editors: discovery, validation, clear errors, safe fallbacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfls.engine import config
from dfls.engine.config import Settings, find_config, from_mapping, load_file, load_for


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- discovery ---------------------------------------------------------------------------


def test_discovery_walks_up_from_the_dockerfile(tmp_path: Path) -> None:
    found = write(tmp_path / ".dfls.toml", 'fail-level = "error"\n')
    dockerfile = write(tmp_path / "a" / "b" / "Dockerfile", "FROM x\n")
    assert find_config(dockerfile) == found.resolve()
    assert find_config(dockerfile.parent) == found.resolve()
    loaded = load_for(dockerfile)
    assert loaded.path == found.resolve()
    assert loaded.settings.fail_level == "error"
    assert loaded.errors == ()


def test_nearest_config_wins(tmp_path: Path) -> None:
    write(tmp_path / ".dfls.toml", 'fail-level = "error"\n')
    near = write(tmp_path / "sub" / "dfls.toml", 'fail-level = "info"\n')
    assert find_config(tmp_path / "sub" / "Dockerfile") == near.resolve()


def test_dot_dfls_toml_beats_dfls_toml_and_pyproject_in_one_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.dfls]\nselect = ['DF1']\n")
    write(tmp_path / "dfls.toml", "select = ['DF4']\n")
    dot = write(tmp_path / ".dfls.toml", "select = ['DF9']\n")
    assert find_config(tmp_path / "Dockerfile") == dot.resolve()


def test_pyproject_without_tool_dfls_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / ".dfls.toml", "ignore = ['DF101']\n")
    write(tmp_path / "app" / "pyproject.toml", "[tool.ruff]\nline-length = 100\n# [tool.dfls]\n")
    assert find_config(tmp_path / "app" / "Dockerfile") == outer.resolve()


def test_pyproject_tool_dfls_table(tmp_path: Path) -> None:
    pyproject = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.dfls]\nignore = ["DF101"]\n'
        '[tool.dfls.severity]\nDF401 = "error"\n',
    )
    loaded = load_for(tmp_path / "Dockerfile")
    assert loaded.path == pyproject.resolve()
    assert loaded.settings.ignore == ("DF101",)
    assert loaded.settings.severity == {"DF401": "error"}
    assert loaded.errors == ()


def test_pyproject_with_only_subtables_is_found(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.dfls.severity]\nDF401 = "info"\n')
    assert load_for(tmp_path / "Dockerfile").settings.severity == {"DF401": "info"}


def test_pyproject_tool_dfls_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool]\ndfls = 3\n")
    loaded = load_file(path)
    assert loaded.settings == Settings()
    assert len(loaded.errors) == 1
    assert "expected a table" in loaded.errors[0]


def test_stop_directory_bounds_the_walk(tmp_path: Path) -> None:
    write(tmp_path / ".dfls.toml", "ignore = ['DF101']\n")
    project = tmp_path / "project"
    dockerfile = write(project / "Dockerfile", "FROM x\n")
    assert find_config(dockerfile, stop=project) is None
    assert load_for(dockerfile, stop=project).settings == Settings()


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    loaded = load_for(tmp_path / "Dockerfile", stop=tmp_path)
    assert loaded == config.LoadedSettings(Settings(), None, ())


# -- values ------------------------------------------------------------------------------


def test_every_key_kebab_camel_and_snake() -> None:
    data = {
        "select": ["DF1", "shell-form-command"],
        "extendSelect": ["DF900"],
        "ignore": "DF101",
        "severity": {"DF401": "Error", "DF1": "off"},
        "rules": {"image-tag": {"strictness": "latest"}},
        "unsafe_fixes": True,
        "fail-level": "INFO",
        "targetStage": "runtime",
        "exclude": ["vendor/**"],
    }
    settings, errors = from_mapping(data)
    assert errors == []
    assert settings == Settings(
        select=("DF1", "shell-form-command"),
        extend_select=("DF900",),
        ignore=("DF101",),
        severity={"DF401": "error", "DF1": "off"},
        rules={"DF101": {"strictness": "latest"}},
        unsafe_fixes=True,
        fail_level="info",
        target_stage="runtime",
        exclude=("vendor/**",),
    )
    assert settings.fail_severity is not None
    assert settings.fail_severity.value == "info"


def test_select_all_and_fail_level_none() -> None:
    settings, errors = from_mapping({"select": ["ALL"], "fail-level": "none"})
    assert errors == []
    assert settings.select == ("ALL",)
    assert settings.fail_severity is None


def test_unknown_key_names_the_key_and_lists_known_ones() -> None:
    settings, errors = from_mapping({"selekt": ["DF101"]}, where=".dfls.toml")
    assert settings == Settings()
    assert len(errors) == 1
    assert errors[0].startswith(".dfls.toml: unknown key 'selekt' (known keys: select, ")
    assert "fail-level" in errors[0]


def test_unknown_rule_codes_are_dropped_and_reported() -> None:
    settings, errors = from_mapping({"ignore": ["DF101", "DF000", "no-such-rule"]})
    assert settings.ignore == ("DF101",)
    assert errors == ["settings: ignore: unknown rule 'DF000', 'no-such-rule' (ignored)"]


def test_select_of_only_unknown_codes_keeps_the_default_rule_set() -> None:
    """`select = ["DF999"]` must not turn every rule off while saying it was ignored."""
    settings, errors = from_mapping({"select": ["DF999"]}, where=".dfls.toml")
    assert settings.select is None
    assert errors == [
        ".dfls.toml: select: unknown rule 'DF999', no known rule left; "
        "using the default: the default rule set"
    ]


def test_only_unknown_codes_keep_the_inherited_value() -> None:
    base = Settings(select=("DF201",), ignore=("DF101",), extend_select=("DF406",))
    settings, errors = from_mapping(
        {"select": ["DF999", "nope"], "ignore": ["DF998"], "extend-select": ["x"]}, base
    )
    assert (settings.select, settings.ignore, settings.extend_select) == (
        ("DF201",),
        ("DF101",),
        ("DF406",),
    )
    assert errors == [
        "settings: select: unknown rules 'DF999', 'nope', no known rule left; "
        "using the inherited value: ['DF201']",
        "settings: ignore: unknown rule 'DF998', no known rule left; "
        "using the inherited value: ['DF101']",
        "settings: extend-select: unknown rule 'x', no known rule left; "
        "using the inherited value: ['DF406']",
    ]


def test_an_explicitly_empty_select_is_kept() -> None:
    settings, errors = from_mapping({"select": []})
    assert settings.select == () and errors == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"fail-level": "loud"},
            "settings: fail-level: expected one of error, warning, info, style, none; "
            "using the default: 'warning'",
        ),
        (
            {"unsafe-fixes": "yes"},
            "settings: unsafe-fixes: expected true or false; using the default: false",
        ),
        (
            {"select": 5},
            "settings: select: expected a list of strings; using the default: the default rule set",
        ),
        (
            {"exclude": [1]},
            "settings: exclude: expected a list of strings; using the default: []",
        ),
        (
            {"targetStage": 3},
            "settings: targetStage: expected a stage name; using the default: none",
        ),
        (
            {"severity": "error"},
            "settings: severity: expected a table of rule = severity; using the default: {}",
        ),
        (
            {"rules": []},
            "settings: rules: expected a table of rule = {options}; using the default: {}",
        ),
    ],
)
def test_bad_values_name_the_key_and_the_fallback(data: dict[str, object], expected: str) -> None:
    settings, errors = from_mapping(data)
    assert settings == Settings()
    assert errors == [expected]


def test_bad_value_over_a_base_keeps_the_base_value() -> None:
    base = Settings(fail_level="error")
    settings, errors = base.merged({"failLevel": 3})
    assert settings.fail_level == "error"
    assert errors == [
        "settings: failLevel: expected one of error, warning, info, style, none; "
        "using the inherited value: 'error'"
    ]


def test_severity_table_keeps_good_entries() -> None:
    settings, errors = from_mapping({"severity": {"DF101": "loud", "DF401": "info", "DF0": "x"}})
    assert settings.severity == {"DF401": "info"}
    assert errors == [
        "settings: severity: DF101: 'loud' is not one of error, warning, info, style, off; "
        "unknown rule 'DF0'"
    ]


def test_rule_options_are_checked_against_the_rule() -> None:
    settings, errors = from_mapping(
        {
            "rules": {
                "DF101": {"strictnes": "latest"},
                "DF900": {"x": 1},
                "nope": {},
                "image-tag": 3,
            }
        }
    )
    assert settings.rules == {}
    assert errors == [
        "settings: rules: DF101: unknown option 'strictnes' (options: strictness); "
        "DF900: unknown option 'x' (options: none); unknown rule 'nope'; "
        "image-tag: expected a table of options"
    ]


def test_rule_option_types() -> None:
    _, errors = from_mapping({"rules": {"DF101": {"strictness": 3}}})
    assert errors == [
        'settings: rules: DF101: option \'strictness\' expects one of "latest", "major", got 3'
    ]


def test_rule_option_values_are_shown_as_toml_writes_them(tmp_path: Path) -> None:
    """TOML has dates, which JSON has not: the message shows them instead of failing."""
    config = tmp_path / ".dfls.toml"
    config.write_text(
        "[rules.DF101]\nstrictness = 1979-05-27\n[rules.DF212]\nmax-commands = [true]\n"
    )
    loaded = load_for(tmp_path / "Dockerfile")
    assert loaded.errors == (
        f'{config}: rules: DF101: option \'strictness\' expects one of "latest", "major", '
        "got \"1979-05-27\"; DF212: option 'max-commands' expects an integer of at least 1, "
        "got [true]",
    )


@pytest.mark.parametrize(
    ("rule", "options", "problem"),
    [
        (
            "DF101",
            {"strictness": "bogus"},
            'option \'strictness\' expects one of "latest", "major", got "bogus"',
        ),
        (
            "consecutive-runs",
            {"max-commands": 0},
            "option 'max-commands' expects an integer of at least 1, got 0",
        ),
        (
            "DF212",
            {"max-commands": "x"},
            "option 'max-commands' expects an integer of at least 1, got \"x\"",
        ),
        (
            # TOML's true is not a number, whatever Python thinks.
            "DF212",
            {"max-commands": True},
            "option 'max-commands' expects an integer of at least 1, got true",
        ),
        ("DF212", {"max_commands": 3}, "unknown option 'max_commands' (options: max-commands)"),
        ("DF215", {"allow": "git"}, "option 'allow' expects a list of strings, got \"git\""),
        (
            "DF215",
            {"allow": ["git", 1]},
            "option 'allow' expects a list of strings, got [\"git\", 1]",
        ),
        (
            "DF604",
            {"style": "lower"},
            'option \'style\' expects one of "upper", "consistent", got "lower"',
        ),
    ],
)
def test_invalid_option_values_name_the_rule_option_and_allowed_values(
    rule: str, options: dict[str, object], problem: str
) -> None:
    settings, errors = from_mapping({"rules": {rule: options}})
    assert settings.rules == {}  # the rule keeps its defaults
    assert errors == [f"settings: rules: {rule}: {problem}"]


def test_every_problem_of_a_rule_table_is_reported_and_the_table_falls_back() -> None:
    base = Settings(rules={"DF101": {"strictness": "major"}})
    settings, errors = base.merged(
        {"rules": {"DF101": {"strictness": "minor", "level": 1}, "DF604": {"style": "consistent"}}}
    )
    assert settings.rules == {"DF604": {"style": "consistent"}}
    assert errors == [
        'settings: rules: DF101: option \'strictness\' expects one of "latest", "major", '
        "got \"minor\"; DF101: unknown option 'level' (options: strictness)"
    ]


def test_valid_option_values_are_kept() -> None:
    data = {
        "DF101": {"strictness": "major"},
        "consecutive-runs": {"max-commands": 1},
        "DF215": {"allow": ["git", "make"]},
        "DF604": {"style": "consistent"},
    }
    settings, errors = from_mapping({"rules": data})
    assert errors == []
    assert settings.rules == {
        "DF101": {"strictness": "major"},
        "DF212": {"max-commands": 1},
        "DF215": {"allow": ["git", "make"]},
        "DF604": {"style": "consistent"},
    }


def test_invalid_options_in_a_config_file_are_reported_with_the_path(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".dfls.toml",
        'fail-level = "error"\n\n[rules.DF101]\nstrictness = "bogus"\n\n'
        '[rules.DF212]\nmax-commands = 0\n\n[rules.DF604]\nstyle = "consistent"\n',
    )
    loaded = load_file(path)
    assert loaded.settings.fail_level == "error"
    assert loaded.settings.rules == {"DF604": {"style": "consistent"}}
    assert loaded.errors == (
        f'{path}: rules: DF101: option \'strictness\' expects one of "latest", "major", '
        "got \"bogus\"; DF212: option 'max-commands' expects an integer of at least 1, got 0",
    )


def test_toml_syntax_error_is_reported_with_the_path(tmp_path: Path) -> None:
    path = write(tmp_path / ".dfls.toml", 'select = ["DF101"]\nfail-level = \n')
    loaded = load_for(tmp_path / "Dockerfile")
    assert loaded.settings == Settings()
    assert loaded.path == path.resolve()
    assert len(loaded.errors) == 1
    message = loaded.errors[0]
    assert message.startswith(f"{path.resolve()}: invalid TOML: ")
    assert "line 1" in message or "line 2" in message
    assert message.endswith("; using defaults")


def test_unreadable_config_is_reported(tmp_path: Path) -> None:
    path = tmp_path / ".dfls.toml"
    path.write_bytes(b"select = ['\xff']\n")
    loaded = load_file(path)
    assert loaded.settings == Settings()
    assert "cannot read" in loaded.errors[0]


def test_errors_in_pyproject_say_where(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.dfls]\nfail-level = 1\n")
    (error,) = load_file(path).errors
    assert error.startswith(f"{path} [tool.dfls]: fail-level: expected one of")


def test_good_keys_survive_bad_neighbours(tmp_path: Path) -> None:
    path = write(tmp_path / ".dfls.toml", 'bogus = 1\nfail-level = "error"\nignore = ["DF101"]\n')
    loaded = load_file(path)
    assert loaded.settings.fail_level == "error"
    assert loaded.settings.ignore == ("DF101",)
    assert len(loaded.errors) == 1
