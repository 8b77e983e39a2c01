"""End-to-end: the server answers bad input with errors or silence, never by dying."""

from __future__ import annotations

import asyncio
import sys
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.e2e import rawlsp
from tests.lsp.client import TIMEOUT, started

pytestmark = pytest.mark.e2e

SELECT = {"select": ["DF101", "DF401", "DF900"]}


async def _raw(protocol: Any, body: str) -> None:
    data = body.encode()
    result = protocol.writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
    if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
        await result


async def _raw_request(protocol: Any, msg_id: int | None, body: str) -> Any:
    """Send bytes as they are and wait for the response to ``msg_id``."""
    future: Future[Any] = Future()
    protocol._request_futures[msg_id] = future
    await _raw(protocol, body)
    return await asyncio.wait_for(asyncio.wrap_future(future), TIMEOUT)


async def _still_alive(client: object, uri: str) -> None:
    from tests.lsp.client import Client

    assert isinstance(client, Client)
    client.open(uri, "FROM python:latest\n")
    assert [d.code for d in await client.diagnostics(uri)] == ["DF101"]


async def test_unknown_and_malformed_requests_get_errors(tmp_path: Path) -> None:
    async with started("visual-studio-code", tmp_path, initialization_options=SELECT) as client:
        protocol = client.lsp.protocol
        with pytest.raises(JsonRpcException) as unknown:
            await asyncio.wait_for(protocol.send_request_async("dfls/nothing", {}), TIMEOUT)  # type: ignore[no-untyped-call]
        assert unknown.value.code == -32601  # method not found
        with pytest.raises(JsonRpcException) as malformed:
            await _raw_request(
                protocol,
                7001,
                '{"jsonrpc": "2.0", "id": 7001, "method": "textDocument/hover", '
                '"params": {"textDocument": 3, "position": "x"}}',
            )
        assert malformed.value.code == -32602  # invalid params
        with pytest.raises(JsonRpcException) as not_json_rpc:
            await _raw_request(protocol, 7002, '{"id": 7002, "method": "textDocument/hover"}')
        assert not_json_rpc.value.code == -32600  # invalid request
        await _raw(protocol, '[{"jsonrpc": "2.0", "id": 7003}]')  # a batch: logged, ignored
        await _raw(protocol, "42")
        protocol.notify("dfls/unknownNotification", {"a": 1})
        await _still_alive(client, (tmp_path / "Dockerfile").as_uri())


async def test_invalid_params_get_an_error_and_one_warning_line(tmp_path: Path) -> None:
    """pygls logs a request whose params do not match the LSP types with a traceback at
    ERROR; the server answers InvalidParams and logs one warning line instead."""
    uri = (tmp_path / "Dockerfile").as_uri()
    async with rawlsp.stdio_server() as server:
        client = server.client
        await client.initialize({}, initializationOptions=SELECT)
        bad = {"textDocument": {"uri": uri}, "position": "nope"}
        response = await client.request("textDocument/hover", bad)
        assert response["error"]["code"] == -32602  # invalid params
        # A notification with bad params has nobody to answer: dropped, with a warning too.
        await client.notify("textDocument/didOpen", {"textDocument": 3})
        await client.open(uri, "FROM python:latest\n")
        assert [d["code"] for d in await client.diagnostics(uri, 1)] == ["DF101"]
        position = {"line": 0, "character": 1}
        hover = await client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
        )
        assert hover["result"] is not None
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0
    stderr = server.stderr.decode()
    assert "Traceback" not in stderr
    assert "ERROR" not in stderr
    warnings = [line for line in stderr.splitlines() if "WARNING" in line]
    assert len([line for line in warnings if "textDocument/hover" in line]) == 1
    assert len([line for line in warnings if "textDocument/didOpen" in line]) == 1


