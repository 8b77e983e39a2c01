"""Language-server benchmark: dfls next to dockerfile-language-server-nodejs, in one run.

    .venv/bin/python bench/lsp.py                    # 500- and 5,000-line files, 3 sessions each
    .venv/bin/python bench/lsp.py --lines 500 --sessions 5 --json out.json
    .venv/bin/python bench/lsp.py --baseline "/work/main/.venv/bin/dfls server"  # before/after
    .venv/bin/python bench/lsp.py --case runs10k --case installs2k   # files that stress scaling

The anchor is installed on first use with npm into bench/.work/ (gitignored):
``npm install dockerfile-language-server-nodejs@0.15.0``. Without node/npm only dfls runs.

Method (lspbench's, which measured the anchor's baseline): per file and
server, several fresh sessions of initialize -> initialized -> didOpen -> first
publishDiagnostics (timed from sending didOpen, and from spawning the process); then 2 untimed + 30 timed one-character incremental edits (an ``a``
typed before the `` \\`` of a RUN continuation line in the middle of the file), each timed
from sending didChange to the arrival of the diagnostics for it (their last byte read: the
client's own JSON decoding is not the server's time, and has a row of its own; this Python
client takes 60-250 ms, garbage collection included, to decode the 5.7 MB of 10,000
diagnostics, where an editor's native JSON parser takes a fraction of that); then hover at four positions
(a FROM keyword, a FROM image, a keyword mid-file, a ``$VAR``), 5 times each (the
session's first hover also on its own: dfls loads pygls for it); peak RSS is
VmHWM of the server process, read before shutdown. Medians and p95 over all sessions.
The client is the same stdlib client for both servers and speaks like VS Code (UTF-16,
push diagnostics, markdown hover, workspace/configuration answered with null).

Each server gets one untimed session first. Python servers run with their bytecode cached
(in bench/.work/pycache, even where PYTHONDONTWRITEBYTECODE is set), as an installed
package has it: otherwise every start-up would also compile dfls from source.
``--baseline`` runs a second dfls command (another checkout's ``dfls server``) in the same
run, in its own column, to compare a change with what it changes.

``--case`` runs files that test how the time grows with the work (issue 17), with their own
targets in milliseconds: ``runs10k``, 10,000 ``RUN x`` lines in one stage (didOpen ->
diagnostics <= 3 s, keystroke <= 150 ms: every line is a finding of DF212), and
``installs2k``, one RUN of 2,000 ``&& apt-get install`` continuation lines (keystroke <=
500 ms: the edited instruction is the whole RUN). The keystroke types at the end of the
middle ``RUN x`` line, or before the `` \\`` of the middle continuation line.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
ANCHOR = "dockerfile-language-server-nodejs"
ANCHOR_VERSION = "0.15.0"
ANCHOR_BASELINE = {500: 12.3, 5000: 95.6}  # ms, the research baseline (median)
TIMEOUT = 60.0


# -- synthetic Dockerfiles -------------------------------------------------------------------

PACKAGES = [
    *("ca-certificates", "curl", "git", "gnupg", "build-essential", "libssl-dev"),
    *("libffi-dev", "zlib1g-dev", "libpq-dev", "libxml2-dev", "libxslt1-dev", "libjpeg-dev"),
    *("libpng-dev", "pkg-config", "unzip", "wget", "openssh-client", "tzdata", "locales"),
    *("make", "gcc", "g++", "python3-dev", "libsqlite3-dev"),
]


def _stage(rng: random.Random, index: int) -> list[str]:
    kind = rng.choice(["go", "python", "node", "generic"])
    base = {
        "go": "golang:1.22-bookworm",
        "python": "python:3.12-slim",
        "node": "node:20-bookworm",
        "generic": "debian:12.5",
    }[kind]
    out = [f"FROM {base} AS stage{index}", f"ARG VERSION_{index}=1.{index}.0"]
    out.append(f"ENV APP_HOME=/srv/app{index} PATH=/srv/app{index}/bin:$PATH")
    if rng.random() < 0.1:
        out.append("MAINTAINER someone@example.com")
    out.append("workdir $APP_HOME" if rng.random() < 0.1 else "WORKDIR $APP_HOME")
    packages = rng.sample(PACKAGES, rng.randint(8, 20))
    out.append("RUN apt-get update && \\")
    out.append("    apt-get install -y --no-install-recommends \\")
    out.extend(f"        {p} \\" for p in packages[:-1])
    out.append(f"        {packages[-1]} && \\")
    out.append("    rm -rf /var/lib/apt/lists/*")
    if kind == "python":
        out.append("COPY requirements.txt .")
        out.append("RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt")
    elif kind == "node":
        out.append("COPY package.json package-lock.json ./")
        out.append("RUN --mount=type=cache,target=/root/.npm npm ci")
    elif kind == "go":
        out.append("COPY go.mod go.sum ./")
        out.append("RUN --mount=type=cache,target=/go/pkg/mod go mod download")
    if index:
        out.append(f"COPY --from=stage{index - 1} /srv/app{index - 1}/bin/ ./bin/")
    out.append(f'LABEL org.opencontainers.image.version="${{VERSION_{index}}}"')
    out.append("COPY . .")
    out.append(f"RUN echo building $VERSION_{index} && make build")
    out.append("HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1")
    out.append('ENTRYPOINT ["/srv/app/bin/server"]')
    out.append('CMD ["--port", "8080"]')
    out.append("")
    return out


def synthetic(lines: int, seed: int = 7) -> str:
    """A deterministic, realistic multi-stage Dockerfile of exactly ``lines`` lines."""
    rng = random.Random(seed + lines)
    out = ["# syntax=docker/dockerfile:1", "ARG BASE_TAG=3.12"]
    index = 0
    while len(out) < lines:
        out.extend(_stage(rng, index))
        index += 1
    out = out[:lines]
    while out[-1].endswith("\\"):  # never end inside a continuation
        out[-1] = out[-1].rstrip(" \\")
    return "\n".join(out) + "\n"


def runs(count: int) -> str:
    """One stage of ``count`` ``RUN x`` lines (each one a DF212 finding)."""
    return "FROM debian:12.5\n" + "RUN x\n" * count


def installs(count: int) -> str:
    """One RUN chaining ``count`` ``apt-get install``s on continuation lines."""
    chain = "".join(
        f"        && apt-get install -y --no-install-recommends pkg{i} \\\n" for i in range(count)
    )
    return (
        f"FROM debian:12.5\nRUN apt-get update \\\n{chain}        && rm -rf /var/lib/apt/lists/*\n"
    )


CASES: dict[str, Callable[[], str]] = {
    "runs10k": lambda: runs(10_000),
    "installs2k": lambda: installs(2_000),
}
CASE_TARGETS: dict[str, dict[str, float]] = {
    "runs10k": {"open_to_diagnostics": 3000.0, "change_median": 150.0},
    "installs2k": {"change_median": 500.0},
}
"""Targets in milliseconds (issue 17), for dfls itself rather than as a ratio."""


def _edit_line(text: str) -> tuple[int, int]:
    """A RUN continuation line near the middle, and the column of its `` \\``; without
    one, the end of the middle ``RUN`` line."""
    lines = text.split("\n")
    middle = len(lines) // 2
    for distance in range(len(lines)):
        for number in (middle + distance, middle - distance):
            if (
                0 <= number < len(lines)
                and lines[number].startswith("        ")
                and (lines[number].endswith(" \\"))
            ):
                return number, len(lines[number]) - 2
    for distance in range(len(lines)):
        if lines[middle - distance].startswith("RUN "):
            return middle - distance, len(lines[middle - distance])
    raise ValueError("no line to type in")


def _hover_positions(text: str) -> list[tuple[int, int]]:
    lines = text.split("\n")
    first_from = next(i for i, line in enumerate(lines) if line.startswith("FROM "))
    middle = len(lines) // 2
    after = (i for i in range(middle, len(lines)) if lines[i][:1].isupper())
    keyword = next(after, None) or max(i for i in range(middle) if lines[i][:1].isupper())
    positions = [(first_from, 1), (first_from, 7), (keyword, 1)]
    variable = next((i for i in range(middle, len(lines)) if "$VERSION_" in lines[i]), None)
    if variable is not None:
        positions.append((variable, lines[variable].index("$VERSION_") + 2))
    return positions


# -- a small stdlib LSP client ----------------------------------------------------------------


def _server_env() -> dict[str, str]:
    """The environment for a server: bytecode written and reused, in bench/.work/pycache."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    return env


