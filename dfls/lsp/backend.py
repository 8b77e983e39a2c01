"""The back end: the methods whose params and results are LSP types (hover, code actions),
and whatever else a client sends, through pygls.

Importing lsprotocol and pygls takes about 0.3 s of CPU, more than everything else the
server does before its first diagnostics, so this module is imported on a worker thread
once the server is idle after start-up, or when a message first needs it
(:mod:`dfls.lsp.router`). pygls reads such a message into lsprotocol types, runs the
handler and writes the answer to the same transport as the rest of the server.

What pygls does not do well is done here: a message whose params do not match the LSP
types gets InvalidParams (-32602) and one warning line, not pygls' traceback at ERROR
and no answer; such a notification is dropped with a warning.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from cattrs import ClassValidationError, Converter, transform_error
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import default_converter

from dfls import __version__
from dfls.lsp import compat
from dfls.lsp.jsonrpc import RpcError
from dfls.lsp.server import Server

log = logging.getLogger(__name__)


class _LanguageServer(LanguageServer):
    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls would pop up "Error in server" for every internal error; the log is the
        # place for those. Problems users can act on are shown deliberately (show_once).
        log.error("internal error (%s): %s", getattr(source, "__name__", source), error)


class Backend:
    """pygls, serving the methods registered with :meth:`feature` for ``core``."""

    def __init__(self, core: Server) -> None:
        compat.quiet_invalid_params_tracebacks()
        self.core = core
        self.converter: Converter = default_converter()  # type: ignore[no-untyped-call]
        self.server = _LanguageServer("dfls", __version__, converter_factory=self._converter)
        self.server.protocol.set_writer(core.endpoint.transport)

    def _converter(self) -> Converter:
        return self.converter

    def feature(self, method: str, handler: Callable[[Server, Any], Any]) -> None:
        """Serve ``method`` with ``handler(core, params)`` (params as lsprotocol types)."""
        self.server.feature(method)(_bind(handler, self.core))

    def handle(self, message: dict[str, Any]) -> None:
        """Read and run one message (a JSON-RPC 2.0 object the router passed on)."""
        protocol = self.server.protocol
        try:
            structured = protocol.structure_message(message)
        except JsonRpcException as error:
            self._reject(message, error)
            return
        protocol.handle_message(structured)
        compat.forget_settled_futures(protocol)

    def _reject(self, message: dict[str, Any], error: JsonRpcException) -> None:
        """Answer a message pygls could not read (or drop it, if it is a notification)."""
        method, msg_id = message.get("method"), message.get("id")
        if "id" not in message:
            log.warning("invalid %r notification: dropped (%s)", method, _why_invalid(error))
            return
        log.warning(
            "invalid %r request %r: answered with an error (%s)",
            method,
            msg_id,
            _why_invalid(error),
        )
        self.core.endpoint.respond_error(msg_id, RpcError(error.code, error.message, error.data))


def _bind(handler: Callable[[Server, Any], Any], core: Server) -> Callable[[Any], Any]:
    """``handler`` with ``core`` as its first argument, as pygls calls a feature: with the
    params alone (a first parameter named ``ls`` would get pygls' server instead)."""
    if inspect.iscoroutinefunction(handler):

        async def bound_async(params: Any) -> Any:
            return await handler(core, params)

        return bound_async

    def bound(params: Any) -> Any:
        return handler(core, params)

    return bound


def _why_invalid(error: JsonRpcException) -> str:
    """What is wrong with a message's params, in one line (cattrs' own words)."""
    cause = compat.invalid_params_cause(error)
    if isinstance(cause, ClassValidationError):
        return "; ".join(transform_error(cause))[:500]
    return error.message
