"""Answers while a long lint runs: hover latency during a keystroke's lint on a huge file,
dfls next to dockerfile-language-server-nodejs, in one run.

    .venv/bin/python bench/busy.py                     # 10,000 `RUN x` lines, 10 keystrokes
    .venv/bin/python bench/busy.py --baseline "env PYTHONPATH=/tmp/old .venv/bin/python -m dfls server"

The file is issue 17's: a FROM and ``--lines`` lines of ``RUN x`` (its lint took seconds
per keystroke). After opening it (timed to its diagnostics) and one untimed hover (dfls
loads pygls for it), each round types a character at the middle of the file, sends a hover
on a ``RUN`` keyword ``--delay`` seconds later (while that keystroke is being linted), and
times the hover's answer from its request and the keystroke's diagnostics from the
keystroke. The client is bench/lsp.py's (which also installs the anchor). Medians and p95.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lsp  # bench/lsp.py: the client and the anchor


def huge(lines: int) -> str:
    return "FROM debian:12\n" + "RUN x\n" * lines


def rounds(command: list[str], text: str, root: Path, count: int, delay: float) -> dict[str, Any]:
    server = lsp.Server(command)
    uri = (root / "Dockerfile").as_uri()
    try:
        server.request(
            "initialize",
            {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": lsp.CAPABILITIES},
        )
        server.notify("initialized", {})
        item = {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}
        sent = server.notify("textDocument/didOpen", {"textDocument": item})
        opened = (server.wait(lsp._is_diagnostics(uri)) - sent) * 1000
        hover = {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}
        server.request("textDocument/hover", hover)
        middle = text.count("\n") // 2
        hovers, keystrokes = [], []
        for version in range(2, count + 2):
            at = {"line": middle, "character": 5}
            change = {"range": {"start": at, "end": at}, "text": "y"}
            sent = server.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
            )
            time.sleep(delay)
            elapsed, _ = server.request("textDocument/hover", hover)
            hovers.append(elapsed)
            keystrokes.append((server.wait(lsp._is_diagnostics(uri)) - sent) * 1000)
    finally:
        server.close()
    return {"open": opened, "hover": hovers, "keystroke": keystrokes}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


ROWS: list[tuple[str, Callable[[dict[str, Any]], float]]] = [
    ("didOpen -> diagnostics (ms)", lambda r: r["open"]),
    ("keystroke -> diagnostics, median (ms)", lambda r: statistics.median(r["keystroke"])),
    ("hover during that lint, median (ms)", lambda r: statistics.median(r["hover"])),
    ("hover during that lint, p95 (ms)", lambda r: _p95(r["hover"])),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--delay", type=float, default=0.02, help="keystroke to hover (s)")
    parser.add_argument("--no-anchor", action="store_true")
    parser.add_argument("--baseline", metavar="COMMAND", help="another dfls to compare")
    args = parser.parse_args(argv)
    servers = [("dfls", [sys.executable, "-m", "dfls", "server"])]
    if args.baseline:
        servers.append(("dfls (baseline)", shlex.split(args.baseline)))
    anchor = None if args.no_anchor else lsp.anchor_command()
    if anchor:
        servers.append((f"{lsp.ANCHOR} {lsp.ANCHOR_VERSION}", anchor))
    root = lsp.WORK / "busy"
    root.mkdir(parents=True, exist_ok=True)
    text = huge(args.lines)
    (root / "Dockerfile").write_text(text)
    results = {}
    for name, command in servers:
        results[name] = rounds(command, text, root, args.rounds, args.delay)
        print(f"{name}: {results[name]}", file=sys.stderr)
    print("| file | metric | " + " | ".join(results) + " |")
    print("|---|---|" + "---|" * len(results))
    for label, value in ROWS:
        cells = " | ".join(f"{value(r):.1f}" for r in results.values())
        print(f"| {args.lines:,} `RUN x` lines | {label} | {cells} |")
    print(f"\nload average {os.getloadavg()[0]:.2f}; {args.rounds} keystrokes each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
