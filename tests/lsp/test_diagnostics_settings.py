"""The first lint of a document waits for the client's settings, but not forever."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace
from typing import Any

from dfls.lsp.handlers import diagnostics


def test_waits_for_pending_settings_then_goes_on() -> None:
    async def scenario() -> tuple[float, float]:
        loop = asyncio.get_running_loop()
        never: asyncio.Future[None] = loop.create_future()  # a client that never answers
        answered: asyncio.Future[None] = loop.create_future()
        ls: Any = SimpleNamespace(settings_pending={"a": never, "b": answered})
        start = time.monotonic()
        await diagnostics.settings_ready(ls, "a", timeout=0.05)
        waited = time.monotonic() - start
        assert "a" not in ls.settings_pending  # waited once: the next lint goes right on
        loop.call_later(0.01, answered.set_result, None)
        start = time.monotonic()
        await diagnostics.settings_ready(ls, "b", timeout=10)
        await diagnostics.settings_ready(ls, "unknown", timeout=10)  # nothing pending
        return waited, time.monotonic() - start

    waited, answered_after = asyncio.run(scenario())
    assert 0.04 <= waited < 1
    assert answered_after < 1
