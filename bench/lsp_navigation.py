"""Navigation benchmark: definition, references, highlight, symbols and rename, dfls next to
dockerfile-language-server-nodejs 0.15.0, in one run.

    .venv/bin/python bench/lsp_navigation.py                 # 500- and 5,000-line files
    .venv/bin/python bench/lsp_navigation.py --lines 5000 --repeat 50

Per file and server: one session (initialize, didOpen, first diagnostics, one untimed
hover: dfls loads pygls for it, on a thread, when idle after start-up), then each request
``--repeat`` times on the same version of the document (dfls answers from the symbol index
it keeps per version), and then ``--edits`` times a one-character edit, its diagnostics
awaited, and a definition (or document symbols) request (``after an edit``: the first
request of the new version, which builds its index or outline again; dfls only redoes the
stages the edit touched; the lint of the keystroke is bench/lsp.py's business). The
positions are in the middle of the file: a ``$VERSION_n`` use, and the ``--from=stageN`` of
a COPY. The time is from sending the request to reading its answer (document symbols at
5,000 lines are about half a megabyte of JSON: most of their time is the transfer). Medians
in milliseconds; the anchor answers ``MethodNotFound`` where it lacks the feature: ``n/a``.

The synthetic files, the client and the anchor's installation are those of
``bench/lsp.py`` (see its docstring).
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp import CAPABILITIES, WORK, Server, _is_diagnostics, _median, anchor_command, synthetic

NAVIGATION_CAPABILITIES: dict[str, Any] = copy.deepcopy(CAPABILITIES)
NAVIGATION_CAPABILITIES["textDocument"].update(
    {
        "definition": {"linkSupport": False},
        "references": {},
        "documentHighlight": {},
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
        "rename": {"prepareSupport": True},
    }
)

TARGET_RATIO = 0.2
TARGET_MS = {5000: 10.0}


def _positions(text: str) -> dict[str, tuple[int, int]]:
    lines = text.split("\n")
    middle = len(lines) // 2
    variable = next(i for i in range(middle, len(lines)) if "$VERSION_" in lines[i])
    stage = next(i for i in range(middle, len(lines)) if "--from=stage" in lines[i])
    return {
        "variable": (variable, lines[variable].index("$VERSION_") + 3),
        "stage": (stage, lines[stage].index("--from=stage") + 9),
    }


def _requests(uri: str, where: dict[str, tuple[int, int]]) -> list[tuple[str, str, Any]]:
    def at(kind: str) -> dict[str, Any]:
        line, character = where[kind]
        return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

    return [
        ("definition (variable)", "textDocument/definition", at("variable")),
        ("definition (stage)", "textDocument/definition", at("stage")),
        (
            "references (stage)",
            "textDocument/references",
            {**at("stage"), "context": {"includeDeclaration": True}},
        ),
        (
            "references (variable)",
            "textDocument/references",
            {**at("variable"), "context": {"includeDeclaration": True}},
        ),
        ("highlight (variable)", "textDocument/documentHighlight", at("variable")),
        ("document symbols", "textDocument/documentSymbol", {"textDocument": {"uri": uri}}),
        ("prepareRename (stage)", "textDocument/prepareRename", at("stage")),
        ("rename (stage)", "textDocument/rename", {**at("stage"), "newName": "renamed"}),
        ("rename (variable)", "textDocument/rename", {**at("variable"), "newName": "RENAMED"}),
    ]


def session(command: list[str], text: str, root: Path, repeat: int, edits: int) -> dict[str, Any]:
    server = Server(command)
    uri = (root / "Dockerfile").as_uri()
    server.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": NAVIGATION_CAPABILITIES,
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
        },
    )
    server.notify("initialized", {})
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
    )
    server.wait(_is_diagnostics(uri))
    where = _positions(text)
    # Untimed: a hover, which dfls serves through pygls, loaded on a worker thread once the
    # server is idle: the timed requests do not share the CPU with that start-up work.
    line, character = where["variable"]
    position = {"line": line, "character": character}
    server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
    results: dict[str, Any] = {}
    for label, method, params in _requests(uri, where):
        timings: list[float] = []
        answer: Any = None
        for _ in range(repeat):
            try:
                elapsed, answer = server.request(method, params)
            except RuntimeError:
                timings = []
                break
            timings.append(elapsed)
        results[label] = {"timings": timings, "count": _count(answer) if timings else None}
    line, character = where["variable"]
    definition = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
    results["definition after an edit"] = {
        "timings": _after_edits(server, uri, text, edits, 2, "textDocument/definition", definition)
    }
    results["document symbols after an edit"] = {
        "timings": _after_edits(
            server,
            uri,
            text,
            edits,
            2 + edits,
            "textDocument/documentSymbol",
            {"textDocument": {"uri": uri}},
        )
    }
    server.close()
    return results


def _count(answer: Any) -> int:
    if answer is None:
        return 0
    if isinstance(answer, list):
        return len(answer)
    if isinstance(answer, dict) and "documentChanges" in answer:
        return sum(len(c["edits"]) for c in answer["documentChanges"])
    if isinstance(answer, dict) and "changes" in answer:
        return sum(len(e) for e in answer["changes"].values())
    return 1


def _after_edits(
    server: Server, uri: str, text: str, edits: int, first: int, method: str, params: Any
) -> list[float]:
    """A character typed at the end of a RUN line; once its diagnostics are in (the lint of
    the keystroke is not the request's time), ``method``: the first request of the new
    version, which builds its symbol index (or outline). Versions from ``first`` on."""
    lines = text.split("\n")
    middle = len(lines) // 2
    line = next(i for i in range(middle, len(lines)) if lines[i].startswith("RUN echo building"))
    timings = []
    column = len(lines[line])
    for version in range(first, first + edits):
        position = {"line": line, "character": column + version - 2}
        server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": "x"}],
            },
        )
        server.wait(_is_diagnostics(uri))
        try:
            elapsed, _ = server.request(method, params)
        except RuntimeError:
            return []
        timings.append(elapsed)
    return timings


def table(results: dict[int, dict[str, dict[str, Any]]]) -> str:
    out = [
        "| lines | request | dfls (ms) | dockerfile-language-server 0.15.0 (ms) | ratio | results (dfls / theirs) | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for lines, by_server in results.items():
        ours, theirs = by_server["dfls"], by_server.get("anchor")
        for label, mine in ours.items():
            other = theirs.get(label) if theirs else None
            mine_ms = _median(mine["timings"]) if mine["timings"] else float("nan")
            other_ms = _median(other["timings"]) if other and other["timings"] else float("nan")
            ratio = mine_ms / other_ms if other_ms == other_ms and other_ms else float("nan")
            verdicts = []
            if ratio == ratio:
                verdicts.append(
                    f"<= {TARGET_RATIO}x " + ("met" if ratio <= TARGET_RATIO else "MISSED")
                )
            limit = TARGET_MS.get(lines)
            if limit is not None:
                verdicts.append(f"< {limit:g} ms " + ("met" if mine_ms < limit else "MISSED"))
            counts = f"{mine.get('count', '')} / {other.get('count', '') if other else ''}"
            theirs_text = f"{other_ms:.2f}" if other_ms == other_ms else "n/a"
            ratio_text = f"{ratio:.2f}x" if ratio == ratio else ""
            out.append(
                f"| {lines} | {label} | {mine_ms:.2f} | {theirs_text} | {ratio_text} | {counts} | {'; '.join(verdicts)} |"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, action="append", help="file sizes (default 500, 5000)")
    parser.add_argument("--repeat", type=int, default=30, help="requests of each kind")
    parser.add_argument("--edits", type=int, default=20, help="edit + definition rounds")
    parser.add_argument("--no-anchor", action="store_true", help="only run dfls")
    args = parser.parse_args(argv)
    servers = [("dfls", [sys.executable, "-m", "dfls", "server"])]
    theirs = None if args.no_anchor else anchor_command()
    if theirs:
        servers.append(("anchor", theirs))
    elif not args.no_anchor:
        print("(node/npm not found: running dfls only)", file=sys.stderr)
    root = WORK / "ws-navigation"
    root.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    results: dict[int, dict[str, dict[str, Any]]] = {}
    for lines in args.lines or [500, 5000]:
        text = synthetic(lines)
        (root / "Dockerfile").write_text(text)
        results[lines] = {}
        for name, command in servers:
            session(command, text, root, 2, 2)  # untimed: caches, bytecode
            results[lines][name] = session(command, text, root, args.repeat, args.edits)
    print(table(results))
    end = os.getloadavg()[0]
    print(f"\nload average {load:.2f} -> {end:.2f}; {args.repeat} requests of each kind")
    return 0


if __name__ == "__main__":
    sys.exit(main())