class Server:
    def __init__(self, command: list[str]) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_server_env(),
        )
        self.responses: dict[int, queue.Queue[Any]] = {}
        self.notifications: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.decoding: list[float] = []  # ms the client spent decoding each publishDiagnostics
        self.next_id = 0
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        with self.lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = stream.read(length)
            now = time.perf_counter()  # arrived: decoding it is the client's work
            message = json.loads(body)
            if message.get("method") == "textDocument/publishDiagnostics":
                self.decoding.append((time.perf_counter() - now) * 1000)
            if "method" in message and "id" in message:
                self._answer(message)
            elif "method" in message:
                self.notifications.put((now, message))
            else:
                self.responses.setdefault(message["id"], queue.Queue()).put((now, message))

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [None for _ in message["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def request(self, method: str, params: Any) -> tuple[float, Any]:
        self.next_id += 1
        msg_id = self.next_id
        box = self.responses.setdefault(msg_id, queue.Queue())
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        received, message = box.get(timeout=TIMEOUT)
        del self.responses[msg_id]
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return (received - sent) * 1000, message.get("result")

    def notify(self, method: str, params: Any) -> float:
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "method": method, "params": params})
        return sent

    def wait(self, predicate: Callable[[dict[str, Any]], bool]) -> float:
        deadline = time.perf_counter() + TIMEOUT
        while True:
            received, message = self.notifications.get(timeout=deadline - time.perf_counter())
            if predicate(message):
                return received

    def peak_rss_mib(self) -> float:
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return float("nan")
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()


