"""The router: protocol rules for every message, and the back end loaded later, in order."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from dfls.lsp import app
from dfls.lsp import router as router_module
from dfls.lsp.framing import Frame
from dfls.lsp.jsonrpc import Endpoint, InvalidParams
from dfls.lsp.router import Router, Routes
from dfls.lsp.server import Server


class Wire:
    """A transport that keeps what the server wrote, message by message."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> None:
        self.data += data

    def close(self) -> None:
        pass

    @property
    def sent(self) -> list[dict[str, Any]]:
        messages = []
        rest = self.data
        while rest:
            header, rest = rest.split(b"\r\n\r\n", 1)
            length = int(header.split(b"\r\n")[0].split(b":")[1])
            messages.append(json.loads(rest[:length]))
            rest = rest[length:]
        return messages


class Recorder:
    """Back end and handlers that note what reached them."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.backend_loaded = threading.Event()

    def handle(self, message: dict[str, Any]) -> None:
        self.seen.append(f"backend {message['method']}")


def _body(method: str, params: Any = None, msg_id: int | None = None) -> bytes:
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
    if params is not None:
        message["params"] = params
    if msg_id is not None:
        message["id"] = msg_id
    return json.dumps(message).encode()


def _router(
    recorder: Recorder,
    requests: dict[str, Callable[[Any], Any]] | None = None,
    notifications: dict[str, Callable[[Any], None]] | None = None,
    load: Callable[[], Any] | None = None,
    busy: Callable[[], bool] = lambda: False,
) -> tuple[Router, Wire]:
    wire = Wire()

    def loaded() -> Any:
        recorder.backend_loaded.set()
        return recorder

    routes = Routes(
        requests={"initialize": lambda p: {"capabilities": {}}, "shutdown": lambda p: None}
        | (requests or {}),
        notifications={"note": lambda p: recorder.seen.append(f"note {p}")} | (notifications or {}),
        load_backend=load or loaded,
        busy=busy,
    )
    return Router(Endpoint(wire), routes), wire


async def _until(condition: Callable[[], bool]) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(poll(), 10)


async def test_bodies_that_are_not_json_rpc(caplog: pytest.LogCaptureFixture) -> None:
    router, wire = _router(Recorder())
    with caplog.at_level(logging.WARNING):
        router.dispatch(b"{not json")
        router.dispatch(b"[1, 2]")
        router.dispatch(b'{"id": 4, "method": "x"}')
        router.dispatch(b'{"jsonrpc": "2.0", "id": [1], "method": "x"}')
    assert [(m["id"], m["error"]["code"]) for m in wire.sent] == [
        (None, -32700),
        (4, -32600),
        (None, -32600),
    ]
    assert len(caplog.records) == 4
    assert all(r.levelname == "WARNING" and not r.exc_info for r in caplog.records)


async def test_before_initialize_and_after_shutdown() -> None:
    recorder = Recorder()
    router, wire = _router(recorder)
    router.dispatch(_body("hover", {}, msg_id=1))
    router.dispatch(_body("note", "early"))
    router.dispatch(_body("initialize", {}, msg_id=2))
    router.dispatch(_body("note", "ok"))
    router.dispatch(_body("shutdown", msg_id=3))
    router.dispatch(_body("note", "late"))
    router.dispatch(_body("hover", {}, msg_id=4))
    assert not router.finished.done()
    router.dispatch(_body("exit"))
    assert router.finished.done() and router.exit_code == 0
    assert recorder.seen == ["note ok"]
    answers = [(m["id"], m.get("error", {}).get("code")) for m in wire.sent]
    assert answers == [(1, -32002), (2, None), (3, None), (4, -32600)]


async def test_exit_without_shutdown_is_code_1() -> None:
    router, _ = _router(Recorder())
    router.dispatch(_body("initialize", {}, msg_id=1))
    router.dispatch(_body("exit"))
    assert router.finished.done() and router.exit_code == 1


async def test_invalid_params_and_failing_handlers(caplog: pytest.LogCaptureFixture) -> None:
    def invalid(params: Any) -> None:
        raise InvalidParams("$.textDocument: expected an object")

    def broken(params: Any) -> None:
        raise RuntimeError("a bug")

    router, wire = _router(
        Recorder(),
        requests={"bad": invalid, "buggy": broken},
        notifications={"bad": invalid, "buggy": broken},
    )
    router.dispatch(_body("initialize", {}, msg_id=1))
    with caplog.at_level(logging.WARNING):
        router.dispatch(_body("bad", {}, msg_id=2))
        router.dispatch(_body("bad", {}))
        router.dispatch(_body("buggy", {}, msg_id=3))
        router.dispatch(_body("buggy", {}))
    errors = [m["error"] for m in wire.sent[1:]]
    assert [e["code"] for e in errors] == [-32602, -32603]
    assert "RuntimeError: a bug" in errors[1]["message"]
    levels = [(r.levelname, "expected an object" in r.getMessage()) for r in caplog.records]
    assert levels == [("WARNING", True), ("WARNING", True), ("ERROR", False), ("ERROR", False)]


async def test_asynchronous_requests_are_answered_when_done_or_cancelled() -> None:
    gate: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def slow(params: Any) -> str:
        return await gate

    router, wire = _router(Recorder(), requests={"slow": slow})
    router.dispatch(_body("initialize", {}, msg_id=1))
    router.dispatch(_body("slow", {}, msg_id=2))
    router.dispatch(_body("slow", {}, msg_id=3))
    router.dispatch(_body("$/cancelRequest", {"id": 3}))
    gate.set_result("done")
    await _until(lambda: len(wire.sent) == 3)
    by_id = {m["id"]: m for m in wire.sent}
    assert by_id[2]["result"] == "done"
    assert by_id[3]["error"]["code"] == -32800


async def test_responses_settle_the_servers_requests() -> None:
    router, wire = _router(Recorder())
    asked = router.endpoint.request("workspace/configuration", {"items": []})
    request = wire.sent[0]
    router.dispatch(json.dumps({"jsonrpc": "2.0", "id": request["id"], "result": [1]}).encode())
    assert await asked == [1]


async def test_messages_after_one_for_the_back_end_wait_with_it_in_order() -> None:
    """Regression: a didChange overtook a hover waiting for pygls, so the hover described
    text the client sent after it; a shutdown overtook it, and it was never answered."""
    recorder = Recorder()
    release = threading.Event()

    def slow_load() -> Any:
        release.wait(10)
        return recorder

    router, wire = _router(recorder, load=slow_load)
    router.dispatch(_body("initialize", {}, msg_id=1))
    router.dispatch(_body("note", "before"))  # nothing waits yet: handled at once
    router.dispatch(_body("textDocument/hover", {}, msg_id=2))
    router.dispatch(_body("note", "typed"))  # after the hover: waits with it
    router.dispatch(_body("$/cancelRequest", {"id": 2}))  # for the back end: after the hover
    router.dispatch(_body("shutdown", msg_id=3))
    router.dispatch(_body("textDocument/codeAction", {}, msg_id=4))  # after shutdown
    assert recorder.seen == ["note before"]
    assert [m["id"] for m in wire.sent] == [1]
    release.set()
    await _until(lambda: router.shut_down)
    assert recorder.seen == [
        "note before",
        "backend textDocument/hover",
        "note typed",
        "backend $/cancelRequest",
    ]
    answered = {m["id"]: m.get("error", {}).get("code") for m in wire.sent}
    assert answered == {1: None, 3: None, 4: -32600}


async def test_nothing_waits_once_the_back_end_is_loaded() -> None:
    recorder = Recorder()
    router, _ = _router(recorder)
    router.dispatch(_body("initialize", {}, msg_id=1))
    router.dispatch(_body("textDocument/hover", {}, msg_id=2))
    await _until(lambda: recorder.seen == ["backend textDocument/hover"])
    router.dispatch(_body("note", "typed"))
    assert recorder.seen[-1] == "note typed"


async def test_the_back_end_loads_once_the_server_is_idle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(router_module, "IDLE", 0.01)
    recorder = Recorder()
    busy = [True]
    router, _ = _router(recorder, busy=lambda: busy[0])
    router.dispatch(_body("note", "before initialize"))  # not yet: nothing to serve
    await asyncio.sleep(0.05)
    assert not recorder.backend_loaded.is_set()
    router.dispatch(_body("initialize", {}, msg_id=1))
    await asyncio.sleep(0.05)
    assert not recorder.backend_loaded.is_set()  # a lint is running
    busy[0] = False
    await _until(recorder.backend_loaded.is_set)


async def test_a_back_end_that_cannot_load_answers_internal_errors(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> Any:
        raise ImportError("no pygls")

    router, wire = _router(Recorder(), load=broken)
    router.dispatch(_body("initialize", {}, msg_id=1))
    with caplog.at_level(logging.ERROR):
        router.dispatch(_body("textDocument/hover", {}, msg_id=2))
        await _until(lambda: len(wire.sent) == 2)
    assert wire.sent[1]["error"]["code"] == -32603
    assert "no pygls" in wire.sent[1]["error"]["message"]
    assert "loading the back end" in caplog.text


async def test_the_back_end_waits_while_the_loop_was_busy_until_just_now(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long lint blocks the loop past the idle timer: the client is not idle then (it is
    about to type), so loading waits for a quiet moment after it."""
    monkeypatch.setattr(router_module, "IDLE", 0.05)
    recorder = Recorder()
    router, _ = _router(recorder)
    router.dispatch(_body("initialize", {}, msg_id=1))
    time.sleep(0.2)  # the loop is busy
    await asyncio.sleep(0)  # the timer fires, late
    await asyncio.sleep(0.01)
    assert not recorder.backend_loaded.is_set()
    await _until(recorder.backend_loaded.is_set)