async def test_a_client_that_never_answers_configuration_still_gets_diagnostics(
    tmp_path: Path,
) -> None:
    """The first lint waits for ``workspace/configuration`` only so long; later ones not
    at all (the answer may never come)."""
    from dfls.lsp.handlers.diagnostics import SETTINGS_TIMEOUT

    uri = (tmp_path / "Dockerfile").as_uri()
    async with rawlsp.stdio_server(unanswered={"workspace/configuration"}) as server:
        client = server.client
        caps = {"workspace": {"configuration": True}}
        await client.initialize(caps, rootUri=tmp_path.as_uri(), initializationOptions=SELECT)
        start = len(client.received)
        opened = time.monotonic()
        await client.open(uri, "FROM python:latest\n")
        asked = await client.wait(lambda m: m.get("method") == "workspace/configuration", start)
        assert asked["params"]["items"] == [{"scopeUri": uri, "section": "dfls"}]
        assert [d["code"] for d in await client.diagnostics(uri, 1)] == ["DF101"]
        assert SETTINGS_TIMEOUT * 0.9 <= time.monotonic() - opened < 15
        changed = time.monotonic()
        await client.replace_all(uri, "FROM python:3.12\nCMD run app\n", 2)
        assert [d["code"] for d in await client.diagnostics(uri, 2)] == ["DF401"]
        assert time.monotonic() - changed < SETTINGS_TIMEOUT
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0


async def test_a_body_that_is_not_json_gets_a_parse_error(tmp_path: Path) -> None:
    log = tmp_path / "dfls.log"
    extra = ["--log-file", str(log)]
    async with started("visual-studio-code", tmp_path, SELECT, extra_args=extra) as client:
        protocol = client.lsp.protocol
        for body in ('{not json, "id": 5}', '{"jsonrpc": "2.0", "id": 6, "method": "x"'):
            with pytest.raises(JsonRpcException) as parse_error:
                await _raw_request(protocol, None, body)  # answered with id null
            assert parse_error.value.code == -32700
        await _still_alive(client, (tmp_path / "Dockerfile").as_uri())
    text = log.read_text()
    assert "Traceback" not in text
    assert "ERROR" not in text
    assert len([line for line in text.splitlines() if "not JSON" in line]) == 2


async def test_requests_before_initialize_and_after_shutdown_get_errors(tmp_path: Path) -> None:
    from pygls.protocol import default_converter
    from pytest_lsp import LanguageClient, client_capabilities

    from tests.lsp.client import SERVER

    uri = (tmp_path / "Dockerfile").as_uri()
    hover = (
        '{"jsonrpc": "2.0", "id": %d, "method": "textDocument/hover", "params": '
        '{"textDocument": {"uri": "%s"}, "position": {"line": 0, "character": 0}}}'
    )
    lsp = LanguageClient(converter_factory=default_converter)
    await lsp.start_io(*SERVER)
    try:
        with pytest.raises(JsonRpcException) as early:
            await _raw_request(lsp.protocol, 8001, hover % (8001, uri))
        assert early.value.code == -32002  # ServerNotInitialized
        caps = client_capabilities("visual-studio-code")
        params = types.InitializeParams(capabilities=caps)
        await asyncio.wait_for(lsp.initialize_session(params), TIMEOUT)
        assert await _raw_request(lsp.protocol, 8002, hover % (8002, uri)) is None
        await asyncio.wait_for(lsp.shutdown_async(None), TIMEOUT)
        with pytest.raises(JsonRpcException) as late:
            await _raw_request(lsp.protocol, 8003, hover % (8003, uri))
        assert late.value.code == -32600  # InvalidRequest
    finally:
        lsp.exit(None)
        await lsp.stop()  # type: ignore[no-untyped-call]


