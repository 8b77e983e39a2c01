"""What every handler shares: the client's features, the session, the lint tasks and the
thread long lints run on, and the way to the client.

No pygls here: the handlers that run before pygls is loaded (text sync, diagnostics,
settings) use this alone; the ones that need LSP types get the same object.
"""

from __future__ import annotations

import asyncio
import enum
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dfls.lsp.capabilities import ClientFeatures
from dfls.lsp.jsonrpc import Endpoint
from dfls.lsp.worker import Worker

if TYPE_CHECKING:
    from dfls.lsp.session import Session

PUBLISH_DIAGNOSTICS = "textDocument/publishDiagnostics"
SHOW_MESSAGE = "window/showMessage"


class MessageType(enum.IntEnum):
    """LSP's ``MessageType`` for ``window/showMessage``."""

    ERROR = 1
    WARNING = 2
    INFO = 3


class Server:
    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.features = ClientFeatures()
        """What the client can do: set once, by ``initialize``."""
        self.init_params: Mapping[str, Any] | None = None
        self._session: Session | None = None
        self.lint_tasks: dict[str, asyncio.Task[None]] = {}
        self.lints_running: dict[str, asyncio.Future[Any]] = {}
        """Documents being linted on :attr:`worker`, with the job's future."""
        self.worker = Worker()
        self.settings_pending: dict[str, asyncio.Future[None]] = {}
        """Documents whose ``workspace/configuration`` answer is awaited, with the request."""
        self.shown_messages: set[str] = set()

    @property
    def session(self) -> Session:
        """Documents, settings and results; built on first use, after ``initialize`` has
        been answered, so the rules' import time is not part of the answer's."""
        if self._session is None:
            from dfls.lsp.session import build_session

            self._session = build_session(self.features.position_encoding, self.init_params)
        return self._session

    def request(self, method: str, params: Any) -> asyncio.Future[Any]:
        """Ask the client; the future gets its result (an ``RpcError`` if it refused)."""
        return self.endpoint.request(method, params)

    def show_once(self, message: str, kind: MessageType = MessageType.WARNING) -> None:
        """``window/showMessage``, at most once per distinct text per session."""
        if message in self.shown_messages:
            return
        self.shown_messages.add(message)
        self.endpoint.notify(SHOW_MESSAGE, {"type": int(kind), "message": message})

    def publish(self, uri: str, version: int | None, diagnostics: list[dict[str, Any]]) -> None:
        params: dict[str, Any] = {"uri": uri, "diagnostics": diagnostics}
        if version is not None:
            params["version"] = version
        self.endpoint.notify(PUBLISH_DIAGNOSTICS, params)

    def publish_encoded(self, uri: str, version: int, diagnostics: str) -> None:
        """:meth:`publish` with the diagnostics array already encoded: each finding is
        encoded once and reused across keystrokes (encoding them all again on every change
        was a large part of a keystroke's latency)."""
        params = f'{{"uri": {json.dumps(uri)}, "version": {version}, "diagnostics": {diagnostics}}}'
        self.endpoint.notify_encoded(PUBLISH_DIAGNOSTICS, params)
