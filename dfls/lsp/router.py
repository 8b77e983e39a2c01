"""Which code answers each message from the client, and the protocol's rules around them.

Most messages are handled by dfls' own handlers on plain JSON, without pygls: initialize,
text sync, diagnostics, settings, shutdown and exit, which is all a session needs up to
its first diagnostics and on every keystroke. The others (hover, code actions, and what
only pygls knows or rejects) go to the back end (:mod:`dfls.lsp.backend`), which is
loaded on a worker thread once the server has been idle for a moment, or as soon as such
a message comes. Until it is ready, the messages for it wait, and so does every message
after them (a cancellation excepted), so that the client's order holds: a hover sent
before a keystroke answers about the text before it, and a shutdown does not overtake the
requests before it. Keystrokes wait only when such a request came before the back end
was loaded (it loads once the server is idle for a moment, so usually it is ready).

The rules, for every message:

- a body that is not JSON (or nested too deep to parse): ParseError (-32700, id null)
  and one warning line;
- not a JSON-RPC 2.0 object: a warning (and InvalidRequest for something with an id);
- an id that is not an integer or a string (an object, an array, a boolean, a fraction):
  InvalidRequest (-32600) with id null; ``$/cancelRequest`` for such an id is ignored;
- params nested over :data:`MAX_DEPTH` levels: InvalidParams, before any code walks them;
- a request before ``initialize``: ServerNotInitialized (-32002); after ``shutdown``:
  InvalidRequest (-32600); notifications then are dropped (``exit`` excepted);
- params of the wrong shape: InvalidParams (-32602), or for a notification a drop, either
  with one warning line;
- a handler that fails: InternalError (-32603) for a request, a traceback in the log.

Messages are logged with :func:`brief`, never whole.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import logging
import reprlib
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeGuard

from dfls.lsp import framing
from dfls.lsp.framing import Frame
from dfls.lsp.jsonrpc import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    PARSE_ERROR,
    REQUEST_CANCELLED,
    SERVER_NOT_INITIALIZED,
    Endpoint,
    InvalidParams,
    RpcError,
)

log = logging.getLogger(__name__)

INITIALIZE = "initialize"
SHUTDOWN = "shutdown"
EXIT = "exit"
CANCEL_REQUEST = "$/cancelRequest"

IDLE = 0.1
"""Seconds without a message, a lint or the loop busy otherwise, after which the back end
loads: the client is probably waiting for its user, not about to send a keystroke."""
TICK = 0.02
"""How often the router looks whether the server is still quiet."""

MsgId = int | str
MAX_DEPTH = 100
"""Params nested deeper than this are refused; LSP's own go about ten levels deep."""


class Backend(Protocol):
    def handle(self, message: dict[str, Any], /) -> None: ...


@dataclass(frozen=True)
class Routes:
    requests: dict[str, Callable[[Any], Any]]
    """Request handlers: params -> result, or an awaitable of it."""
    notifications: dict[str, Callable[[Any], None]]
    load_backend: Callable[[], Backend]
    """Imports and builds the back end; runs on a worker thread."""
    busy: Callable[[], bool]
    """Whether work is in flight that loading the back end now would slow down."""


