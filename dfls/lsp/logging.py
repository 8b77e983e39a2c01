"""Logging for the server: stderr (and a file) only. stdout is the protocol."""

from __future__ import annotations

import logging
import sys

from dfls.lsp import compat

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _DropLateCancels(logging.Filter):
    """pygls warns when a client cancels a request that was already answered.

    That is normal (VS Code does it all the time) and, shown as an error line in the
    editor's output channel, only alarms users.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(compat.LATE_CANCEL)


def configure(level: str = "warning", log_file: str | None = None) -> None:
    """Send every record to stderr (and ``log_file``); never to stdout.

    pygls logs each message body at INFO; that is only useful (and only paid for) at
    ``debug``, so its loggers stay at WARNING otherwise.
    """
    numeric = getattr(logging, level.upper(), logging.WARNING)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    formatter = logging.Formatter(FORMAT)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setFormatter(formatter)
    root.addHandler(stderr)
    if log_file:
        try:
            file_handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as error:
            root.warning("cannot open log file %s: %s", log_file, error)
        else:
            file_handler.setFormatter(formatter)
            root.addHandler(file_handler)
    root.setLevel(numeric)
    pygls = logging.getLogger("pygls")
    pygls.setLevel(numeric if numeric <= logging.DEBUG else logging.WARNING)
    rpc = logging.getLogger(compat.RPC_LOGGER)
    if not any(isinstance(f, _DropLateCancels) for f in rpc.filters):
        rpc.addFilter(_DropLateCancels())