async def test_documents_nobody_opened_and_ranges_past_the_end(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path, initialization_options=SELECT) as client:
        client.lsp.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=(tmp_path / "never").as_uri(), version=3
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text="FROM x")],
            )
        )
        assert await client.hover((tmp_path / "never").as_uri(), 0, 0) is None
        client.open(uri, "FROM a:1\n")
        await client.diagnostics(uri)
        far = types.Position(line=40, character=99)
        client.change(
            uri,
            [
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=far, end=far), text="CMD run app\n"
                )
            ],
        )
        assert client.texts[uri] == "FROM a:1\nCMD run app\n"
        assert [d.code for d in await client.diagnostics(uri)] == ["DF401"]


async def test_empty_binary_and_huge_documents(tmp_path: Path) -> None:
    async with started("visual-studio-code", tmp_path, initialization_options=SELECT) as client:
        empty = (tmp_path / "empty.Dockerfile").as_uri()
        client.open(empty, "")
        await client.diagnostics(empty)
        assert await client.hover(empty, 0, 0) is None
        binary = (tmp_path / "binary.Dockerfile").as_uri()
        client.open(binary, "FROM \x00\x01\x02 python:latest\n")
        assert await client.diagnostics(binary) == []
        await client.message(lambda m: "binary" in m)
        huge = (tmp_path / "huge.Dockerfile").as_uri()
        line = "RUN echo hello world && apt-get install -y curl wget git\n"
        client.open(huge, "FROM python:latest\n" + line * (10_000_000 // len(line)))
        assert await client.diagnostics(huge) == []
        await client.message(lambda m: "not linted" in m)
        # Shrinking it back under the limit lints it again.
        client.replace_all(huge, "FROM python:latest\n")
        assert [d.code for d in await client.diagnostics(huge)] == ["DF101"]
        assert await client.code_actions(huge, [], only=["source.fixAll"]) == []


async def test_cancel_request(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path, initialization_options=SELECT) as client:
        client.open(uri, "FROM python:latest\n")
        await client.diagnostics(uri)
        protocol = client.lsp.protocol
        params = types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=1),
        )
        future = protocol.send_request_async(types.TEXT_DOCUMENT_HOVER, params, msg_id=4242)  # type: ignore[no-untyped-call]
        protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=4242))
        try:
            result = await asyncio.wait_for(future, TIMEOUT)
        except JsonRpcException as error:
            assert error.code == -32800  # cancelled
        else:
            assert result is not None  # it finished before the cancel arrived
        protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=999999))  # unknown id
        assert await client.hover(uri, 0, 1) is not None


# Runs the real server with one rule patched to raise.
_BROKEN_RULE = """
import sys
from dfls.rules import df101_image_tag
def boom(self, ctx):
    raise RuntimeError("boom")
df101_image_tag.ImageTag.check = boom
from dfls.cli.main import main
sys.exit(main(["server"]))
"""


async def test_a_failing_rule_is_reported_once_and_the_others_still_publish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.lsp import client as client_module

    monkeypatch.setattr(client_module, "SERVER", [sys.executable, "-c", _BROKEN_RULE])
    uri = (tmp_path / "Dockerfile").as_uri()
    async with started("visual-studio-code", tmp_path, initialization_options=SELECT) as client:
        client.open(uri, "FROM python:latest\nCMD run app\n")
        assert [d.code for d in await client.diagnostics(uri)] == ["DF401"]
        await client.message(lambda m: "DF101" in m and "boom" in m)
        client.replace_all(uri, "FROM python:latest\nCMD run other\n")
        assert [d.code for d in await client.diagnostics(uri)] == ["DF401"]
        assert len([m for m in client.lsp.messages if "boom" in m.message]) == 1


async def test_logs_go_to_the_log_file_not_stdout(tmp_path: Path) -> None:
    log = tmp_path / "dfls.log"
    uri = (tmp_path / "Dockerfile").as_uri()
    extra = ["--log-level", "debug", "--log-file", str(log)]
    async with started("neovim@v0.11.0", tmp_path, extra_args=extra) as client:
        client.open(uri, "FROM python:latest\n")
        assert await client.diagnostics(uri)
    text = log.read_text()
    assert "encoding utf-8" in text
    assert "pull diagnostics" in text
