"""End-to-end: formatting through the real ``python -m dfls server`` under VS Code, Neovim
0.11 and Emacs capability sets: the whole document (as small edits, the same result as
``dfls format``), a range, and the indentation after Enter on a continued line."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.client import CLIENTS, TIMEOUT, Client, apply_edits, started

pytestmark = pytest.mark.e2e

TEXT = (
    "from alpine\n"  # 0
    "run  apk add \\\n"  # 1
    "  curl && rm -rf /var/cache/apk\n"  # 2
    "\n"  # 3
    "\n"  # 4
    "\n"  # 5
    "RUN echo é && true\n"  # 6
    'CMD ["sh","-c"]\n'  # 7
)


def _cli(text: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    done = subprocess.run(
        [sys.executable, "-m", "dfls", "format", "-", "--stdin-filename", "Dockerfile"],
        input=text.encode(),
        capture_output=True,
        cwd=cwd,
        env=env,
        check=True,
    )
    return done.stdout.decode()


async def _format(client: Client, uri: str) -> list[types.TextEdit]:
    result = await asyncio.wait_for(
        client.lsp.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                options=types.FormattingOptions(tab_size=8, insert_spaces=False),
            )
        ),
        TIMEOUT,
    )
    return list(result or ())


@pytest.mark.parametrize("spec", CLIENTS)
async def test_format_document_as_the_cli_does(spec: str, tmp_path: Path) -> None:
    (tmp_path / ".dfls.toml").write_text("[format]\nindent-width = 2\n")
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path) as client:
        client.open(uri, TEXT)
        edits = await _format(client, uri)
        new = apply_edits(TEXT, edits, client.encoding)
        assert new == _cli(TEXT, tmp_path)
        assert new.splitlines()[2:4] == ["  curl \\", "  && rm -rf /var/cache/apk"]  # width 2
        assert len(edits) >= 2  # small edits, not one whole replacement
        # Line 6 is formatted already: no edit covers it.
        assert all(not e.range.start.line <= 6 < e.range.end.line for e in edits)
        client.replace_all(uri, new)
        assert await _format(client, uri) == []


async def test_editor_settings_choose_the_options(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    options = {"format": {"keywordCase": "keep", "indentStyle": "tab"}}
    async with started("neovim@v0.11.0", tmp_path, initialization_options=options) as client:
        client.open(uri, TEXT)
        new = apply_edits(TEXT, await _format(client, uri), client.encoding)
        assert new.splitlines()[:3] == [
            "from alpine",
            "run apk add \\",
            "\tcurl \\",
        ]


@pytest.mark.parametrize("spec", CLIENTS)
async def test_range_formats_only_the_instructions_it_touches(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started(spec, tmp_path) as client:
        client.open(uri, TEXT)
        result = await asyncio.wait_for(
            client.lsp.text_document_range_formatting_async(
                types.DocumentRangeFormattingParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=types.Range(
                        start=types.Position(line=2, character=3),
                        end=types.Position(line=2, character=5),
                    ),
                    options=types.FormattingOptions(tab_size=4, insert_spaces=True),
                )
            ),
            TIMEOUT,
        )
        new = apply_edits(TEXT, list(result or ()), client.encoding)
        lines = new.splitlines()
        assert lines[:4] == [
            "from alpine",
            "RUN apk add \\",
            "    curl \\",
            "    && rm -rf /var/cache/apk",
        ]
        assert lines[4:] == TEXT.splitlines()[3:]


@pytest.mark.parametrize("spec", CLIENTS)
async def test_enter_after_a_backslash_indents_the_new_line(spec: str, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    text = "FROM alpine\nRUN apk add \\\n\n"
    async with started(spec, tmp_path) as client:
        client.open(uri, text)
        result = await asyncio.wait_for(
            client.lsp.text_document_on_type_formatting_async(
                types.DocumentOnTypeFormattingParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=2, character=0),
                    ch="\n",
                    options=types.FormattingOptions(tab_size=4, insert_spaces=True),
                )
            ),
            TIMEOUT,
        )
        assert apply_edits(text, list(result or ()), client.encoding) == (
            "FROM alpine\nRUN apk add \\\n    \n"
        )
