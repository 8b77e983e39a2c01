"""Layout benchmark: folding, semantic tokens, document links and selection ranges, dfls
next to dockerfile-language-server-nodejs 0.15.0 in one run.

    .venv/bin/python bench/lsp_layout.py                 # 500- and 5,000-line files
    .venv/bin/python bench/lsp_layout.py --lines 5000 --sessions 1 --json out.json

Method: per file and server, fresh sessions of initialize -> didOpen -> first
publishDiagnostics and one untimed hover (the same synthetic files and stdlib client as
``bench/lsp.py``, with a client that also declares folding (lineFoldingOnly), selection ranges, document links
and semantic tokens (full, delta, range)). Then, each request repeated and timed from
sending it to its answer's last byte: folding ranges, document links, selection ranges
(three positions per request: a FROM image, a RUN word, a ``$VAR``), semantic tokens full
(the first of the session, "cold", on its own row), and a range of 100 lines. Then 20
one-character keystrokes (typed in a RUN continuation line in the middle of the file):
after each, once its diagnostics arrived, one ``semanticTokens/full/delta`` against the
previous result (dfls answers with an edit; the anchor, which has no delta, with full
tokens), and on alternate keystrokes a ``semanticTokens/full`` instead. Medians over all
sessions; "-" where the anchor does not have the feature.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp import (
    CAPABILITIES,
    WORK,
    Server,
    _edit_line,
    _is_diagnostics,
    anchor_command,
    synthetic,
)

REPEAT = 10
KEYSTROKES = 20

LAYOUT_CAPABILITIES: dict[str, Any] = json.loads(json.dumps(CAPABILITIES))
LAYOUT_CAPABILITIES["textDocument"].update(
    {
        "foldingRange": {"lineFoldingOnly": True},
        "selectionRange": {},
        "documentLink": {"tooltipSupport": True},
        "semanticTokens": {
            "requests": {"full": {"delta": True}, "range": True},
            "tokenTypes": ["keyword", "parameter", "string", "variable", "comment", "macro"],
            "tokenModifiers": ["declaration", "deprecated"],
            "formats": ["relative"],
            "overlappingTokenSupport": False,
            "multilineTokenSupport": False,
        },
    }
)

ROWS = [
    ("folding", "folding ranges, median (ms)"),
    ("links", "document links, median (ms)"),
    ("selection", "selection ranges (3 positions), median (ms)"),
    ("tokens_cold", "semantic tokens full, the session's first (ms)"),
    ("tokens_full", "semantic tokens full, median (ms)"),
    ("tokens_range", "semantic tokens range (100 lines), median (ms)"),
    ("tokens_full_edit", "semantic tokens full after a keystroke, median (ms)"),
    ("tokens_delta_edit", "semantic tokens full/delta after a keystroke, median (ms)"),
    ("token_count", "semantic tokens (count)"),
]
TARGET_RATIO = {"folding", "links", "selection", "tokens_full", "tokens_full_edit"}
TARGET_MS = {"tokens_full_edit": 5.0, "tokens_delta_edit": 5.0}


def _positions(text: str) -> list[dict[str, int]]:
    lines = text.split("\n")
    middle = len(lines) // 2
    image = next(i for i in range(middle, len(lines)) if lines[i].startswith("FROM "))
    run = next(i for i in range(middle, len(lines)) if lines[i].startswith("RUN apt-get"))
    variable = next(i for i in range(middle, len(lines)) if "$VERSION_" in lines[i])
    return [
        {"line": image, "character": 7},
        {"line": run, "character": 6},
        {"line": variable, "character": lines[variable].index("$VERSION_") + 3},
    ]


SLOW = 3000.0
"""Milliseconds after which a measurement is repeated only three times (the anchor's
semantic tokens take seconds at 5,000 lines)."""


def _timed(server: Server, method: str, params: Any, count: int = REPEAT) -> list[float]:
    found: list[float] = []
    for _ in range(count):
        elapsed, _ = server.request(method, params)
        found.append(elapsed)
        if sum(found) > SLOW and len(found) >= 3:
            break
    return found


def session(command: list[str], text: str, root: Path) -> dict[str, Any]:
    server = Server(command)
    uri = (root / "Dockerfile").as_uri()
    _, answer = server.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": LAYOUT_CAPABILITIES,
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
        },
    )
    caps = answer["capabilities"]
    server.notify("initialized", {})
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
    )
    server.wait(_is_diagnostics(uri))
    doc = {"textDocument": {"uri": uri}}
    # Untimed: dfls loads pygls for its first hover (on a thread, once idle after start-up);
    # measure after that, as an editor's session is after its first seconds.
    server.request("textDocument/hover", {**doc, "position": {"line": 0, "character": 0}})
    result: dict[str, Any] = {}
    if caps.get("foldingRangeProvider"):
        result["folding"] = _timed(server, "textDocument/foldingRange", doc)
    if caps.get("documentLinkProvider"):
        result["links"] = _timed(server, "textDocument/documentLink", doc)
    if caps.get("selectionRangeProvider"):
        params = {**doc, "positions": _positions(text)}
        result["selection"] = _timed(server, "textDocument/selectionRange", params)
    tokens = caps.get("semanticTokensProvider")
    if tokens:
        _tokens(server, uri, text, tokens, result)
    server.close()
    return result


def _tokens(
    server: Server, uri: str, text: str, provider: dict[str, Any], result: dict[str, Any]
) -> None:
    doc = {"textDocument": {"uri": uri}}
    cold, answer = server.request("textDocument/semanticTokens/full", doc)
    result["tokens_cold"] = [cold]
    result["token_count"] = [len(answer["data"]) / 5]
    result["tokens_full"] = _timed(server, "textDocument/semanticTokens/full", doc)
    if provider.get("range"):
        middle = len(text.split("\n")) // 2
        span = {
            "start": {"line": middle, "character": 0},
            "end": {"line": middle + 100, "character": 0},
        }
        result["tokens_range"] = _timed(
            server, "textDocument/semanticTokens/range", {**doc, "range": span}
        )
    delta = isinstance(provider.get("full"), dict) and provider["full"].get("delta")
    _, answer = server.request("textDocument/semanticTokens/full", doc)
    previous = answer.get("resultId")
    line, column = _edit_line(text)
    full_edit: list[float] = []
    delta_edit: list[float] = []
    for version in range(2, KEYSTROKES + 2):
        position = {"line": line, "character": column + version - 2}
        server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": "a"}],
            },
        )
        server.wait(_is_diagnostics(uri))
        if version % 2 or not delta:
            elapsed, answer = server.request("textDocument/semanticTokens/full", doc)
            full_edit.append(elapsed)
        else:
            params = {**doc, "previousResultId": previous}
            elapsed, answer = server.request("textDocument/semanticTokens/full/delta", params)
            delta_edit.append(elapsed)
        previous = answer.get("resultId")
        if sum(full_edit) + sum(delta_edit) > SLOW and len(full_edit) >= 3:
            break
    result["tokens_full_edit"] = full_edit
    if delta_edit:
        result["tokens_delta_edit"] = delta_edit


def summarize(runs: list[dict[str, Any]]) -> dict[str, float]:
    keys = {key for run in runs for key in run}
    return {key: statistics.median([v for run in runs for v in run.get(key, [])]) for key in keys}


def table(results: dict[int, dict[str, dict[str, float]]]) -> str:
    out = [
        "| lines | metric | dfls | dockerfile-language-server 0.15.0 | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    for lines, by_server in results.items():
        ours = by_server["dfls"]
        theirs = by_server.get("anchor", {})
        for key, label in ROWS:
            mine = ours.get(key)
            other = theirs.get(key)
            if mine is None:
                continue
            shown = f"{other:.1f}" if other is not None else "-"
            ratio = mine / other if other else None
            verdict = []
            if key in TARGET_RATIO and ratio is not None:
                verdict.append("<= 0.2x " + ("met" if ratio <= 0.2 else "MISSED"))
            if key in TARGET_MS:
                if lines >= 5000:
                    limit = TARGET_MS[key]
                    verdict.append(f"< {limit:g} ms " + ("met" if mine < limit else "MISSED"))
            elif key != "token_count" and key != "tokens_cold" and lines >= 5000:
                verdict.append("< 10 ms " + ("met" if mine < 10 else "MISSED"))
            ratio_text = f"{ratio:.2f}x" if ratio is not None else "-"
            out.append(
                f"| {lines} | {label} | {mine:.1f} | {shown} | {ratio_text} | {'; '.join(verdict)} |"
            )
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
    load = os.getloadavg()[0]
    root = WORK / "ws-layout"
    root.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, dict[str, float]]] = {}
    raw: dict[str, Any] = {"load_start": load}
    for number, lines in enumerate(args.lines or [500, 5000]):
        make = partial(synthetic, lines)
        text = make()
        (root / "Dockerfile").write_text(text)
        if not number:
            for _, command in servers:  # untimed: bytecode caches, the OS's file cache
                session(command, text, root)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in servers}
        for _ in range(args.sessions):
            for name, command in servers:
                runs[name].append(session(command, text, root))
        results[lines] = {name: summarize(found) for name, found in runs.items()}
        for name in runs:
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
