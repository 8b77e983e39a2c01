"""Completion and signature-help benchmark: dfls next to dockerfile-language-server-nodejs.

    .venv/bin/python bench/lsp_completion.py                 # 500 and 5,000 lines, 3 sessions
    .venv/bin/python bench/lsp_completion.py --lines 5000 --sessions 5 --json out.json

The file is bench/lsp.py's synthetic Dockerfile with five lines typed half-way into a
stage in the middle, each ending where a user asks for completion: ``COPY --from=`` (the
stages before it), ``RUN echo $`` (the variables in scope), ``RUN --mount=type=cache,``
(mount options), ``R`` (instructions) and ``FROM `` (base images and stages). Per server and
file, several fresh sessions of initialize -> didOpen -> first diagnostics; then one untimed
completion (the session's first: it loads the completion code), then each position 5 times: completion there, and
signature help on the COPY and RUN --mount lines. Each request is timed from sending it to
the arrival of its answer; medians and p95 over all sessions. The client speaks like VS Code
1.100 (UTF-16, snippets, markdown, a shared edit range in ``itemDefaults``). Targets (issue 12): completion and signature help medians at
most 0.2x the anchor's at 5,000 lines, and under 5 ms at any size.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from lsp import (  # bench/lsp.py: the client, the synthetic files and the anchor
    CAPABILITIES,
    WORK,
    Server,
    _is_diagnostics,
    _median,
    _p95,
    anchor_command,
    synthetic,
)

TYPED = ["COPY --from=", "RUN echo $", "RUN --mount=type=cache,", "R", "FROM "]
SIGNATURE_LINES = ("COPY --from=", "RUN --mount=type=cache,")
REPEATS = 5
LIMIT_MS = 5.0
RATIO = 0.2

_CAPS: dict[str, Any] = {
    **CAPABILITIES,
    "textDocument": {
        **CAPABILITIES["textDocument"],
        "completion": {
            "completionItem": {
                "snippetSupport": True,
                "documentationFormat": ["markdown", "plaintext"],
                "resolveSupport": {"properties": ["documentation", "detail"]},
            },
            "contextSupport": True,
            "completionList": {
                "itemDefaults": ["commitCharacters", "editRange", "insertTextFormat", "data"]
            },
        },
        "signatureHelp": {
            "signatureInformation": {
                "documentationFormat": ["markdown", "plaintext"],
                "parameterInformation": {"labelOffsetSupport": True},
                "activeParameterSupport": True,
            },
        },
    },
}


def typed_file(lines: int) -> tuple[str, list[tuple[int, int, str]]]:
    """The synthetic file with :data:`TYPED` inserted after a WORKDIR near the middle, and
    the position (line, character, what) at the end of each typed line."""
    text = synthetic(lines)
    rows = text.split("\n")
    middle = len(rows) // 2
    at = next(i for i in range(middle, len(rows)) if rows[i].upper().startswith("WORKDIR"))
    rows[at + 1 : at + 1] = TYPED[:-1]
    # FROM starts a new stage: type it at the end of this one, before the next FROM.
    after = next(i for i in range(at + len(TYPED), len(rows)) if rows[i].startswith("FROM "))
    rows.insert(after, TYPED[-1])
    positions = [(at + 1 + n, len(t), t) for n, t in enumerate(TYPED[:-1])]
    positions.append((after, len(TYPED[-1]), TYPED[-1]))
    return "\n".join(rows), positions


def session(
    command: list[str], text: str, positions: list[tuple[int, int, str]], root: Path
) -> dict[str, Any]:
    server = Server(command)
    uri = (root / "Dockerfile").as_uri()
    server.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": _CAPS},
    )
    server.notify("initialized", {})
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
    )
    server.wait(_is_diagnostics(uri))

    def at(line: int, character: int) -> dict[str, Any]:
        return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

    first, _ = server.request("textDocument/completion", at(*positions[0][:2]))
    completion: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    signature: list[float] = []
    for line, character, what in positions:
        for _ in range(REPEATS):
            elapsed, result = server.request("textDocument/completion", at(line, character))
            completion.setdefault(what, []).append(elapsed)
            items = result.get("items", []) if isinstance(result, dict) else result or []
            counts[what] = len(items)
            if what in SIGNATURE_LINES:
                elapsed, _ = server.request("textDocument/signatureHelp", at(line, character))
                signature.append(elapsed)
    server.close()
    return {"first": first, "completion": completion, "items": counts, "signature": signature}


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    every = [t for run in runs for times in run["completion"].values() for t in times]
    signature = [t for run in runs for t in run["signature"]]
    contexts = {
        what: _median([t for run in runs for t in run["completion"][what]]) for what in TYPED
    }
    return {
        "first": _median([run["first"] for run in runs]),
        "completion_median": _median(every),
        "completion_p95": _p95(every),
        "signature_median": _median(signature),
        "signature_p95": _p95(signature),
        "contexts": contexts,
        "items": runs[-1]["items"],
    }


def _verdict(key: str, lines: int, mine: float, ratio: float) -> str:
    if not key.endswith("median"):
        return ""
    verdicts = [f"< {LIMIT_MS:g} ms " + ("met" if mine < LIMIT_MS else "MISSED")]
    if lines >= 5000 and ratio == ratio:
        verdicts.append(f"<= {RATIO:g}x " + ("met" if ratio <= RATIO else "MISSED"))
    return ", ".join(verdicts)


ROWS = [
    ("first", "completion, the session's first (ms)"),
    ("completion_median", "completion, median (ms)"),
    ("completion_p95", "completion, p95 (ms)"),
    ("signature_median", "signature help, median (ms)"),
    ("signature_p95", "signature help, p95 (ms)"),
]


def table(results: dict[int, dict[str, dict[str, Any]]]) -> str:
    out = [
        "| lines | metric | dfls | dockerfile-language-server 0.15.0 | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    for lines, by_server in results.items():
        ours, theirs = by_server["dfls"], by_server.get("anchor")
        rows = [(key, label, ours[key], theirs[key] if theirs else None) for key, label in ROWS]
        for what in TYPED:
            other = theirs["contexts"][what] if theirs else None
            label = f"completion after `{what}`, median (ms; items: {ours['items'][what]}"
            label += f" vs {theirs['items'][what]})" if theirs else ")"
            rows.append(("context", label, ours["contexts"][what], other))
        for key, label, mine, other in rows:
            ratio = mine / other if other else float("nan")
            shown = f"{other:.2f}" if other is not None else "n/a"
            verdict = _verdict(key, lines, mine, ratio)
            out.append(f"| {lines} | {label} | {mine:.2f} | {shown} | {ratio:.2f}x | {verdict} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, action="append", help="file sizes (default 500, 5000)")
    parser.add_argument("--sessions", type=int, default=3, help="fresh server sessions per file")
    parser.add_argument("--no-anchor", action="store_true", help="only run dfls")
    parser.add_argument("--json", type=Path, help="write raw results here")
    args = parser.parse_args(argv)
    servers = [("dfls", [sys.executable, "-m", "dfls", "server"])]
    theirs = None if args.no_anchor else anchor_command()
    if theirs:
        servers.append(("anchor", theirs))
    elif not args.no_anchor:
        print("(node/npm not found: running dfls only)", file=sys.stderr)
    root = WORK / "ws-completion"
    root.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    results: dict[int, dict[str, dict[str, Any]]] = {}
    raw: dict[str, Any] = {"load_start": load}
    for number, lines in enumerate(args.lines or [500, 5000]):
        text, positions = typed_file(lines)
        (root / "Dockerfile").write_text(text)
        if not number:  # untimed: bytecode caches, the OS's file cache
            for _, command in servers:
                session(command, text, positions, root)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in servers}
        for _ in range(args.sessions):  # interleaved, so load changes hit every server
            for name, command in servers:
                runs[name].append(session(command, text, positions, root))
        results[lines] = {name: summarize(runs[name]) for name, _ in servers}
        for name, _ in servers:
            raw[f"{name}-{lines}"] = runs[name]
            print(f"{name} {lines} lines: {results[lines][name]}", file=sys.stderr)
    raw["load_end"] = os.getloadavg()[0]
    print(table(results))
    print(f"\nload average {load:.2f} -> {raw['load_end']:.2f}; {args.sessions} sessions per cell")
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
