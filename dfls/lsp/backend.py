"""The pygls server: its state, the protocol hardening, and the one place handlers are wired.

Everything a handler needs lives on :class:`DflsServer`: the :class:`Session` (documents,
settings, results), what the client can do (negotiated in ``initialize``), and the lint
tasks per document.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import inspect
import json
import logging
import sys
from threading import Event
from typing import TYPE_CHECKING, Any, BinaryIO

from cattrs import ClassValidationError, transform_error
from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.io_ import StdinAsyncReader, StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, default_converter
from pygls.protocol.language_server import lsp_method

from dfls import __version__
from dfls.lsp import stdio

if TYPE_CHECKING:
    from dfls.lsp.session import Session

log = logging.getLogger(__name__)


class _Handled:
    """What :meth:`DflsProtocol.structure_message` returns for a message it answered."""


HANDLED = _Handled()


class DflsProtocol(LanguageServerProtocol):
    """pygls' protocol with its gaps closed, and a faster way to publish diagnostics.

    - A request whose params do not match the LSP types gets an InvalidParams error
      response (pygls would log it and leave the client waiting forever) and such a
      notification is dropped; either is one warning line in the log, not a traceback.
    - A message that is not a JSON-RPC object (an array, a number) is logged, not raised.
    - A request before ``initialize`` gets a ServerNotInitialized error (-32002) and one
      after ``shutdown`` an InvalidRequest error (-32600); pygls would run the first and
      leave the second unanswered. Notifications then are dropped (``exit`` excepted).
    - A body that is not JSON at all gets a ParseError response (-32700, id null) and one
      log line (:meth:`DflsServer.report_server_error`), not a traceback.
    - ``exit`` over TCP ends the server without pygls' ``sys.exit`` inside a task (which
      asyncio logs as an unhandled exception).
    - Open documents live in the session only: pygls' own copy of each text is not
      kept (see :meth:`lsp_text_document__did_change`).
    """

    def __init__(self, server: Any, converter: Any) -> None:
        super().__init__(server, converter)
        self._initialize_seen = False
        self._writes: set[asyncio.Future[Any]] = set()

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            msg_id = data.get("id")
            if "method" in data and isinstance(msg_id, int | str):
                log.warning(
                    "invalid %r request %r: answered with an error (%s)",
                    data["method"],
                    msg_id,
                    _why_invalid(error),
                )
                self._send_response(msg_id, error=error.to_response_error())
                return HANDLED
            if "method" in data and "id" not in data and isinstance(error, JsonRpcInvalidParams):
                # A notification has no one to answer: the client's mistake, not ours.
                log.warning(
                    "invalid %r notification: dropped (%s)", data["method"], _why_invalid(error)
                )
                return HANDLED
            raise

    def handle_message(self, message: Any) -> None:
        if message is HANDLED:
            return
        if not hasattr(message, "jsonrpc"):
            log.warning("ignoring a message that is not a JSON-RPC object: %.200r", message)
            if isinstance(message, dict) and isinstance(message.get("id"), int | str):
                invalid = JsonRpcInvalidRequest("not a JSON-RPC 2.0 request")
                self._send_response(message["id"], error=invalid.to_response_error())
            return
        method = getattr(message, "method", None)
        if method is not None and method != types.EXIT:  # a request or notification
            msg_id = getattr(message, "id", None)
            error: JsonRpcException | None = None
            if self._shutdown:
                error = JsonRpcInvalidRequest("the server is shutting down")
            elif method == types.INITIALIZE:
                self._initialize_seen = True
            elif not self._initialize_seen:
                error = JsonRpcServerNotInitialized("the server is not initialized yet")
            if error is not None:
                if msg_id is not None:
                    log.warning("%r request %r: %s", method, msg_id, error.message)
                    self._send_response(msg_id, error=error.to_response_error())
                else:
                    log.info("%r notification dropped: %s", method, error.message)
                return
        super().handle_message(message)

    def send_parse_error(self, error: Exception) -> None:
        """Answer a body that is not JSON: ParseError, id null (no id could be read)."""
        message = f"{JsonRpcParseError.MESSAGE}: {error}"
        self._send_data(
            {
                "jsonrpc": "2.0",
                "id": None,
                "error": {"code": JsonRpcParseError.CODE, "message": message},
            }
        )

    # Text sync: the session's model is the only copy of each document's text. pygls
    # would keep its own and update it in O(file) on every keystroke (and split lines at
    # form feeds and U+2028, where LSP does not).
    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        return (yield from self._user_handler(types.TEXT_DOCUMENT_DID_OPEN, params))

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        return (yield from self._user_handler(types.TEXT_DOCUMENT_DID_CHANGE, params))

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        return (yield from self._user_handler(types.TEXT_DOCUMENT_DID_CLOSE, params))

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any) -> Any:
        if not isinstance(self.writer, asyncio.StreamWriter):  # stdio: pygls' sys.exit
            return (yield from super().lsp_exit(*args))
        # Over TCP, pygls' sys.exit would raise inside the connection's task, which asyncio
        # logs as an unhandled exception (a traceback at ERROR) on every normal exit.
        # Closing the connection and the listener ends `start_tcp`; `run` returns the code.
        self.writer.close()
        self._server.shutdown()  # type: ignore[no-untyped-call]

    def _user_handler(self, method: str, params: Any) -> Any:
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    def send_json_notification(self, method: str, params: Any) -> None:
        """Send a notification whose params are already JSON-ready (no cattrs pass)."""
        self._send_data({"jsonrpc": "2.0", "method": method, "params": params})

    def send_encoded_notification(self, method: str, params: str) -> None:
        """Send a notification whose params are already encoded JSON text.

        Diagnostics are encoded once per finding and reused across keystrokes; encoding
        the whole list again on every change was a large part of the latency.
        """
        if self.writer is None:
            log.error("cannot send %s: no transport", method)
            return
        body = f'{{"jsonrpc": "2.0", "method": {json.dumps(method)}, "params": {params}}}'
        data = body.encode(self.CHARSET)
        header = (
            f"Content-Length: {len(data)}\r\n"
            f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        )
        result = self.writer.write(header.encode(self.CHARSET) + data)
        if inspect.isawaitable(result):  # asynchronous transports: keep the task alive
            task = asyncio.ensure_future(result)
            self._writes.add(task)
            task.add_done_callback(self._writes.discard)


_NOT_JSON = (json.JSONDecodeError, UnicodeDecodeError)


class _NoParseErrorTraceback(logging.Filter):
    """pygls' read loop logs a body that is not JSON with a traceback at ERROR; the server
    answers it and logs one line instead (:meth:`DflsServer.report_server_error`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, _NOT_JSON)


