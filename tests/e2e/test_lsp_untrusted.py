"""End-to-end: the server in a repository someone else wrote. A hostile config file lints
with the defaults and says so once; a FIFO where an ignore or config file should be never
blocks it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.client import started

pytestmark = pytest.mark.e2e

TEXT = "FROM python:latest\nCMD python app.py\n"


def _codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics]


@pytest.mark.parametrize(
    "config",
    [
        'exclude = ["[z-a]"]\n',
        "x = " + "[" * 5000 + "]" * 5000 + "\n",
        "[severity]\nDF101 = " + "[" * 400 + "]" * 400 + "\n",
    ],
    ids=["bad-class", "nested-toml", "nested-value"],
)
async def test_hostile_config_lints_with_defaults_and_says_so_once(
    tmp_path: Path, config: str
) -> None:
    config_file = tmp_path / ".dfls.toml"
    config_file.write_text(config)
    first, second = (tmp_path / "Dockerfile").as_uri(), (tmp_path / "b.Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path) as client:
        client.open(first, TEXT)
        assert {"DF101", "DF401"} <= set(_codes(await client.diagnostics(first)))
        shown = await client.message(lambda text: str(config_file) in text)
        assert "defaults used instead" in shown
        assert len(shown) < 600
        client.open(second, TEXT)
        assert {"DF101", "DF401"} <= set(_codes(await client.diagnostics(second)))
        about = [m for m in client.lsp.messages if str(config_file) in m.message]
        assert len(about) == 1


@pytest.mark.parametrize("name", [".dockerignore", "Dockerfile.dockerignore", ".dfls.toml"])
async def test_fifo_beside_the_document_does_not_block(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("neovim@v0.11.0", tmp_path) as client:
        client.open(uri, "FROM python:3.12-slim\nCOPY . /app\n")
        assert "DF501" in _codes(await client.diagnostics(uri))
