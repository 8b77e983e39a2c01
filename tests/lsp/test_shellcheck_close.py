"""A document closed while its ShellCheck run waits for the document to rest is not
checked (opening and closing many files must not start a ShellCheck for each)."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import pytest

from dfls.engine.shellcheck_live import LiveShellCheck
from dfls.lsp.handlers import diagnostics, documents
from dfls.lsp.jsonrpc import Endpoint
from dfls.lsp.server import Server
from dfls.lsp.stdio import Output

URI = "file:///w/Dockerfile"


@pytest.mark.parametrize("close", [True, False])
async def test_a_closed_document_is_not_checked(
    monkeypatch: pytest.MonkeyPatch, close: bool
) -> None:
    checked: list[Any] = []
    monkeypatch.setattr(
        LiveShellCheck, "update", lambda self, dockerfile, *rest: checked.append(dockerfile)
    )
    server = Server(Endpoint(Output(io.BytesIO())))
    doc = server.session.open(URI, 1, "FROM alpine\nRUN echo $x\n")
    diagnostics.start_shellcheck(server, doc)
    task = doc.shellcheck_task
    assert task is not None  # waiting for the document to rest
    if close:
        documents.did_close(server, {"textDocument": {"uri": URI}})
    await asyncio.wait_for(task, 5)
    assert checked == ([] if close else [doc.dockerfile])