CAPABILITIES: dict[str, Any] = {
    "textDocument": {
        "synchronization": {"dynamicRegistration": False, "didSave": True},
        "publishDiagnostics": {"versionSupport": True, "codeDescriptionSupport": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "codeAction": {
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}}
        },
    },
    "workspace": {
        "configuration": True,
        "applyEdit": True,
        "workspaceEdit": {"documentChanges": True},
    },
    "general": {"positionEncodings": ["utf-16"]},
}


def _is_diagnostics(uri: str) -> Callable[[dict[str, Any]], bool]:
    def check(message: dict[str, Any]) -> bool:
        return bool(
            message["method"] == "textDocument/publishDiagnostics"
            and message["params"]["uri"] == uri
        )

    return check


def session(command: list[str], text: str, root: Path, changes: int = 30) -> dict[str, Any]:
    server = Server(command)
    uri = (root / "Dockerfile").as_uri()
    init_ms, _ = server.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": CAPABILITIES,
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
        },
    )
    spawn_to_init = (time.perf_counter() - server.started) * 1000
    server.notify("initialized", {})
    sent = server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
    )
    first = server.wait(_is_diagnostics(uri))
    open_ms = (first - sent) * 1000
    spawn_to_diagnostics = (first - server.started) * 1000
    line, column = _edit_line(text)
    timings = []
    decoded = len(server.decoding)
    for version in range(2, changes + 4):
        position = {"line": line, "character": column + version - 2}
        sent = server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": "a"}],
            },
        )
        received = server.wait(_is_diagnostics(uri))
        if version >= 4:
            timings.append((received - sent) * 1000)
    decoding = server.decoding[decoded + 2 :]  # the timed keystrokes' diagnostics
    hovers = []
    for hover_line, character in _hover_positions(text):
        for _ in range(5):
            elapsed, _ = server.request(
                "textDocument/hover",
                {
                    "textDocument": {"uri": uri},
                    "position": {"line": hover_line, "character": character},
                },
            )
            hovers.append(elapsed)
    rss = server.peak_rss_mib()
    server.close()
    return {
        "spawn_to_initialize": spawn_to_init,
        "spawn_to_diagnostics": spawn_to_diagnostics,
        "initialize": init_ms,
        "open_to_diagnostics": open_ms,
        "change_to_diagnostics": timings,
        "decoding": decoding,
        "hover": hovers,
        "peak_rss_mib": rss,
    }


def anchor_command() -> list[str] | None:
    main = WORK / "node_modules" / ANCHOR / "bin" / "docker-langserver"
    if not main.exists():
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            return None
        WORK.mkdir(exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"{ANCHOR}@{ANCHOR_VERSION}",
            ],
            cwd=WORK,
            check=True,
        )
    node = shutil.which("node")
    return [node, str(main), "--stdio"] if node else None


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summarize(runs: list[dict[str, Any]]) -> dict[str, float]:
    changes = [t for run in runs for t in run["change_to_diagnostics"]]
    decoding = [t for run in runs for t in run["decoding"]] or [float("nan")]
    hovers = [t for run in runs for t in run["hover"]]
    return {
        "spawn_to_initialize": _median([r["spawn_to_initialize"] for r in runs]),
        "spawn_to_diagnostics": _median([r["spawn_to_diagnostics"] for r in runs]),
        "open_to_diagnostics": _median([r["open_to_diagnostics"] for r in runs]),
        "change_median": _median(changes),
        "change_p95": _p95(changes),
        "decoding_median": _median(decoding),
        "hover_first": _median([r["hover"][0] for r in runs]),
        "hover_median": _median(hovers),
        "hover_p95": _p95(hovers),
        "peak_rss_mib": _median([r["peak_rss_mib"] for r in runs]),
    }


