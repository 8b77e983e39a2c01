"""Long-session memory: the server's RSS over thousands of edits and open/close cycles, dfls
next to dockerfile-language-server-nodejs, in one run.

    .venv/bin/python bench/soak.py                       # 20,000 edits, 1,000 cycles, 5,000 mixed
    .venv/bin/python bench/soak.py --edits 2000 --cycles 200 --mixed 500 --no-anchor

One fresh server per scenario, driven by the client of bench/lsp.py (which also installs
the anchor with npm into bench/.work/), speaking like VS Code; every step is waited for
(its diagnostics or its answer), as an editor's user would:

- edits: a 200-line file (bench/lsp.py's synthetic one); a character typed and deleted
  again, in turn at 20 continuation lines, so the text keeps its size;
- open/close: a document opened (waiting for its diagnostics) and closed, three names in turn;
- mixed: an edit, a hover and a code action request on the edited line.

RSS is VmRSS of the server process, read after a warm-up (a tenth of the steps, at least
200, plus a hover and a code action: dfls loads pygls for those, which is start-up, not
growth), after a tenth of the steps and after all of them. Growth is from the warm-up to
the end. Nothing forces a garbage collection: this is what the user's machine sees.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lsp  # bench/lsp.py: the client, the anchor, the synthetic Dockerfile

Step = Callable[[int], None]


def rss_mib(server: lsp.Server) -> float:
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Session:
    """One server with a document open, and the steps the scenarios take."""

    def __init__(self, command: list[str], root: Path) -> None:
        self.server = lsp.Server(command)
        self.root = root
        self.uri = (root / "Dockerfile").as_uri()
        self.text = lsp.synthetic(200)
        self.version = 1
        self.server.request(
            "initialize",
            {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": lsp.CAPABILITIES},
        )
        self.server.notify("initialized", {})
        self.open(self.uri)
        lines = self.text.split("\n")
        continuations = [
            (number, len(line) - 2)
            for number, line in enumerate(lines)
            if line.startswith("        ") and line.endswith(" \\")
        ]
        self.positions = continuations[:: max(1, len(continuations) // 20)][:20]

    def open(self, uri: str) -> None:
        item = {"uri": uri, "languageId": "dockerfile", "version": 1, "text": self.text}
        self.server.notify("textDocument/didOpen", {"textDocument": item})
        self.server.wait(lsp._is_diagnostics(uri))

    def edit(self, step: int) -> None:
        line, column = self.positions[(step // 2) % len(self.positions)]
        start = {"line": line, "character": column}
        end = {"line": line, "character": column + step % 2}  # type "a", then delete it
        change = {"range": {"start": start, "end": end}, "text": "" if step % 2 else "a"}
        self.version += 1
        self.server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [change],
            },
        )
        self.server.wait(lsp._is_diagnostics(self.uri))

    def cycle(self, step: int) -> None:
        uri = (self.root / f"cycle{step % 3}.Dockerfile").as_uri()
        self.open(uri)
        # Not waited for: the next open's diagnostics come after whatever this sends.
        self.server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def ask(self, step: int) -> None:
        line, column = self.positions[(step // 2) % len(self.positions)]
        document = {"uri": self.uri}
        self.server.request(
            "textDocument/hover",
            {"textDocument": document, "position": {"line": line - 1, "character": 1}},
        )
        here = {"line": line, "character": column}
        self.server.request(
            "textDocument/codeAction",
            {
                "textDocument": document,
                "range": {"start": here, "end": here},
                "context": {"diagnostics": []},
            },
        )

    def mixed(self, step: int) -> None:
        self.edit(step)
        self.ask(step)


def soak(command: list[str], root: Path, scenario: str, steps: int) -> dict[str, float]:
    """RSS after warm-up, after a tenth of ``steps`` and after all of them."""
    session = Session(command, root)
    step: Step = {"edits": session.edit, "cycles": session.cycle, "mixed": session.mixed}[scenario]
    try:
        warm = max(200, steps // 10)
        for number in range(warm):
            step(number)
        session.ask(0)
        out = {"warm": rss_mib(session.server)}
        for number in range(warm, warm + steps):
            step(number)
            if number + 1 - warm in (steps // 10, steps):
                out[str(number + 1 - warm)] = rss_mib(session.server)
    finally:
        session.server.close()
    out["growth"] = out[str(steps)] - out["warm"]
    return out


def table(results: dict[str, dict[str, dict[str, float]]], counts: dict[str, int]) -> str:
    out = [
        "| scenario | server | RSS after warm-up (MiB) | after a tenth | after all "
        "| growth (MiB) | growth per 1,000 steps (KiB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for scenario, by_server in results.items():
        steps = counts[scenario]
        for name, rss in by_server.items():
            per_thousand = rss["growth"] * 1024 * 1000 / steps
            out.append(
                f"| {scenario}: {steps // 10:,} / {steps:,} | {name} | {rss['warm']:.1f} "
                f"| {rss[str(steps // 10)]:.1f} | {rss[str(steps)]:.1f} "
                f"| {rss['growth']:+.1f} | {per_thousand:+.0f} |"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=20_000)
    parser.add_argument("--cycles", type=int, default=1_000, help="open/close cycles")
    parser.add_argument("--mixed", type=int, default=5_000, help="edit + hover + code action")
    parser.add_argument("--no-anchor", action="store_true", help="only run dfls")
    parser.add_argument("--baseline", metavar="COMMAND", help="another dfls to compare")
    args = parser.parse_args(argv)
    servers = [("dfls", [sys.executable, "-m", "dfls", "server"])]
    if args.baseline:
        servers.append(("dfls (baseline)", shlex.split(args.baseline)))
    anchor = None if args.no_anchor else lsp.anchor_command()
    if anchor:
        servers.append((f"{lsp.ANCHOR} {lsp.ANCHOR_VERSION}", anchor))
    root = lsp.WORK / "soak"
    root.mkdir(parents=True, exist_ok=True)
    counts = {"edits": args.edits, "cycles": args.cycles, "mixed": args.mixed}
    results: dict[str, dict[str, Any]] = {}
    for scenario, steps in counts.items():
        if steps <= 0:
            continue
        results[scenario] = {}
        for name, command in servers:
            results[scenario][name] = soak(command, root, scenario, steps)
            print(f"{scenario} {name}: {results[scenario][name]}", file=sys.stderr)
    print(table(results, counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
