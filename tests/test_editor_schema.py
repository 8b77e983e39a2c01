"""The VS Code extension's settings (editors/vscode/package.json) match the server's Settings."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from dfls.cli import main as cli
from dfls.engine import config
from dfls.engine.config import Settings

PACKAGE_JSON = Path(__file__).resolve().parent.parent / "editors" / "vscode" / "package.json"
# Settings that configure the client and the server process, not the rules.
CLIENT_ONLY = {
    "server.path",
    "server.args",
    "interpreter",
    "importStrategy",
    "logLevel",
    "trace.server",
}


def _properties() -> dict[str, dict[str, Any]]:
    manifest = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))
    groups = manifest["contributes"]["configuration"]
    props: dict[str, dict[str, Any]] = {}
    for group in groups if isinstance(groups, list) else [groups]:
        props.update(group["properties"])
    assert all(key.startswith("dfls.") for key in props)
    return {key.removeprefix("dfls."): value for key, value in props.items()}


def _server_option(dest: str) -> argparse.Action:
    """An option of `dfls server` (the extension passes `--log-level` from `dfls.logLevel`)."""
    for action in cli.build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            server: argparse.ArgumentParser = action.choices["server"]
            return next(a for a in server._actions if a.dest == dest)
    raise AssertionError("no server subcommand")


def _snake(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()


def _json_default(field: dataclasses.Field[Any]) -> object:
    if dataclasses.is_dataclass(field.default):
        return {}  # a table of options (format): unset in the editor, the file's apply
    if field.default is not dataclasses.MISSING:
        value: object = field.default
    else:
        assert field.default_factory is not dataclasses.MISSING
        value = field.default_factory()
    return list(value) if isinstance(value, tuple) else value


SERVER_PROPERTIES = {k: v for k, v in _properties().items() if k not in CLIENT_ONLY}
FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def test_every_server_setting_is_in_the_extension_and_back() -> None:
    assert sorted(_snake(key) for key in SERVER_PROPERTIES) == sorted(FIELDS)
    assert set(_properties()) - set(SERVER_PROPERTIES) == CLIENT_ONLY


@pytest.mark.parametrize("key", sorted(SERVER_PROPERTIES))
def test_default_and_type_agree(key: str) -> None:
    prop = SERVER_PROPERTIES[key]
    field = FIELDS[_snake(key)]
    default = _json_default(field)
    assert prop["default"] == default
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    python_type = {list: "array", dict: "object", bool: "boolean", str: "string"}
    if default is None:
        assert "null" in types
    else:
        assert python_type[type(default)] in types
    # The server reads the camelCase key as the same field.
    assert config._key(key) == field.name
    # Each setting is described and scoped per folder (settings can differ per project).
    assert prop.get("markdownDescription") or prop.get("description")
    assert prop.get("scope") == "resource"


def test_enums_match_the_server() -> None:
    props = _properties()
    assert props["failLevel"]["enum"] == list(config.FAIL_LEVELS)
    assert props["severity"]["additionalProperties"]["enum"] == list(config.SEVERITY_VALUES)
    log_level = _server_option("log_level")
    assert props["logLevel"]["enum"] == list(log_level.choices or ())
    assert props["logLevel"]["default"] == log_level.default


def test_settings_from_the_extension_validate_cleanly() -> None:
    """Every example value the extension can send is accepted by config.from_mapping."""
    sample = {
        "select": ["DF1", "shell-form-command"],
        "extendSelect": ["DF401"],
        "ignore": ["DF101"],
        "severity": {"DF401": "error"},
        "rules": {},
        "unsafeFixes": True,
        "failLevel": "error",
        "targetStage": "runtime",
        "exclude": ["vendor/**"],
        "docsUrl": "https://docs.example.com/dfls/rules/",
        "shellcheck": {"enable": ["require-variable-braces"]},
        "format": {"keywordCase": "majority", "indentWidth": 2, "splitChains": "never"},
        "inlayHints": False,
    }
    assert sorted(_snake(k) for k in sample) == sorted(FIELDS)
    settings, errors = config.from_mapping(sample)
    assert errors == []
    assert settings.unsafe_fixes is True
    assert settings.target_stage == "runtime"
