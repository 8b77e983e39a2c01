from __future__ import annotations

import logging

import pytest

from dfls.lsp import logging as server_logging


def test_late_cancel_warnings_are_dropped_and_other_warnings_kept(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        server_logging.configure("warning")
        rpc = logging.getLogger("pygls.protocol.json_rpc")
        rpc.warning('Cancel notification for unknown message id "%s"', 7)
        rpc.warning("something else")
        err = capsys.readouterr()
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert "Cancel notification" not in err.err
    assert "something else" in err.err
    assert err.out == ""
