"""``dfls server``: the transport, one session, and the one place handlers are wired.

The handlers a session needs from its start to its first diagnostics, and on every
keystroke, take plain JSON and are routed without pygls (:mod:`dfls.lsp.router`); the
ones that need LSP types are served by pygls (:mod:`dfls.lsp.backend`), which is loaded
on a worker thread after start-up. So the server answers ``initialize`` and publishes
its first diagnostics without importing lsprotocol and pygls at all.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import importlib
import logging
import sys
from typing import Any, BinaryIO

from dfls.lsp import compat, jsonrpc, stdio
from dfls.lsp.framing import Unreadable
from dfls.lsp.handlers import (
    completion,
    diagnostics,
    documents,
    formatting,
    layout,
    lifecycle,
    navigation,
    semantic_tokens,
    workspace,
    workspace_diagnostics,
)
from dfls.lsp.jsonrpc import Endpoint, Reader, Transport
from dfls.lsp.router import Backend, Router, Routes
from dfls.lsp.server import Server

log = logging.getLogger(__name__)

# Imported with the back end: the first hover and code action need them.
WARM_UP = (
    "dfls.features.hover",
    "dfls.features.actions",
    "dfls.features.completion",
    *("dfls.features.semantic_tokens", "dfls.features.folding", "dfls.features.links"),
)


def routes(server: Server) -> Routes:
    """Every method dfls handles itself, bound to ``server``."""
    bind = functools.partial
    return Routes(
        requests={
            "initialize": bind(lifecycle.initialize, server),
            "shutdown": bind(lifecycle.shutdown, server),
            diagnostics.PULL: bind(diagnostics.pull, server),
            workspace_diagnostics.PULL: bind(workspace_diagnostics.pull, server),
            **{method: bind(handler, server) for method, handler in navigation.ROUTES.items()},
            semantic_tokens.FULL: bind(semantic_tokens.full_, server),
            semantic_tokens.DELTA: bind(semantic_tokens.full_delta, server),
            semantic_tokens.RANGE: bind(semantic_tokens.range_, server),
            layout.FOLDING: bind(layout.folding_range, server),
            layout.SELECTION: bind(layout.selection_range, server),
            layout.LINKS: bind(layout.document_link, server),
            layout.INLAY_HINTS: bind(layout.inlay_hint, server),
            **{method: bind(handler, server) for method, handler in completion.ROUTES.items()},
            **{method: bind(handler, server) for method, handler in formatting.ROUTES.items()},
        },
        notifications={
            "initialized": bind(lifecycle.initialized, server),
            "textDocument/didOpen": bind(documents.did_open, server),
            "textDocument/didChange": bind(documents.did_change, server),
            "textDocument/didClose": bind(documents.did_close, server),
            workspace.DID_CHANGE_CONFIGURATION: bind(workspace.did_change_configuration, server),
            workspace.DID_CHANGE_WATCHED_FILES: bind(workspace.did_change_watched_files, server),
            **dict.fromkeys(compat.STATE_ONLY_BUILTINS, _ignore),
        },
        load_backend=bind(load_backend, server),
        busy=lambda: bool(server.lint_tasks or server.settings_pending),
    )


def _ignore(params: Any) -> None:
    pass


def load_backend(server: Server) -> Backend:
    """pygls with the handlers that need LSP types (on a worker thread: it imports
    lsprotocol, pygls and the features behind hover and code actions)."""
    from lsprotocol import types

    from dfls.lsp.backend import Backend
    from dfls.lsp.handlers import code_actions, hover

    for name in WARM_UP:
        importlib.import_module(name)
    backend = Backend(server)
    backend.feature(types.TEXT_DOCUMENT_HOVER, hover.hover)
    backend.feature(types.TEXT_DOCUMENT_CODE_ACTION, code_actions.code_action)
    backend.feature(types.CODE_ACTION_RESOLVE, code_actions.resolve)
    # What was just imported lives as long as the server: keep the garbage collector
    # from walking it again on every keystroke.
    gc.freeze()
    return backend


async def serve(reader: Reader, transport: Transport) -> int:
    """One session, until ``exit``, the end of input or a lost client; its exit code."""
    endpoint = Endpoint(transport)
    server = Server(endpoint)
    router = Router(endpoint, routes(server))

    async def pump() -> None:
        async for frame in jsonrpc.messages(reader):
            router.receive(frame)

    reading = asyncio.ensure_future(pump())
    await asyncio.wait({reading, router.finished}, return_when=asyncio.FIRST_COMPLETED)
    reading.cancel()
    for task in server.lint_tasks.values():
        task.cancel()
    try:
        await reading
    except asyncio.CancelledError:
        pass
    except Unreadable as error:
        # Skipping on would leave the editor with a server that answers nothing; exiting
        # lets it start a fresh one (and show the user that it did).
        log.error("%s: exiting", error)
        return 1
    return router.exit_code


async def serve_stdio(stdin: BinaryIO, stdout: BinaryIO) -> int:
    reader = None
    with contextlib.suppress(OSError, ValueError):  # no descriptor: an in-memory stream
        reader = stdio.open_reader(stdin.fileno())
    if reader is None:
        reader = stdio.thread_reader(stdin)
    return await serve(reader, stdio.Output(stdout))


async def serve_tcp(host: str, port: int) -> int:
    """Listen on ``host:port``, serve the first client, and end with its session."""
    ended: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    taken = False

    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal taken
        if taken:
            log.warning("a second client connected: closed (one session per server)")
            writer.close()
            return
        taken = True
        try:
            code = await serve(reader, writer)
        finally:
            writer.close()
        if not ended.done():
            ended.set_result(code)

    listener = await asyncio.start_server(connected, host, port)
    log.info("listening on %s", ", ".join(str(s.getsockname()) for s in listener.sockets))
    async with listener:
        return await ended


def run(args: argparse.Namespace) -> int:
    """``dfls server``: serve until the client says exit (or goes away)."""
    from dfls.lsp.logging import configure

    configure(getattr(args, "log_level", "warning") or "warning", getattr(args, "log_file", None))
    # Each keystroke allocates many short-lived objects; with the default thresholds the
    # collector runs several times per keystroke and walks the whole document model.
    gc.set_threshold(20_000, 20, 20)
    try:
        if getattr(args, "tcp", False):
            return asyncio.run(serve_tcp(args.host, args.port))
        return asyncio.run(serve_stdio(sys.stdin.buffer, sys.stdout.buffer))
    except KeyboardInterrupt:
        return 1
