"""``dfls check`` with ShellCheck on, next to hadolint (which runs ShellCheck too), over the corpus.

Run: ``.venv/bin/python bench/cli_shellcheck.py [--runs N]``. The method of bench/cli.py
(whose helpers it imports): every corpus file on one command line, JSON output, one
untimed warm-up run each, then ``--runs`` timed runs alternating between the commands;
median wall and CPU time (user + system of every process of the run, ShellCheck's
included). Rows: dfls with its default rules and ShellCheck (the default), dfls without
ShellCheck (``--ignore SC``), dfls with ShellCheck in one process (``--jobs 1``), and
hadolint. Target (issue 15): dfls with ShellCheck at most 0.5x hadolint's wall time.
Each dfls process starts with an empty ShellCheck cache, as in CI.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli import DEFAULT_CORPUS, corpus_files, count, timed, tool  # bench/ is not a package

TARGET = 0.5
HADOLINT = "hadolint 2.15.1"
OURS = "dfls check (rules + ShellCheck)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    files = corpus_files(corpus)
    dfls, hadolint = tool("dfls"), tool("hadolint")
    if dfls is None:
        print("dfls is not installed in this environment", file=sys.stderr)
        return 2
    common = [dfls, "check", "--format", "json", "--fail-level", "none", "--no-color"]
    commands: dict[str, list[str]] = {
        OURS: [*common, *files],
        "dfls check --ignore SC": [*common, "--ignore", "SC", *files],
        "dfls check --jobs 1 (+ ShellCheck)": [*common, "--jobs", "1", *files],
    }
    if hadolint is not None:
        commands[HADOLINT] = [hadolint, "--no-fail", "--no-color", "-f", "json", *files]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"corpus: {len(files)} files; {cores} cores; {args.runs} runs each")
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    findings: dict[str, int] = {}
    for name, command in commands.items():  # warm-up
        findings[name] = count(timed(command, corpus)[2])
    for _ in range(args.runs):
        for name, command in commands.items():
            wall, cpu, _ = timed(command, corpus)
            walls[name].append(wall)
            cpus[name].append(cpu)
    wall_of = {name: statistics.median(values) for name, values in walls.items()}
    cpu_of = {name: statistics.median(values) for name, values in cpus.items()}
    anchor, cpu_anchor = wall_of.get(HADOLINT), cpu_of.get(HADOLINT)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}\n")
    print(f"{'command':<36} {'wall':>8} {'x':>6} {'cpu':>8} {'x':>6} {'findings':>9}")
    for name in commands:
        ratio = f"{wall_of[name] / anchor:.3f}" if anchor else "-"
        cpu_ratio = f"{cpu_of[name] / cpu_anchor:.3f}" if cpu_anchor else "-"
        print(
            f"{name:<36} {wall_of[name]:>7.3f}s {ratio:>6} {cpu_of[name]:>7.3f}s"
            f" {cpu_ratio:>6} {findings[name]:>9}"
        )
    if anchor:
        ours = wall_of[OURS]
        verdict = "met" if ours <= TARGET * anchor else "MISSED"
        print(
            f"\ntarget dfls with ShellCheck <= {TARGET}x hadolint: {ours / anchor:.3f}x -> {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
