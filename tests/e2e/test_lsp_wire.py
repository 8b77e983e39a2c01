"""End-to-end: what a client writes on the wire, framed right or wrong, with odd ids and
deep nesting. The server reads what is unambiguous, re-synchronises on the next header
after what is not, answers what it cannot use with an error, and when the input is not
LSP at all exits with a clear error (so the editor restarts it) instead of going deaf.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import rawlsp

pytestmark = pytest.mark.e2e

SELECT = {"select": ["DF101", "DF401"]}
HEADER = b"Content-Length: %d\r\n\r\n"


def _body(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode()


def _open(uri: str, text: str, version: int = 1) -> dict[str, Any]:
    item = {"uri": uri, "languageId": "dockerfile", "version": version, "text": text}
    return {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}}


def _insert(uri: str, version: int, line: int, text: str) -> dict[str, Any]:
    at = {"line": line, "character": 0}
    return {
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": text}],
        },
    }


def _hover(msg_id: Any, uri: str, line: int = 0, character: int = 1) -> dict[str, Any]:
    position = {"line": line, "character": character}
    params = {"textDocument": {"uri": uri}, "position": position}
    return {"jsonrpc": "2.0", "id": msg_id, "method": "textDocument/hover", "params": params}


def _framed(message: dict[str, Any], header: bytes = HEADER) -> bytes:
    body = _body(message)
    return header % len(body) + body


def _answer_to(msg_id: Any) -> Any:
    return lambda m: "method" not in m and m.get("id") == msg_id


NESTED = "NESTED"


def _with(message: dict[str, Any], nested: str) -> str:
    """``message`` as JSON with ``nested`` (JSON text) where it says NESTED."""
    return json.dumps(message).replace(json.dumps(NESTED), nested)


def _answer_or_parse_error(msg_id: int) -> Callable[[dict[str, Any]], bool]:
    return lambda m: "method" not in m and m.get("id") in (None, msg_id)


async def _opened(client: rawlsp.RawClient, uri: str) -> None:
    """Initialize, and open ``uri`` with one finding (DF101)."""
    await client.initialize({}, initializationOptions=SELECT)
    await client.open(uri, "FROM python:latest\n")
    assert [d["code"] for d in await client.diagnostics(uri, 1)] == ["DF101"]


def _clean(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text
    assert "Logging error" not in text
    assert "diverged" not in text
    return text


async def test_unambiguous_header_variants_are_read(tmp_path: Path) -> None:
    variants = {
        "lowercase": b"content-length: %d\r\n\r\n",
        "no-space": b"Content-Length:%d\r\n\r\n",
        "spaces": b"Content-Length:  %d \t\r\n\r\n",
        "lf-only": b"Content-Length: %d\n\n",
        "mixed-endings": b"Content-Length: %d\n\r\n",
        "content-type-first": (
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
        ),
        "other-headers": b"X-Trace: 1\r\nCONTENT-LENGTH: %d\r\nContent-Type: x\r\n\r\n",
    }
    async with rawlsp.stdio_server() as server:
        client = server.client
        await client.initialize({}, initializationOptions=SELECT)
        for name, header in variants.items():
            uri = (tmp_path / name).as_uri()
            await client.send_raw(_framed(_open(uri, "FROM python:latest\n"), header))
            assert [d["code"] for d in await client.diagnostics(uri, 1)] == ["DF101"], name
        start = len(client.received)
        await client.send_raw(_framed(_hover(7, uri), b"content-length:%d\n\n"))
        assert (await client.wait(_answer_to(7), start))["result"] is not None
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0
    assert "WARNING" not in _clean(server.stderr)


async def test_a_length_counted_in_characters_loses_no_message(tmp_path: Path) -> None:
    """Some clients count characters (or UTF-16 units) instead of bytes: the length is then
    short for every message with non-ASCII text. Each such message is still read whole, and
    the ones after it too; the document stays what the editor has."""
    uri = (tmp_path / "Dockerfile").as_uri()

    def by_characters(message: dict[str, Any]) -> bytes:
        body = _body(message)
        return b"Content-Length: %d\r\n\r\n" % len(body.decode()) + body

    async with rawlsp.stdio_server() as server:
        client = server.client
        await client.initialize({}, initializationOptions=SELECT)
        await client.send_raw(by_characters(_open(uri, "FROM python:latest\n# café ☕ 😀\n")))
        assert [d["code"] for d in await client.diagnostics(uri, 1)] == ["DF101"]
        change = _insert(uri, 2, 2, "RUN echo 'é😀'\nCMD run app\n")
        await client.send_raw(by_characters(change))
        found = await client.diagnostics(uri, 2)
        assert [(d["code"], d["range"]["start"]["line"]) for d in found] == [
            ("DF101", 0),
            ("DF401", 3),
        ]
        # Two at once, both short.
        start = len(client.received)
        hover = _hover(8, uri, 0, 1)
        hover["params"]["workDoneToken"] = "é"
        await client.send_raw(by_characters(_insert(uri, 3, 0, "# ☕\n")) + by_characters(hover))
        assert [d["range"]["start"]["line"] for d in await client.diagnostics(uri, 3, start)] == [
            1,
            4,
        ]
        assert (await client.wait(_answer_to(8), start))["result"] is None  # line 0: a comment
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0
    _clean(server.stderr)


async def test_missing_headers_and_junk_between_messages(tmp_path: Path) -> None:
    first, second, third = (tmp_path / n for n in ("first", "second", "third"))
    async with rawlsp.stdio_server() as server:
        client = server.client
        await client.initialize({}, initializationOptions=SELECT)
        # A header block without Content-Length: the body is still one JSON value.
        await client.send_raw(
            b"Content-Type: application/vscode-jsonrpc\r\n\r\n"
            + _body(_open(first.as_uri(), "FROM python:latest\n"))
        )
        assert await client.diagnostics(first.as_uri(), 1)
        # Junk, then a header on the same line: read from the header on.
        await client.send_raw(
            b"something that is not a header\r\nmore junk"
            + _framed(_open(second.as_uri(), "FROM python:latest\n"))
        )
        assert await client.diagnostics(second.as_uri(), 1)
        # No header at all.
        await client.send_raw(_body(_open(third.as_uri(), "FROM python:latest\n")))
        assert await client.diagnostics(third.as_uri(), 1)
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0
    text = _clean(server.stderr)
    assert "without Content-Length" in text
    assert "skipped 41 bytes" in text


async def test_a_5000_digit_content_length(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with rawlsp.stdio_server() as server:
        client = server.client
        await client.initialize({}, initializationOptions=SELECT)
        start = len(client.received)
        await client.send_raw(
            b"Content-Length: " + b"9" * 5000 + b"\r\n\r\n" + _body(_open(uri, "FROM python:3\n"))
        )
        await client.open(uri, "FROM python:latest\n", version=2)  # framed right
        assert [d["code"] for d in await client.diagnostics(uri, 2, start)] == ["DF101"]
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0
    assert "Content-Length 99999" in _clean(server.stderr)


async def test_a_length_too_large_does_not_leave_the_client_waiting(tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    async with rawlsp.stdio_server() as server:
        client = server.client
        await _opened(client, uri)
        start = len(client.received)
        await client.send_raw(_framed(_hover(9, uri), b"Content-Length: 1%d\r\n\r\n"))
        assert (await client.wait(_answer_to(9), start))["result"] is not None
        response = await client.request("textDocument/hover", _hover(0, uri)["params"])
        assert response.get("result") is not None, response
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0
    assert "Content-Length" in _clean(server.stderr)


async def test_input_that_is_not_lsp_ends_the_server_with_a_clear_error() -> None:
    async with rawlsp.stdio_server() as server:
        client = server.client
        await client.initialize({}, initializationOptions=SELECT)
        junk = b"this is not a language server client talking\n" * 30_000
        with contextlib.suppress(ConnectionError):  # the server may exit before it read all
            await client.send_raw(junk)
        assert await server.exit_code() == 1
    text = _clean(server.stderr)
    assert "not LSP messages" in text
    assert "exiting" in text


async def test_odd_ids_get_invalid_request_and_cancels_with_them_are_ignored(
    tmp_path: Path,
) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    deep = "[" * 900 + "]" * 900
    async with rawlsp.stdio_server() as server:
        client = server.client
        await _opened(client, uri)
        for odd in ({"a": 1}, [1, 2], True, 1.5, json.loads(deep)):
            start = len(client.received)
            await client.send(_hover(odd, uri))
            answer = await client.wait(lambda m: "error" in m, start)
            assert (answer["id"], answer["error"]["code"]) == (None, -32600), odd
            await client.notify("$/cancelRequest", {"id": odd})
        # Ids just deep enough to parse and too deep to print with %r: logging the warning
        # about them raised RecursionError, which ended the server (at about 976 levels).
        for depth in range(940, 1000, 2):
            start = len(client.received)
            body = _body(_hover(0, uri)).replace(
                b'"id": 0', b'"id": ' + b"[" * depth + b"]" * depth
            )
            await client.send_raw(HEADER % len(body) + body)
            answer = await client.wait(lambda m: "error" in m, start)
            assert answer["id"] is None and answer["error"]["code"] in (-32600, -32700), depth
        response = await client.request("textDocument/hover", _hover(0, uri)["params"])
        assert response.get("result") is not None, response
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0
    text = _clean(server.stderr)
    assert "cancelRequest" not in text


async def test_deeply_nested_bodies_get_error_answers(tmp_path: Path) -> None:
    """Too deep to parse: a parse error (id null). Deep but parsed: the usual answers, and
    no traceback from logging a message too deep to print."""
    uri = (tmp_path / "Dockerfile").as_uri()
    async with rawlsp.stdio_server() as server:
        client = server.client
        await _opened(client, uri)
        for depth in (100_000, 5_000, 985, 960, 500):
            nested = "[" * depth + "]" * depth
            requests = [
                nested,
                _with(_hover(1, uri) | {"params": NESTED}, nested),
                _with(
                    {
                        **_hover(2, uri),
                        "method": "codeAction/resolve",
                        "params": {"title": "x", "data": NESTED},
                    },
                    nested,
                ),
                _with(
                    _hover(3, uri, 0, 0)
                    | {"params": {"textDocument": {"uri": uri}, "position": NESTED}},
                    nested,
                ),
            ]
            for msg_id, body in enumerate(requests):
                start = len(client.received)
                data = body.encode()
                await client.send_raw(HEADER % len(data) + data)
                if msg_id == 0 and depth < 1000:
                    continue  # parsed: a batch, which LSP does not use (logged, ignored)
                answer = await client.wait(_answer_or_parse_error(msg_id), start)
                if answer["id"] is None:
                    assert answer["error"]["code"] == -32700, (depth, msg_id, answer)
            change = {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": NESTED}
            data = _with(change, nested).encode()
            await client.send_raw(HEADER % len(data) + data)
        # An id of its own: a late answer to one of the numbered requests above must not be
        # taken for this one's.
        start = len(client.received)
        final = json.dumps(_hover("final", uri)).encode()
        await client.send_raw(HEADER % len(final) + final)
        response = await client.wait(lambda m: m.get("id") == "final", start)
        assert response.get("result") is not None, response
        await client.shutdown_and_exit()
        assert await server.exit_code() == 0
    _clean(server.stderr)