_PYGLS_READ_LOOP_FILTER = _NoParseErrorTraceback()


class _NoInvalidParamsTraceback(logging.Filter):
    """pygls logs a message whose params do not match the LSP types with a traceback at
    ERROR before it raises InvalidParams; :meth:`DflsProtocol.structure_message` answers
    it and logs one line instead. Other failures to read a message keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Unable to deserialize message"):
            return True
        # pygls formats the traceback into the message (the record has no exc_info); the
        # filter runs inside pygls' except block, where the exception is still current.
        return not isinstance(sys.exc_info()[1], ClassValidationError)


_PYGLS_STRUCTURE_FILTER = _NoInvalidParamsTraceback()


def _why_invalid(error: JsonRpcException) -> str:
    """What is wrong with a message's params, in one line (cattrs' own words)."""
    cause = error.__cause__
    if isinstance(cause, ClassValidationError):
        return "; ".join(transform_error(cause))[:500]
    return error.message


class DflsServer(LanguageServer):
    protocol: DflsProtocol

    def __init__(self) -> None:
        logging.getLogger("pygls.server").addFilter(_PYGLS_READ_LOOP_FILTER)
        logging.getLogger("pygls.protocol.json_rpc").addFilter(_PYGLS_STRUCTURE_FILTER)
        super().__init__(
            "dfls",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=DflsProtocol,
            converter_factory=default_converter,
        )
        self._session: Session | None = None
        self.init_params: types.InitializeParams | None = None
        self.pull_diagnostics = False
        self.markdown_hover = True
        self.document_changes = False
        self.resolve_edits = False
        """The client resolves a code action's ``edit`` lazily (``codeAction/resolve``)."""
        self.create_files = False
        self.configuration_pull = False
        self.refresh_diagnostics = False
        self.watch_files_dynamically = False
        self.register_configuration = False
        self.lint_tasks: dict[str, asyncio.Task[None]] = {}
        self.settings_pending: dict[str, asyncio.Future[None]] = {}
        """Documents whose ``workspace/configuration`` answer is awaited, with the request."""
        self.shown_messages: set[str] = set()

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """Serve over stdin/stdout, reading stdin on the event loop (:mod:`dfls.lsp.stdio`)
        where it can be watched, through pygls' thread otherwise."""
        stdin = stdin or sys.stdin.buffer
        self._stop_event = Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(self._serve_io(stdin))
        except BrokenPipeError:
            log.error("the connection to the client is lost: shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    async def _serve_io(self, stdin: BinaryIO) -> None:
        assert self._stop_event is not None
        reader: Any = None
        with contextlib.suppress(OSError, ValueError):  # no descriptor: an in-memory stream
            reader = stdio.open_reader(stdin.fileno())
        if reader is None:
            reader = StdinAsyncReader(stdin, self.thread_pool)
        await run_async(
            stop_event=self._stop_event,
            reader=reader,
            protocol=self.protocol,
            logger=logging.getLogger("pygls.server"),
            error_handler=self.report_server_error,
        )

    @property
    def session(self) -> Session:
        """Documents, settings and results; built on first use, after ``initialize`` has
        been answered, so the rules' import time is not part of the server's start-up."""
        if self._session is None:
            from dfls.lsp.handlers.lifecycle import build_session

            self._session = build_session(self)
        return self._session

    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls would pop up "Error in server" for every internal error; the log is the
        # place for those. Problems users can act on are shown deliberately (show_once).
        if isinstance(error, _NOT_JSON):  # pygls' read loop could not decode a body
            log.warning("a message that is not JSON: answered with a parse error (%s)", error)
            self.protocol.send_parse_error(error)
            return
        log.error("internal error (%s): %s", getattr(source, "__name__", source), error)

    def show_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """``window/showMessage``, at most once per distinct text per session."""
        if message in self.shown_messages:
            return
        self.shown_messages.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def publish(self, uri: str, version: int | None, diagnostics: list[dict[str, Any]]) -> None:
        params: dict[str, Any] = {"uri": uri, "diagnostics": diagnostics}
        if version is not None:
            params["version"] = version
        self.protocol.send_json_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)

    def publish_encoded(self, uri: str, version: int, diagnostics: str) -> None:
        """:meth:`publish` with the diagnostics array already encoded."""
        params = f'{{"uri": {json.dumps(uri)}, "version": {version}, "diagnostics": {diagnostics}}}'
        if getattr(self.protocol, "_include_headers", True):
            self.protocol.send_encoded_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)
        else:  # websocket transports frame messages themselves
            self.publish(uri, version, json.loads(diagnostics))


