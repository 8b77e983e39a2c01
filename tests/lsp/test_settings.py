"""Editor settings shapes and their layering over config files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfls.engine.config import LoadedSettings, Settings
from dfls.lsp.convert import uri_to_path
from dfls.lsp.settings import ConfigStore, parse_initialization_options, section_values


@pytest.mark.parametrize(
    "options",
    [
        {"select": ["DF101"]},
        {"settings": {"select": ["DF101"]}},
        {"dfls": {"select": ["DF101"]}},
        {"settings": [{"select": ["DF101"], "cwd": "/x"}], "globalSettings": {}},
        {"globalSettings": {"select": ["DF101"], "importStrategy": "useBundled"}},
    ],
    ids=["flat", "settings-dict", "section", "template-list-no-folder", "global"],
)
def test_shapes(options: object) -> None:
    editor, errors = parse_initialization_options(options, uri_to_path)
    assert errors == []
    assert editor.for_path(Path("/w/Dockerfile")) == {"select": ["DF101"]}


def test_per_folder_settings_win_over_global() -> None:
    editor, errors = parse_initialization_options(
        {
            "settings": [
                {"workspace": "file:///w/a", "select": ["DF401"]},
                {"workspace": "file:///w", "select": ["DF900"], "unsafeFixes": True},
            ],
            "globalSettings": {"select": ["DF101"], "ignore": ["DF900"]},
        },
        uri_to_path,
    )
    assert errors == []
    assert editor.for_path(Path("/w/a/Dockerfile")) == {
        "select": ["DF401"],
        "ignore": ["DF900"],
        "unsafeFixes": True,
    }
    assert editor.for_path(Path("/w/b/Dockerfile"))["select"] == ["DF900"]
    assert editor.for_path(Path("/elsewhere/Dockerfile"))["select"] == ["DF101"]
    assert editor.for_path(Path("/w/ab/Dockerfile"))["select"] == ["DF900"]  # not /w/a


def test_bad_shapes_are_reported() -> None:
    assert parse_initialization_options(None, uri_to_path)[1] == []
    assert parse_initialization_options([1], uri_to_path)[1]
    assert parse_initialization_options({"settings": 3}, uri_to_path)[1]
    assert parse_initialization_options({"settings": [3]}, uri_to_path)[1]


def test_section_values() -> None:
    assert section_values({"dfls": {"select": ["DF1"]}}) == {"select": ["DF1"]}
    assert section_values({"select": ["DF1"], "trace": "off"}) == {"select": ["DF1"]}
    assert section_values(None) is None
    assert section_values({"dfls": None}) is None


def _store(file_settings: Settings, errors: tuple[str, ...] = ()) -> tuple[ConfigStore, list[Path]]:
    calls: list[Path] = []

    def load(path: Path, stop: Path | None) -> LoadedSettings:
        calls.append(path)
        return LoadedSettings(file_settings, Path("/w/.dfls.toml"), errors)

    return ConfigStore(load), calls


def test_editor_settings_override_file_settings_and_results_are_cached() -> None:
    store, calls = _store(Settings(select=("DF101",), unsafe_fixes=True))
    editor, _ = parse_initialization_options({"select": ["DF401"]}, uri_to_path)
    store.set_editor(editor)
    first = store.settings_for("file:///w/Dockerfile", Path("/w/Dockerfile"))
    assert first.select == ("DF401",)
    assert first.unsafe_fixes is True  # from the file, not overridden
    assert store.settings_for("file:///w/Dockerfile", Path("/w/Dockerfile")) is first
    store.settings_for("file:///w/b.Dockerfile", Path("/w/b.Dockerfile"))
    assert len(calls) == 1  # one directory, read once
    store.invalidate()
    assert store.settings_for("file:///w/Dockerfile", Path("/w/Dockerfile")) is not first
    assert len(calls) == 2


def test_scoped_configuration_wins_and_errors_are_reported_once() -> None:
    store, _ = _store(Settings(), errors=("/w/.dfls.toml: bad",))
    assert store.set_scoped("file:///w/Dockerfile", {"select": ["DF900"], "bogus": 1})
    assert not store.set_scoped("file:///w/Dockerfile", {"select": ["DF900"], "bogus": 1})
    settings = store.settings_for("file:///w/Dockerfile", Path("/w/Dockerfile"))
    assert settings.select == ("DF900",)
    errors = store.take_errors()
    assert "/w/.dfls.toml: bad" in errors
    assert any("bogus" in e for e in errors)
    store.invalidate()
    store.settings_for("file:///w/Dockerfile", Path("/w/Dockerfile"))
    assert store.take_errors() == []  # the same problems are not shown again


def test_invalid_rule_options_from_the_editor_are_reported_over_the_file() -> None:
    file_rules = {"DF212": {"max-commands": 3}}
    store, _ = _store(Settings(rules=file_rules))
    editor, _ = parse_initialization_options(
        {"rules": {"DF101": {"strictness": "bogus"}, "DF212": {"max-commands": 0, "x": 1}}},
        uri_to_path,
    )
    store.set_editor(editor)
    settings = store.settings_for("file:///w/Dockerfile", Path("/w/Dockerfile"))
    assert settings.rules == {}  # both tables fall back to the rules' defaults
    assert store.take_errors() == [
        'editor settings: rules: DF101: option \'strictness\' expects one of "latest", "major", '
        "got \"bogus\"; DF212: option 'max-commands' expects an integer of at least 1, got 0; "
        "DF212: unknown option 'x' (options: max-commands)"
    ]
    store.set_scoped("file:///w/Dockerfile", {"rules": {"DF101": {"strictness": "major"}}})
    settings = store.settings_for("file:///w/Dockerfile", Path("/w/Dockerfile"))
    assert settings.rules == {"DF101": {"strictness": "major"}}
    assert store.take_errors() == []


def test_real_config_file_is_found(tmp_path: Path) -> None:
    (tmp_path / ".dfls.toml").write_text('ignore = ["DF101"]\n')
    (tmp_path / "sub").mkdir()
    store = ConfigStore()
    store.roots = [tmp_path]
    settings = store.settings_for("x", tmp_path / "sub" / "Dockerfile")
    assert settings.ignore == ("DF101",)
    assert store.settings_for("untitled", None) == Settings()
