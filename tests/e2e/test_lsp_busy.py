"""End-to-end: a long lint does not hold up the answers to anything else.

The server here has one rule made slow (two seconds of CPU, on a document with ``slow``
in it), as a huge file makes real rules. The first lint of a document, and any the last
one says will be long, run on a worker thread. The order in which its answers arrive shows
what waited for the lint: a hover answers from the last result that was done, before the
lint ends; keystrokes elsewhere are linted and published meanwhile; a code action waits
for the lint of the current text (its edits must fit that text), but without blocking.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import rawlsp

pytestmark = pytest.mark.e2e

SELECT = {"select": ["DF101", "DF401"]}
SLOW_SERVER = """
import sys, time
from dfls.rules import df101_image_tag
check = df101_image_tag.ImageTag.check
def slow(self, ctx):
    if any("slow" in line for line in ctx.dockerfile.lines):
        end = time.perf_counter() + 2.0
        while time.perf_counter() < end:  # CPU, as a rule works (sleeping would let go)
            pass
    return check(self, ctx)
df101_image_tag.ImageTag.check = slow
from dfls.cli.main import main
sys.exit(main(["server"]))
"""


def _published(uri: str, version: int) -> Any:
    return lambda m: (
        m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri
        and m["params"].get("version") == version
    )


def _position(uri: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


async def test_hover_and_other_documents_do_not_wait_for_a_long_lint(tmp_path: Path) -> None:
    slow, other = (tmp_path / "slow").as_uri(), (tmp_path / "other").as_uri()
    async with rawlsp.stdio_server(command=[sys.executable, "-c", SLOW_SERVER]) as server:
        client = server.client
        await client.initialize({}, initializationOptions=SELECT)
        await client.open(other, "FROM python:latest\n")
        await client.diagnostics(other, 1)
        warm = await client.request("textDocument/hover", _position(other, 0, 1))  # pygls in
        assert warm["result"] is not None
        await client.open(slow, "FROM python:latest\nCMD run app\n# slow\n")
        assert len(await client.diagnostics(slow, 1)) == 2

        start = len(client.received)
        await client.replace_all(slow, "FROM python:latest\nCMD run app\n# slow.\n", 2)
        hover = await client.request("textDocument/hover", _position(slow, 1, 5))
        await client.replace_all(other, "FROM python:3\nCMD run app\n", 2)
        other_published = await client.wait(_published(other, 2), start)
        slow_published = await client.wait(_published(slow, 2), start)
        order = [id(m) for m in client.received[start:]]
        assert order.index(id(hover)) < order.index(id(slow_published))
        assert order.index(id(other_published)) < order.index(id(slow_published))
        # The hover used the last result: DF401's docs on its finding.
        assert "DF401" in hover["result"]["contents"]["value"]
        assert [d["code"] for d in other_published["params"]["diagnostics"]] == ["DF401"]

        start = len(client.received)
        await client.replace_all(slow, "FROM python:latest\nCMD run app\n# slow!\n", 3)
        params = _position(slow, 1, 5)
        params["range"] = {"start": params.pop("position"), "end": {"line": 1, "character": 5}}
        params["context"] = {"diagnostics": []}
        actions = await client.request("textDocument/codeAction", params)
        published = await client.wait(_published(slow, 3), start)
        order = [id(m) for m in client.received[start:]]
        assert order.index(id(published)) < order.index(id(actions))
        assert any("DF401" in action["title"] for action in actions["result"])
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0
    assert b"Traceback" not in server.stderr