ROWS = [
    ("spawn_to_initialize", "start-up: spawn -> initialize response (ms)", None),
    ("spawn_to_diagnostics", "start-up: spawn -> first diagnostics (ms)", None),
    ("open_to_diagnostics", "didOpen -> diagnostics (ms)", None),
    ("change_median", "keystroke -> diagnostics, median (ms)", {500: 0.2, 5000: 0.1}),
    ("change_p95", "keystroke -> diagnostics, p95 (ms)", None),
    ("decoding_median", "(client) decoding a keystroke's diagnostics, median (ms)", None),
    ("hover_first", "hover, the session's first (ms)", None),
    ("hover_median", "hover, median (ms)", {500: 0.2, 5000: 0.2}),
    ("hover_p95", "hover, p95 (ms)", None),
    ("peak_rss_mib", "peak RSS (MiB)", {500: 1.0, 5000: 1.0}),
]


def _verdict(
    file: str, key: str, targets: dict[int, float] | None, mine: float, ratio: float
) -> str:
    """The target column: a ratio to the anchor for the synthetic files, milliseconds for a
    ``--case``."""
    if file in CASE_TARGETS:
        limit = CASE_TARGETS[file].get(key)
        if limit is None:
            return ""
        return f"<= {limit:g} ms " + ("met" if mine <= limit else "MISSED")
    target = targets.get(int(file)) if targets and file.isdigit() else None
    if target is None or ratio != ratio:  # no target, or no anchor (ratio is nan)
        return ""
    return f"<= {target:g}x " + ("met" if ratio <= target else "MISSED")


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    baseline = any("baseline" in by_server for by_server in results.values())
    head = "| lines | metric | dfls | " + ("dfls (baseline) | " if baseline else "")
    out = [
        head + "dockerfile-language-server 0.15.0 | ratio | target |",
        "|---|---|---|---|---|---|" + ("---|" if baseline else ""),
    ]
    for lines, by_server in results.items():
        ours = by_server["dfls"]
        before = by_server.get("baseline")
        theirs = by_server.get("anchor")
        for key, label, targets in ROWS:
            mine = ours[key]
            other = theirs[key] if theirs else float("nan")
            ratio = mine / other if theirs and other else float("nan")
            verdict = _verdict(lines, key, targets, mine, ratio)
            then = f"{before[key]:.1f} | " if before else ""
            out.append(
                f"| {lines} | {label} | {mine:.1f} | {then}{other:.1f} | {ratio:.2f}x | {verdict} |"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, action="append", help="file sizes (default 500, 5000)")
    parser.add_argument(
        "--case", action="append", choices=sorted(CASES), help="a scaling case (repeatable)"
    )
    parser.add_argument("--sessions", type=int, default=3, help="fresh server sessions per file")
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--no-anchor", action="store_true", help="only run dfls")
    parser.add_argument(
        "--baseline",
        metavar="COMMAND",
        help='another dfls to compare, e.g. "../main/.venv/bin/dfls server"',
    )
    parser.add_argument("--json", type=Path, help="write raw results here")
    args = parser.parse_args(argv)
    files = {
        str(n): partial(synthetic, n) for n in args.lines or ([] if args.case else [500, 5000])
    }
    files.update({case: CASES[case] for case in args.case or ()})
    servers = [("dfls", [sys.executable, "-m", "dfls", "server"])]
    if args.baseline:
        servers.append(("baseline", shlex.split(args.baseline)))
    theirs = None if args.no_anchor else anchor_command()
    if theirs is None and not args.no_anchor:
        print("(node/npm not found: running dfls only)", file=sys.stderr)
    if theirs:
        servers.append(("anchor", theirs))
    load = os.getloadavg()[0]
    results: dict[str, dict[str, dict[str, float]]] = {}
    raw: dict[str, Any] = {"load_start": load}
    root = WORK / "ws"
    root.mkdir(parents=True, exist_ok=True)
    for number, (lines, make) in enumerate(files.items()):
        text = make()
        (root / "Dockerfile").write_text(text)
        if not number:  # untimed: bytecode caches, the OS's file cache
            for _, command in servers:
                session(command, text, root, 0)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in servers}
        for _ in range(args.sessions):  # interleaved, so load changes hit every server
            for name, command in servers:
                runs[name].append(session(command, text, root, args.changes))
        results[lines] = {}
        for name, _ in servers:
            raw[f"{name}-{lines}"] = runs[name]
            results[lines][name] = summarize(runs[name])
            print(f"{name} {lines} lines: {results[lines][name]}", file=sys.stderr)
    raw["load_end"] = os.getloadavg()[0]
    print(table(results))
    print(f"\nload average {load:.2f} -> {raw['load_end']:.2f}; {args.sessions} sessions per cell")
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
