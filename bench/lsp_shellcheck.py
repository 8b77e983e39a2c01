"""ShellCheck in the language server: the rules' diagnostics must not wait for it.

    .venv/bin/python bench/lsp_shellcheck.py                # 500 and 5,000 lines, 3 sessions
    .venv/bin/python bench/lsp_shellcheck.py --lines 5000 --sessions 5 --no-anchor

Same client, files and keystroke as bench/lsp.py (``Server``, ``synthetic``, an ``a`` typed
before the `` \\`` of a RUN continuation line mid-file), for dfls with ShellCheck on (the
default) and off (``ignore = ["SC"]`` in the workspace's ``.dfls.toml``), and for the anchor
(dockerfile-language-server-nodejs, which has no ShellCheck) in one run:

- keystroke -> diagnostics: from didChange to the first publish for that version (the
  rules' diagnostics), right after didOpen (ShellCheck's first check of the whole file is
  running meanwhile) and once ShellCheck has settled.
- keystroke -> ShellCheck diagnostics: a change that adds `` $p123`` to that line (so
  ShellCheck has new findings, SC2086 and SC2154, for the edited RUN), from didChange to
  the first publish of that version holding them; the next change takes it out again.
  Target: under 150 ms on the 5,000-line file.

Medians and p95 over all sessions; each server gets one untimed session first.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp import (  # bench/ is not a package
    CAPABILITIES,
    WORK,
    Server,
    _edit_line,
    _median,
    _p95,
    anchor_command,
    synthetic,
)

TARGET_MS = 150.0


def _published(uri: str, version: int, line: int | None = None) -> Any:
    """A publishDiagnostics for ``uri`` at ``version`` (with a SC finding on ``line``)."""

    def check(message: dict[str, Any]) -> bool:
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message["params"]
        if params["uri"] != uri or params.get("version", version) != version:
            return False  # the anchor publishes without a version
        if line is None:
            return True
        return any(
            str(d.get("code", "")).startswith("SC") and d["range"]["start"]["line"] == line
            for d in params["diagnostics"]
        )

    return check


def _change(
    server: Server, uri: str, version: int, start: dict[str, int], end: dict[str, int], text: str
) -> float:
    return server.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": start, "end": end}, "text": text}],
        },
    )


def _typing(server: Server, uri: str, state: dict[str, int], changes: int) -> list[float]:
    """An ``a`` typed ``changes + 2`` times; the time to the rules' diagnostics of each."""
    timings = []
    for index in range(changes + 2):
        state["version"] += 1
        at = {"line": state["line"], "character": state["column"]}
        state["column"] += 1
        sent = _change(server, uri, state["version"], at, at, "a")
        received = server.wait(_published(uri, state["version"]))
        if index >= 2:
            timings.append((received - sent) * 1000)
    return timings


def _shellcheck_edits(server: Server, uri: str, state: dict[str, int], changes: int) -> list[float]:
    """`` $p123`` added (timed to the publish with ShellCheck's findings on that line) and
    taken out again, ``changes + 2`` times."""
    timings = []
    line = state["line"]
    for index in range(changes + 2):
        state["version"] += 1
        at = {"line": line, "character": state["column"]}
        after = {"line": line, "character": state["column"] + 6}
        name = f" $p{state['version'] % 1000:03d}"  # a new text each time: no cache hit
        sent = _change(server, uri, state["version"], at, at, name)
        received = server.wait(_published(uri, state["version"], line))
        if index >= 2:
            timings.append((received - sent) * 1000)
        state["version"] += 1
        _change(server, uri, state["version"], at, after, "")
        server.wait(_published(uri, state["version"]))
    return timings


def session(
    command: list[str], text: str, root: Path, changes: int, shellcheck: bool
) -> dict[str, Any]:
    """Typing right after didOpen; with ShellCheck, then its edits, then typing again (with
    ShellCheck settled: runs for one document are serial, so its first check is done)."""
    server = Server(command)
    uri = (root / "Dockerfile").as_uri()
    server.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": CAPABILITIES,
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
        },
    )
    server.notify("initialized", {})
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
    )
    server.wait(_published(uri, 1))
    line, column = _edit_line(text)
    state = {"version": 1, "line": line, "column": column}
    result: dict[str, list[float]] = {"typing": _typing(server, uri, state, changes)}
    result["shellcheck"] = _shellcheck_edits(server, uri, state, changes) if shellcheck else []
    result["settled"] = _typing(server, uri, state, changes) if shellcheck else []
    server.close()
    return result


def _row(lines: int, name: str, what: str, values: list[float], target: float | None = None) -> str:
    cell = f"{lines:>5} lines  {name:<24} {what:<46} {_median(values):7.1f} ms (p95 {_p95(values):6.1f})"
    if target is not None:
        cell += f"  target < {target:g} ms: {'met' if _median(values) < target else 'MISSED'}"
    return cell


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, action="append", help="file sizes (default 500, 5000)")
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--no-anchor", action="store_true")
    args = parser.parse_args(argv)
    dfls = [sys.executable, "-m", "dfls", "server"]
    servers: list[tuple[str, list[str], bool]] = [
        ("dfls, ShellCheck on", dfls, True),
        ("dfls, ShellCheck off", dfls, False),
    ]
    anchor = None if args.no_anchor else anchor_command()
    if anchor:
        servers.append(("anchor (no ShellCheck)", anchor, False))
    rows: list[str] = []
    for lines in args.lines or [500, 5000]:
        text = synthetic(lines)
        results: dict[str, dict[str, list[float]]] = {}
        for name, command, shellcheck in servers:
            root = WORK / ("ws-sc" if shellcheck else "ws-nosc")
            root.mkdir(parents=True, exist_ok=True)
            (root / ".dfls.toml").write_text("" if shellcheck else 'ignore = ["SC"]\n')
            (root / "Dockerfile").write_text(text)
            session(command, text, root, 0, shellcheck)  # untimed
            results[name] = {"typing": [], "shellcheck": [], "settled": []}
        for _ in range(args.sessions):
            for name, command, shellcheck in servers:
                root = WORK / ("ws-sc" if shellcheck else "ws-nosc")
                run = session(command, text, root, args.changes, shellcheck)
                for key in ("typing", "shellcheck", "settled"):
                    results[name][key].extend(run[key])
        for name, values in results.items():
            first = len(rows)
            rows.append(
                _row(lines, name, "keystroke -> diagnostics, right after didOpen", values["typing"])
            )
            if values["settled"]:
                rows.append(
                    _row(
                        lines,
                        name,
                        "keystroke -> diagnostics, ShellCheck settled",
                        values["settled"],
                    )
                )
            if values["shellcheck"]:
                rows.append(
                    _row(
                        lines,
                        name,
                        "keystroke -> ShellCheck diagnostics",
                        values["shellcheck"],
                        TARGET_MS,
                    )
                )
            print("\n".join(rows[first:]), file=sys.stderr)
    print("\n".join(rows))
    print(f"\nload average {os.getloadavg()[0]:.2f}; {args.sessions} sessions per cell")
    return 0


if __name__ == "__main__":
    sys.exit(main())