def create_server() -> DflsServer:
    """A fresh server with every handler registered (the only wiring site)."""
    from dfls.lsp.handlers import code_actions, documents, hover, lifecycle, workspace

    server = DflsServer()
    server.feature(types.INITIALIZE)(lifecycle.initialize)
    server.feature(types.INITIALIZED)(lifecycle.initialized)
    server.feature(types.SHUTDOWN)(lifecycle.shutdown)
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(documents.did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(documents.did_change)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(documents.did_close)
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, code_actions.FIX_ALL_KIND],
            resolve_provider=True,
        ),
    )(code_actions.code_action)
    server.feature(types.CODE_ACTION_RESOLVE)(code_actions.resolve)
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover.hover)
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(workspace.did_change_configuration)
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(workspace.did_change_watched_files)
    # textDocument/diagnostic is registered in `lifecycle.initialize`, for clients that pull.
    return server


def run(args: argparse.Namespace) -> int:
    """``dfls server``: serve until the client says exit (or goes away)."""
    from dfls.lsp.logging import configure

    configure(getattr(args, "log_level", "warning") or "warning", getattr(args, "log_file", None))
    # Each keystroke allocates many short-lived objects; with the default thresholds the
    # collector runs several times per keystroke and walks the whole document model.
    gc.set_threshold(20_000, 20, 20)
    server = create_server()
    if getattr(args, "tcp", False):
        server.start_tcp(args.host, args.port)
    else:
        server.start_io()
    return 0 if server.protocol._shutdown else 1