class Router:
    def __init__(self, endpoint: Endpoint, routes: Routes) -> None:
        self.endpoint = endpoint
        self.routes = routes
        self.initialized = False
        self.shut_down = False
        self.finished: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        """Done on ``exit``, or when the client can no longer be written to."""
        self._running: dict[MsgId, asyncio.Future[Any]] = {}
        self._backend: Backend | None = None
        self._loading = False
        self._waiting: list[dict[str, Any]] = []
        self._ticking: asyncio.TimerHandle | None = None
        self._quiet = 0.0

    @property
    def exit_code(self) -> int:
        """0 after ``shutdown``, 1 otherwise (LSP's ``exit``)."""
        return 0 if self.shut_down else 1

    def dispatch(self, body: bytes) -> None:
        """Handle one message body as read from the client."""
        self.receive(framing.parse(body))

    def receive(self, frame: Frame) -> None:
        """Handle one message as :mod:`dfls.lsp.framing` read it."""
        if frame.error is not None:  # not JSON, not UTF-8, or nested too deep to parse
            log.warning("a message that is not JSON: answered with a parse error (%s)", frame.error)
            self.endpoint.respond_error(None, RpcError(PARSE_ERROR, f"Parse Error: {frame.error}"))
            self._check_connection()
            return
        self._guarded(self._route, frame.message)

    def _guarded(self, step: Callable[[Any], None], message: Any) -> None:
        """``step(message)``; a bug in it is logged, and the server goes on."""
        try:
            step(message)
        except Exception:
            log.exception("internal error handling %s", brief(message))
        self._check_connection()

    def _route(self, message: Any) -> None:
        if not isinstance(message, dict) or "jsonrpc" not in message:
            log.warning("ignoring a message that is not a JSON-RPC object: %s", brief(message))
            if isinstance(message, dict) and is_id(message.get("id")):
                invalid = RpcError(INVALID_REQUEST, "not a JSON-RPC 2.0 request")
                self.endpoint.respond_error(message["id"], invalid)
        elif message["jsonrpc"] != "2.0":
            log.warning("ignoring a message that is not JSON-RPC 2.0: %s", brief(message))
        elif "method" not in message:
            if nested_deeper(message, MAX_DEPTH):
                log.warning("ignoring a response nested over %d levels deep", MAX_DEPTH)
            elif not self.endpoint.take_response(message):
                log.warning("a response to no request of ours: %s", brief(message))
        elif not isinstance(message["method"], str) or not (
            message.get("id") is None or is_id(message["id"])
        ):
            log.warning("ignoring a malformed JSON-RPC message: %s", brief(message))
            if "id" in message:
                self.endpoint.respond_error(None, RpcError(INVALID_REQUEST, "Invalid Request"))
        elif nested_deeper(message.get("params"), MAX_DEPTH):
            self._too_deep(message)
        elif self._waiting and message["method"] != CANCEL_REQUEST:
            # Messages stay in the client's order: a didChange after a hover that waits for
            # the back end must not change the text that hover is about, and a shutdown
            # must not overtake the requests before it (they would go unanswered).
            self._waiting.append(message)
        else:
            self._handle(message)
            self._active()

    def _too_deep(self, message: dict[str, Any]) -> None:
        """Params no LSP message has: nothing below (pygls, cattrs, logging) has to recurse
        through them."""
        method, why = message["method"], f"params nested over {MAX_DEPTH} levels deep"
        if method == CANCEL_REQUEST and "id" not in message:
            log.debug("ignoring %s: %s", CANCEL_REQUEST, why)  # for no request there can be
        elif "id" in message:
            log.warning(
                "invalid %r request %r: answered with an error (%s)", method, message["id"], why
            )
            self.endpoint.respond_error(message["id"], InvalidParams(why))
        else:
            log.warning("invalid %r notification: dropped (%s)", method, why)

    # -- one message ------------------------------------------------------------------------

    def _handle(self, message: dict[str, Any]) -> None:
        method = message["method"]
        is_request = "id" in message
        if method == EXIT:  # a notification; sent with an id by mistake, it still ends
            if not self.finished.done():
                self.finished.set_result(None)
            return
        error: RpcError | None = None
        if self.shut_down:
            error = RpcError(INVALID_REQUEST, "the server is shutting down")
        elif not self.initialized and method != INITIALIZE:
            error = RpcError(SERVER_NOT_INITIALIZED, "the server is not initialized yet")
        if error is not None:
            if is_request:
                log.warning("%r request %r: %s", method, message["id"], error.message)
                self.endpoint.respond_error(message["id"], error)
            else:
                log.info("%r notification dropped: %s", method, error.message)
            return
        if method == CANCEL_REQUEST and not is_request:
            self._cancel(message)
        elif is_request and (handler := self.routes.requests.get(method)) is not None:
            self._request(message["id"], method, handler, message.get("params"))
        elif not is_request and (notify := self.routes.notifications.get(method)) is not None:
            self._notification(method, notify, message.get("params"))
        else:
            self._to_backend(message)

    def _request(
        self, msg_id: MsgId, method: str, handler: Callable[[Any], Any], params: Any
    ) -> None:
        try:
            result = handler(params)
        except Exception as error:
            self._failed(msg_id, method, error)
            return
        if not inspect.isawaitable(result):
            self._answer(msg_id, method, result)
            return
        task = asyncio.ensure_future(result)
        self._running[msg_id] = task
        task.add_done_callback(functools.partial(self._finish, msg_id, method))

    def _finish(self, msg_id: MsgId, method: str, task: asyncio.Future[Any]) -> None:
        if self._running.get(msg_id) is task:
            del self._running[msg_id]
        if task.cancelled():
            cancelled = RpcError(REQUEST_CANCELLED, f'Request with id "{msg_id}" is canceled')
            self.endpoint.respond_error(msg_id, cancelled)
        elif (error := task.exception()) is not None:
            self._failed(msg_id, method, error)
        else:
            self._answer(msg_id, method, task.result())
        self._check_connection()

    def _answer(self, msg_id: MsgId, method: str, result: Any) -> None:
        self.endpoint.respond(msg_id, result)
        if method == INITIALIZE:
            self.initialized = True
        elif method == SHUTDOWN:
            self.shut_down = True
            self.endpoint.cancel_requests()
            for task in list(self._running.values()):
                task.cancel()

    def _failed(self, msg_id: MsgId, method: str, error: BaseException) -> None:
        if isinstance(error, InvalidParams):
            log.warning("invalid %r request %r: answered with an error (%s)", method, msg_id, error)
        elif isinstance(error, RpcError):
            log.warning("%r request %r: %s", method, msg_id, error.message)
        else:
            log.error("internal error in %r request %r", method, msg_id, exc_info=error)
            error = _internal_error(error)
        assert isinstance(error, RpcError)
        self.endpoint.respond_error(msg_id, error)

    def _notification(self, method: str, handler: Callable[[Any], None], params: Any) -> None:
        try:
            handler(params)
        except InvalidParams as error:
            log.warning("invalid %r notification: dropped (%s)", method, error)
        except Exception:
            log.exception("internal error in %r notification", method)

    def _cancel(self, message: dict[str, Any]) -> None:
        params = message.get("params")
        msg_id = params.get("id") if isinstance(params, dict) else None
        if not is_id(msg_id):  # no request has such an id: nothing to cancel
            log.debug("ignoring %s for id %s", CANCEL_REQUEST, brief(msg_id))
            return
        task = self._running.get(msg_id)
        if task is not None:
            task.cancel()
        elif self._backend is not None or self._loading:
            self._to_backend(message)  # a request pygls runs, or one answered already

    def _check_connection(self) -> None:
        if self.endpoint.closed and not self.finished.done():
            self.finished.set_result(None)

    # -- the back end ------------------------------------------------------------------------

    def _to_backend(self, message: dict[str, Any]) -> None:
        if self._backend is not None:
            self._backend.handle(message)
            return
        self._waiting.append(message)
        self._load()

    def _active(self) -> None:
        """A message came: the quiet the back end waits for starts again."""
        self._quiet = 0.0
        if (
            self._ticking is None
            and self._backend is None
            and not self._loading
            and self.initialized
        ):
            self._watch()

    def _watch(self) -> None:
        self._ticking = asyncio.get_running_loop().call_later(TICK, self._tick)

    def _tick(self) -> None:
        assert self._ticking is not None
        # A tick that comes late means the loop was busy (a long lint) until just now.
        late = asyncio.get_running_loop().time() - self._ticking.when()
        self._ticking = None
        if late > TICK or self._running or self.routes.busy():
            self._quiet = 0.0
        else:
            self._quiet += TICK
        if self._quiet >= IDLE:
            self._load()
        else:
            self._watch()

    def _load(self) -> None:
        if self._backend is not None or self._loading:
            return
        self._loading = True
        log.debug("loading the back end (pygls)")
        if self._ticking is not None:
            self._ticking.cancel()
            self._ticking = None
        loop = asyncio.get_running_loop()

        def work() -> None:
            try:
                backend: Backend = self.routes.load_backend()
            except Exception as error:
                log.exception("loading the back end (pygls) failed")
                backend = _Unavailable(self.endpoint, error)
            with contextlib.suppress(RuntimeError):  # the loop is closed: the server is done
                loop.call_soon_threadsafe(self._loaded, backend)

        threading.Thread(target=work, name="dfls-backend", daemon=True).start()

    def _loaded(self, backend: Backend) -> None:
        log.debug("the back end is ready; %d messages waited for it", len(self._waiting))
        self._backend = backend
        self._loading = False
        waiting, self._waiting = self._waiting, []
        for message in waiting:
            if self.finished.done():
                break
            self._guarded(self._handle, message)