async def test_initialize_without_capabilities_is_refused_and_the_server_waits() -> None:
    wire = Wire()
    endpoint = Endpoint(wire)
    router = Router(endpoint, app.routes(Server(endpoint)))
    router.dispatch(_body("initialize", {"capabilities": 3}, msg_id=1))
    router.dispatch(_body("textDocument/hover", {}, msg_id=2))
    assert [m["error"]["code"] for m in wire.sent] == [-32602, -32002]
    router.dispatch(_body("initialize", {"processId": None, "capabilities": {}}, msg_id=3))
    assert wire.sent[-1]["result"]["serverInfo"]["name"] == "dfls"
    assert router.initialized


def _nested(depth: int) -> Any:
    """Lists ``depth`` levels deep, built without recursion."""
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


async def test_odd_ids_are_invalid_requests_and_cancels_for_them_are_ignored(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder()
    router, wire = _router(recorder)
    router.dispatch(_body("initialize", {}, msg_id=1))
    router.dispatch(_body("textDocument/hover", {}, msg_id=2))  # loads the back end
    await _until(lambda: recorder.seen == ["backend textDocument/hover"])
    odd_ids = [{"a": 1}, [1, 2], True, 1.5, _nested(5000)]
    with caplog.at_level(logging.DEBUG, "dfls.lsp.router"):
        for odd in odd_ids:
            router.receive(Frame({"jsonrpc": "2.0", "id": odd, "method": "textDocument/hover"}))
            router.receive(
                Frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": odd}})
            )
    assert [(m["id"], m["error"]["code"]) for m in wire.sent[1:]] == [(None, -32600)] * 5
    assert recorder.seen == ["backend textDocument/hover"]  # nothing more reached it
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 5
    assert not any(r.exc_info or "cancelRequest" in r.getMessage() for r in warnings)
    assert all(len(r.getMessage()) < 500 for r in caplog.records)
    router.dispatch(_body("$/cancelRequest", {"id": 99}))  # a real id: pygls may know it
    await _until(lambda: recorder.seen[-1] == "backend $/cancelRequest")


async def test_params_nested_too_deep_reach_no_handler(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder()
    router, wire = _router(recorder, requests={"work": lambda p: "done"})
    router.dispatch(_body("initialize", {}, msg_id=1))
    deep = _nested(router_module.MAX_DEPTH + 1)
    with caplog.at_level(logging.WARNING):
        router.receive(Frame({"jsonrpc": "2.0", "id": 2, "method": "work", "params": deep}))
        router.receive(Frame({"jsonrpc": "2.0", "method": "note", "params": {"x": deep}}))
        router.receive(Frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": deep}))
        router.receive(Frame({"jsonrpc": "2.0", "id": 3, "method": "hover", "params": deep}))
    shallow = _nested(router_module.MAX_DEPTH)
    router.receive(Frame({"jsonrpc": "2.0", "id": 4, "method": "work", "params": shallow}))
    router.receive(Frame({"jsonrpc": "2.0", "method": "note", "params": shallow}))
    assert [(m["id"], m.get("error", {}).get("code")) for m in wire.sent[1:]] == [
        (2, -32602),
        (3, -32602),
        (4, None),
    ]
    assert len(recorder.seen) == 1 and recorder.seen[0].startswith("note [[[")
    assert len(caplog.records) == 3  # the cancel is dropped without a word
    assert all(not r.exc_info and len(r.getMessage()) < 500 for r in caplog.records)


async def test_messages_too_deep_or_long_to_print_are_logged_briefly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A warning about a message names a few levels and items of it: ``%r`` of a value
    nested a thousand levels deep raises RecursionError inside logging, which its stream
    handler lets through (it would end the server)."""
    router, wire = _router(Recorder())
    router.dispatch(_body("initialize", {}, msg_id=1))
    with caplog.at_level(logging.WARNING):
        router.receive(Frame({"x": _nested(5000), "id": 5}))
        router.receive(Frame({"jsonrpc": "2.0", "id": 6, "result": _nested(5000)}))
        router.receive(Frame({"jsonrpc": "2.0", "id": 7, "result": "x" * 1_000_000}))
        router.receive(Frame(_nested(5000)))
    assert len(caplog.records) == 4
    assert all(len(r.getMessage()) < 500 for r in caplog.records)
    assert [m["id"] for m in wire.sent[1:]] == [5]  # invalid request: not JSON-RPC
    assert router_module.brief(_nested(5000)) == "[[[[...]]]]"
