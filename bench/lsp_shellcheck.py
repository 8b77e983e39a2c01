"""ShellCheck in the language server: the rules' diagnostics must not wait for it.

    .venv/bin/python bench/lsp_shellcheck.py                # 500 and 5,000 lines, 3 sessions
    .venv/bin/python bench/lsp_shellcheck.py --lines 5000 --sessions 5 --no-anchor

Same client, files and keystroke as bench/lsp.py (``Server``, ``synthetic``, an ``a`` typed
before the `` \\`` of a RUN continuation line mid-file), for dfls with ShellCheck on (the
default) and off (``ignore = ["SC"]`` in the workspace's ``.dfls.toml``), and for the anchor
(dockerfile-language-server-nodejs, which has no ShellCheck) in one run:

- keystroke -> diagnostics: from didChange to the first publish for that version (the
  rules' diagnostics). With ShellCheck on, the previous keystroke's ShellCheck run is
  still going or cancelled in the background: this row says what that costs.
- keystroke -> ShellCheck diagnostics: a change that adds ``$pkgs`` to that line (so
  ShellCheck has new findings, SC2086 and SC2154, for the edited RUN), from didChange to
  the first publish of that version holding them; the next change takes it out again.
  Target: under 150 ms on the 5,000-line file.

Medians and p95 over all sessions; each server gets one untimed session first.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
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
        if params["uri"] != uri or params.get("version") != version:
            return False
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


def session(
    command: list[str], text: str, root: Path, changes: int, shellcheck: bool
) -> dict[str, Any]:
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
    version = 1
    typing: list[float] = []
    for index in range(changes + 2):  # the rules' diagnostics after an `a` typed
        version += 1
        at = {"line": line, "character": column + index}
        sent = _change(server, uri, version, at, at, "a")
        received = server.wait(_published(uri, version))
        if index >= 2:
            typing.append((received - sent) * 1000)
    column += changes + 2
    found: list[float] = []
    if shellcheck:
        time.sleep(0.5)  # let the last keystroke's ShellCheck run finish
        for index in range(changes + 2):
            version += 1
            at = {"line": line, "character": column}
            after = {"line": line, "character": column + 6}
            sent = _change(server, uri, version, at, at, " $pkgs")
            received = server.wait(_published(uri, version, line))
            if index >= 2:
                found.append((received - sent) * 1000)
            version += 1
            _change(server, uri, version, at, after, "")
            server.wait(_published(uri, version))
    server.close()
    return {"typing": typing, "shellcheck": found}


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
            session(command, text, root, 0, False)  # untimed
            results[name] = {"typing": [], "shellcheck": []}
        for _ in range(args.sessions):
            for name, command, shellcheck in servers:
                root = WORK / ("ws-sc" if shellcheck else "ws-nosc")
                run = session(command, text, root, args.changes, shellcheck)
                for key in ("typing", "shellcheck"):
                    results[name][key].extend(run[key])
        for name, values in results.items():
            typing, found = values["typing"], values["shellcheck"]
            cell = (
                f"{lines:>5} lines  {name:<24} keystroke -> diagnostics {_median(typing):7.1f} ms"
            )
            cell += f" (p95 {_p95(typing):6.1f})"
            if found:
                verdict = "met" if _median(found) < TARGET_MS else "MISSED"
                cell += (
                    f"  keystroke -> ShellCheck diagnostics {_median(found):7.1f} ms"
                    f" (p95 {_p95(found):6.1f}; target < {TARGET_MS:g} ms: {verdict})"
                )
            rows.append(cell)
            print(cell, file=sys.stderr)
    print("\n".join(rows))
    print(f"\nload average {os.getloadavg()[0]:.2f}; {args.sessions} sessions per cell")
    return 0


if __name__ == "__main__":
    sys.exit(main())