class _Unavailable:
    """The back end that could not be loaded: requests for it get an internal error."""

    def __init__(self, endpoint: Endpoint, error: BaseException) -> None:
        self.endpoint = endpoint
        self.error = _internal_error(error)

    def handle(self, message: dict[str, Any]) -> None:
        if "id" in message:
            self.endpoint.respond_error(message["id"], self.error)


def _internal_error(error: BaseException) -> RpcError:
    """As pygls words one: the exception in a line, and its traceback as data."""
    text = "".join(traceback.format_exception_only(type(error), error)).strip()
    return RpcError(INTERNAL_ERROR, text, {"traceback": traceback.format_tb(error.__traceback__)})


def is_id(value: Any) -> TypeGuard[MsgId]:
    """Whether ``value`` can be a request's id: an integer or a string (LSP's ``integer |
    string``; JSON-RPC's null is for answers to what could not be read, a boolean is not a
    number)."""
    return isinstance(value, int | str) and not isinstance(value, bool)


def nested_deeper(value: Any, limit: int) -> bool:
    """Whether objects and arrays nest more than ``limit`` levels deep in ``value``
    (iteratively: it is what would make a recursive walk fail)."""
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


_BRIEF = reprlib.Repr()
_BRIEF.maxlevel = 3
_BRIEF.maxstring = _BRIEF.maxother = 80
_BRIEF.maxdict = _BRIEF.maxlist = 8


def brief(value: Any) -> str:
    """``value`` for a log line: a few levels and items of it, however deep and long it is
    (``%r`` would print all of a megabyte, and fail on a deeply nested value)."""
    return _BRIEF.repr(value)
