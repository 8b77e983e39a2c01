"""Every place dfls leans on how pygls works inside rather than on its API.

Checked against pygls 2.1.1 and lsprotocol 2025.0.0; pyproject.toml pins both to those
minor versions, so a new pygls minor release cannot change these under dfls silently
(``tests/lsp/test_compat.py`` checks each of them against the installed pygls).

Since the server reads and writes messages itself (:mod:`dfls.lsp.jsonrpc`) and pygls
only serves hover and code actions (:mod:`dfls.lsp.backend`), what is left here is how
pygls logs, which of its built-in handlers dfls keeps away from it, and the futures it
forgets to drop. Importing this
module imports neither pygls nor cattrs: the logging setup uses it at start-up.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

RPC_LOGGER = "pygls.protocol.json_rpc"
"""The logger of ``pygls.protocol.json_rpc.JsonRPCProtocol`` (its ``__name__``): dfls
filters two of its records (below), which it cannot turn off otherwise."""

LATE_CANCEL = "Cancel notification for unknown message id"
"""How ``JsonRPCProtocol._handle_cancel_notification`` begins the warning it logs for a
``$/cancelRequest`` whose request was already answered. That is normal (VS Code does it
all the time), so dfls drops it (:mod:`dfls.lsp.logging`)."""

STRUCTURE_FAILED = "Unable to deserialize message"
"""How ``JsonRPCProtocol.structure_message`` begins the ERROR record (with a traceback
formatted into the message, no ``exc_info``) it logs before raising
``JsonRpcInvalidParams`` for params that do not match the LSP types. dfls answers those
and logs one warning line instead (:mod:`dfls.lsp.backend`)."""


STATE_ONLY_BUILTINS = ("workspace/didChangeWorkspaceFolders", "$/setTrace")
"""Notifications ``LanguageServerProtocol`` handles itself (its ``lsp_*`` built-ins) only to
keep state for its own use: its workspace's folders and the trace level. dfls reads
neither, and pygls' workspace exists only after pygls' own ``initialize``, which dfls
answers itself; so dfls drops these before they reach pygls (:mod:`dfls.lsp.app`)."""


def forget_settled_futures(protocol: Any) -> None:
    """Drop the futures of handlers that have finished from pygls' bookkeeping.

    ``JsonRPCProtocol._execute_handler`` stores the future of every coroutine or generator
    handler in ``_request_futures`` under the message's id, and only a request's answer
    removes it. A notification gets a fresh id, so for each notification such a handler
    serves (pygls' generator built-ins: ``window/workDoneProgress/cancel``, the
    ``notebookDocument/*`` ones) a future stays for the rest of the session: memory that
    grows with every message. Done futures are never needed again (a late
    ``$/cancelRequest`` finds none either way; pygls logs :data:`LATE_CANCEL`), so the back
    end drops them after each message it hands to pygls.
    """
    futures: dict[Any, Any] = protocol._request_futures
    for key in [key for key, future in futures.items() if future.done()]:
        del futures[key]


class _NoInvalidParamsTraceback(logging.Filter):
    """Drops :data:`STRUCTURE_FAILED` records for params that do not match the LSP types;
    other failures to read a message keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith(STRUCTURE_FAILED):
            return True
        from cattrs import ClassValidationError

        # pygls logs inside its except block, where the exception is still current.
        return not isinstance(sys.exc_info()[1], ClassValidationError)


def quiet_invalid_params_tracebacks() -> None:
    rpc = logging.getLogger(RPC_LOGGER)
    if not any(isinstance(f, _NoInvalidParamsTraceback) for f in rpc.filters):
        rpc.addFilter(_NoInvalidParamsTraceback())


def invalid_params_cause(error: BaseException) -> BaseException | None:
    """The cattrs error behind pygls' ``JsonRpcInvalidParams``: ``structure_message``
    raises it ``from`` the ``ClassValidationError``, whose words say what is wrong."""
    return error.__cause__
