"""The editor snippets in editors/README.md that no test runs in their editor still parse and
start `dfls server` for Dockerfiles (Helix, Sublime Text, Zed); the Lua ones load in Neovim."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.e2e.editors import need, snippet


def test_helix_languages_toml() -> None:
    config = tomllib.loads(snippet("helix"))
    assert config["language-server"]["dfls"] == {
        "command": "dfls",
        "args": ["server"],
        "config": {"dfls": {}},
    }
    (language,) = config["language"]
    assert language["name"] == "dockerfile"
    assert language["language-servers"] == ["dfls"]


def test_sublime_lsp_settings() -> None:
    client = json.loads(snippet("sublime"))["clients"]["dfls"]
    assert client["command"] == ["dfls", "server"]
    assert client["selector"] == "source.dockerfile"
    assert client["enabled"] is True


def test_zed_extension_and_settings() -> None:
    manifest = tomllib.loads(snippet("zed-extension-toml"))
    assert manifest["schema_version"] == 1
    assert manifest["language_servers"]["dfls"]["languages"] == ["Dockerfile"]
    cargo = tomllib.loads(snippet("zed-cargo-toml"))
    assert cargo["lib"]["crate-type"] == ["cdylib"]
    assert "zed_extension_api" in cargo["dependencies"]
    lib = snippet("zed-lib-rs")
    assert '.which("dfls")' in lib and 'vec!["server".into()]' in lib
    assert "zed::register_extension!(Dfls);" in lib
    settings = json.loads(snippet("zed-settings"))
    assert settings["languages"]["Dockerfile"]["language_servers"][0] == "dfls"
    assert settings["lsp"]["dfls"]["settings"] == {"dfls": {"ignore": ["DF101"]}}


@pytest.mark.parametrize("name", ["neovim-enable", "neovim-config", "neovim-completion"])
def test_neovim_snippets_load(name: str, tmp_path: Path) -> None:
    nvim = Path(sys.executable).parent / "nvim"
    need(nvim.exists(), "nvim", "Neovim is not in .venv")
    lua = tmp_path / "snippet.lua"
    lua.write_text(snippet(name), encoding="utf-8")
    proc = subprocess.run(
        [nvim, "--clean", "--headless", "-c", f"lua assert(loadfile('{lua}'))", "-c", "qa!"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0 and not proc.stderr, proc.stderr
