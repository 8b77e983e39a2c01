"""initialize (what the client can do, what the server offers), initialized (dynamic
registration), shutdown."""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import TYPE_CHECKING, Any

from dfls.lsp import capabilities
from dfls.lsp.handlers import diagnostics, workspace
from dfls.lsp.params import obj

if TYPE_CHECKING:
    from dfls.lsp.server import Server

log = logging.getLogger(__name__)

REGISTER_CAPABILITY = "client/registerCapability"


def initialize(ls: Server, params: Any) -> dict[str, Any]:
    init = obj(params, "$")
    obj(init.get("capabilities"), "$.capabilities")  # the one part LSP requires
    ls.init_params = init
    ls.features = features = capabilities.client_features(init)
    # Build the session (importing the rules and the engine) once this answer is out,
    # while the client reads it: the first didOpen needs it.
    asyncio.get_running_loop().call_soon(_prepare, ls)
    log.info(
        "client %s: encoding %s, %s diagnostics, %s hover",
        features.client,
        features.position_encoding,
        "pull" if features.pull_diagnostics else "push",
        "markdown" if features.markdown_hover else "plain-text",
    )
    return capabilities.initialize_result(features, init)


def _prepare(ls: Server) -> None:
    ls.session  # noqa: B018 -- built now rather than on the first didOpen
    # Modules, tables and the rest of start-up live as long as the server: keep the
    # garbage collector from walking them again on every keystroke.
    gc.freeze()


def initialized(ls: Server, params: Any) -> None:
    registrations: list[dict[str, Any]] = []
    if ls.features.watch_files_dynamically:
        registrations.append(
            {
                "id": "dfls-watch-config",
                "method": workspace.DID_CHANGE_WATCHED_FILES,
                "registerOptions": {"watchers": workspace.watchers()},
            }
        )
    if ls.features.register_configuration:
        registrations.append(
            {
                "id": "dfls-configuration",
                "method": workspace.DID_CHANGE_CONFIGURATION,
                "registerOptions": {"section": "dfls"},
            }
        )
    if registrations:
        answer = ls.request(REGISTER_CAPABILITY, {"registrations": registrations})
        answer.add_done_callback(_log_refusal)
    diagnostics.report_problems(ls)


def _log_refusal(answer: asyncio.Future[Any]) -> None:
    if not answer.cancelled() and answer.exception() is not None:
        log.warning("the client refused dynamic registration: %s", answer.exception())


def shutdown(ls: Server, params: Any) -> None:
    for task in ls.lint_tasks.values():
        task.cancel()
    ls.lint_tasks.clear()
