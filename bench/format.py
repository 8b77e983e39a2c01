"""Formatter benchmark: ``dfls format`` next to dockerfmt and dockerfile-language-server-nodejs.

    .venv/bin/python bench/format.py                 # the corpus and a 5,000-line file
    .venv/bin/python bench/format.py --repeat 5 --examples 3

The anchors are installed on first use with npm into bench/.work/ (gitignored): dockerfmt
(``npm install @reteps/dockerfmt@0.5.4``: BuildKit's parser and mvdan/sh compiled to
WebAssembly, run by node) and dockerfile-language-server-nodejs 0.15.0 (bench/lsp.py's
``anchor_command``), whose formatter is served as ``textDocument/formatting``.

Time, medians of ``--repeat`` runs, wall (from spawning the process to its answer) and the
CPU the process used (user + system, its worker processes included: on a loaded machine the
wall time grows, the CPU time much less); dfls' bytecode is compiled first, as an install
has it:

- the corpus (tests/corpus, 209 files): ``dfls format --check FILES`` and ``dockerfmt
  --check FILES`` (one process each, on the files dockerfmt can read: it stops at the first
  it cannot parse); each language server in one session: initialize, then for every file
  didOpen, its first diagnostics (an editor formats a file it has had open a while) and
  ``textDocument/formatting``; the session's cost, and the formatting requests' own time;
- bench/lsp.py's synthetic 5,000-line file, the same way.

Output, per corpus file: dfls' result (``dfls.features.format.format_text``, what the CLI
and the server write), dockerfmt's (``dockerfmt -n FILE``) and the language server's (its
edits applied). An anchor's result is compared with the input by dfls' safety comparison
(``dfls.features.format.safety.file_signature``: instructions, flags, arguments modulo
blanks, heredoc bodies byte for byte, every comment): a difference there is a file that
builds differently or loses a comment. Then formatted again: a second change means it is
not idempotent.
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
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from lsp import CAPABILITIES, WORK, Server, anchor_command, synthetic  # bench/lsp.py

import dfls
from dfls.features.format import format_text, safety, shell
from dfls.model import Dockerfile
from dfls.model.nodes import InstructionNode

DOCKERFMT = "@reteps/dockerfmt"
DOCKERFMT_VERSION = "0.5.4"
DFLS = [sys.executable, "-m", "dfls"]
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def corpus_files() -> list[Path]:
    """The files tests/corpus/MANIFEST.tsv lists."""
    rows = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return sorted(CORPUS / row.split("\t", 1)[0] for row in rows if row.strip())


def dockerfmt_command() -> list[str] | None:
    launcher = WORK / "node_modules" / "@reteps" / "dockerfmt" / "dist" / "launcher.js"
    node, npm = shutil.which("node"), shutil.which("npm")
    if not launcher.exists():
        if npm is None or node is None:
            return None
        WORK.mkdir(exist_ok=True)
        package = f"{DOCKERFMT}@{DOCKERFMT_VERSION}"
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error", package],
            cwd=WORK,
            check=True,
        )
    return [node, str(launcher)] if node else None


class Cost(NamedTuple):
    wall: float
    """ms from spawning the process to its answer"""
    cpu: float
    """ms of CPU the process used (user + system): what the machine's load does not change"""


def _timed(argv: list[str]) -> tuple[Cost, subprocess.CompletedProcess[bytes]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return Cost(wall, cpu), done


# -- the language servers ---------------------------------------------------------------------


def _cpu_ms(pid: int) -> float:
    """User + system CPU of a running process (and its waited-for children), in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def _is_diagnostics(uri: str) -> Any:
    def check(message: dict[str, Any]) -> bool:
        params = message.get("params") or {}
        return bool(
            message["method"] == "textDocument/publishDiagnostics" and params.get("uri") == uri
        )

    return check


def lsp_format(
    command: list[str], paths: list[Path], again: bool = False
) -> tuple[Cost, list[float], list[Any]]:
    """One session: each file opened, its first diagnostics awaited (an editor formats a
    file it has had open for a while), then formatted (``again``: twice). The session's
    cost from spawn to the last answer, the ms of each formatting request, and each file's
    edits. The first formatting request is the session's first: it loads the formatter."""
    server = Server(command)
    root = paths[0].parent
    server.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": CAPABILITIES},
    )
    server.notify("initialized", {})
    requests: list[float] = []
    edits: list[Any] = []
    for path in paths:
        uri = path.as_uri()
        text = path.read_bytes().decode("utf-8", errors="replace")
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
        )
        server.wait(_is_diagnostics(uri))
        options = {"tabSize": 4, "insertSpaces": True}
        params = {"textDocument": {"uri": uri}, "options": options}
        elapsed, result = server.request("textDocument/formatting", params)
        requests.append(elapsed)
        edits.append(result or [])
        if again:  # the same request once more: what a warm server takes
            requests.append(server.request("textDocument/formatting", params)[0])
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    cost = Cost((time.perf_counter() - server.started) * 1000, _cpu_ms(server.process.pid))
    server.close()
    return cost, requests, edits


def _utf16_column(line: str, units: int) -> int:
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def apply_edits(text: str, edits: list[dict[str, Any]]) -> str:
    """LSP text edits (UTF-16 positions) applied to ``text``."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(position: dict[str, int]) -> int:
        row = min(position["line"], len(lines) - 1)
        if position["line"] >= len(lines):
            return len(text)
        return offsets[row] + _utf16_column(lines[row], position["character"])

    placed = sorted(
        ((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits),
        reverse=True,
    )
    for start, end, new in placed:
        text = text[:start] + new + text[end:]
    return text


# -- comparing outputs ------------------------------------------------------------------------


def _signature(text: str, key: safety.ShellKey | None) -> Any:
    return safety.file_signature(Dockerfile.parse(text.lstrip("\ufeff")), key)


def _meaning(node: InstructionNode, key: safety.ShellKey | None) -> Any:
    """What an instruction does, where two spellings mean the same: COPY/ADD sources by
    value (exec form or not), ENV/LABEL as key-value pairs (legacy ``K V`` or ``K=V``)."""
    keyword, flags = node.keyword, tuple((f.name, f.value) for f in node.flags)
    heredocs = tuple((h.delimiter, h.body) for h in node.heredocs)
    if keyword in ("COPY", "ADD"):
        values = node.exec_form if node.exec_form is not None else node.words
        return (keyword, flags, tuple(w.value for w in values), heredocs)
    if keyword in ("ENV", "LABEL") and node.words:
        if safety.raw_arguments(node):
            name = node.words[0].value
            pairs: tuple[Any, ...] = ((name, node.args[len(node.words[0].text) :].strip()),)
        else:
            pairs = tuple(tuple(w.value.partition("=")[::2]) for w in node.words)
        return (keyword, pairs)
    return safety.signature(node, key)


def _meanings(text: str, key: safety.ShellKey | None) -> Any:
    dockerfile = Dockerfile.parse(text.lstrip("\ufeff"))
    return [_meaning(i.node, key) for i in dockerfile.instructions]


def verdict(source: str, output: str | None, again: str | None, key: Any = None) -> str:
    """What an anchor did to one file, in a few words. ``key`` is shfmt's normal form
    (dockerfmt formats the shell with shfmt: a layout change there is not a new build)."""
    if output is None:
        return "error (no output)"
    if output == source:
        return "unchanged"
    before, after = _signature(source, key), _signature(output, key)
    if before != after:
        if before[:3] == after[:3]:
            return "comment lost or moved"
        if _meanings(source, key) != _meanings(output, key):
            return "builds differently"
        if again is not None and again != output:
            return "rewrites (same build), not idempotent"
        return "rewrites (same build)"
    if again is not None and again != output:
        return "not idempotent"
    return "same build"


def first_difference(old: str, new: str) -> str:
    a, b = old.splitlines(), new.splitlines()
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"line {index + 1}: {x!r} -> {y!r}"
    return f"{len(a)} lines -> {len(b)} lines"


def dockerfmt_outputs(command: list[str], paths: list[Path]) -> dict[Path, str | None]:
    outputs: dict[Path, str | None] = {}
    for path in paths:
        done = subprocess.run([*command, "-n", str(path)], capture_output=True, check=False)
        outputs[path] = done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None
    return outputs


def dockerfmt_again(command: list[str], text: str) -> str | None:
    done = subprocess.run([*command, "-n"], input=text.encode(), capture_output=True, check=False)
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def compare(
    sources: dict[Path, str],
    outputs: dict[str, dict[Path, str | None]],
    again: dict[str, dict[Path, str | None]],
    examples: int,
) -> None:
    shfmt = shell.default()
    key = shfmt.normal_form if shfmt is not None else None
    verdicts = {
        name: {
            p: verdict(text, outputs[name].get(p), again[name].get(p), key)
            for p, text in sources.items()
        }
        for name in outputs
    }
    counts = {name: Counter(found.values()) for name, found in verdicts.items()}
    print(f"\n## Output on the corpus ({len(sources)} files)\n")
    print("| verdict | " + " | ".join(outputs) + " |")
    print("|---|" + "---|" * len(outputs))
    for kind in sorted({k for c in counts.values() for k in c}):
        print(f"| {kind} | " + " | ".join(str(counts[n][kind]) for n in outputs) + " |")
    ours = outputs["dfls"]
    same = {n: sum(1 for p in sources if outputs[n].get(p) == ours.get(p)) for n in outputs}
    print("| identical to dfls | " + " | ".join(str(same[n]) for n in outputs) + " |")
    for name in outputs:
        shown: Counter[str] = Counter()
        lines = []
        for path, kind in verdicts[name].items():
            if kind in ("unchanged", "same build") or shown[kind] >= examples:
                continue
            shown[kind] += 1
            output = outputs[name].get(path)
            where = "no output" if output is None else first_difference(sources[path], output)
            lines.append(f"- {kind}: {path.name[4:64]}: {where}"[:400])
        if lines:
            print(f"\n### {name}: examples\n")
            print("\n".join(lines))


# -- timing -----------------------------------------------------------------------------------


def _median_cost(costs: list[Cost]) -> Cost:
    return Cost(statistics.median(c.wall for c in costs), statistics.median(c.cpu for c in costs))


def _cli(repeat: int, argv: list[str]) -> Cost:
    return _median_cost([_timed(argv)[0] for _ in range(repeat)])


def _show(value: Cost | float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, Cost):
        return f"{value.wall:,.0f} ({value.cpu:,.0f} CPU)"
    return f"{value:,.0f}"


def _row(label: str, ours: Any, fmt: Any = None, ls: Any = None) -> None:
    print(f"| {label} | {_show(ours)} | {_show(fmt)} | {_show(ls)} |")


def timings(
    paths: list[Path], big: Path, fmt: list[str] | None, ls: list[str] | None, repeat: int
) -> None:
    readable = paths
    if fmt is not None:
        readable = [p for p in paths if _timed([*fmt, "-n", str(p)])[1].returncode == 0]
    print(f"## Time (ms, median of {repeat}; wall, and CPU in parentheses)\n")
    print(f"Corpus: the {len(readable)} files of tests/corpus that dockerfmt can read.\n")
    print("| | dfls | dockerfmt | dockerfile-language-server |")
    print("|---|---|---|---|")
    names = [str(p) for p in readable]
    theirs = _cli(repeat, [*fmt, "--check", *names]) if fmt else None
    _row("corpus, CLI `--check`", _cli(repeat, [*DFLS, "format", "--check", "-q", *names]), theirs)
    servers = {"dfls": [*DFLS, "server"], **({"anchor": ls} if ls else {})}
    for label, files in (("corpus", readable), ("5,000 lines", [big])):
        if files is not readable:
            big_theirs = _cli(repeat, [*fmt, "--check", str(big)]) if fmt else None
            big_ours = _cli(repeat, [*DFLS, "format", "--check", "-q", str(big)])
            _row("5,000 lines, CLI `--check`", big_ours, big_theirs)
        big_file = files is not readable
        runs = {
            n: [lsp_format(c, files, big_file) for _ in range(repeat)] for n, c in servers.items()
        }
        whole = {n: _median_cost([r[0] for r in rs]) for n, rs in runs.items()}
        session = f"{label}, LSP session (open, diagnostics, format)"
        _row(session, whole["dfls"], None, whole.get("anchor"))
        if big_file:
            for index, which in ((0, "first"), (1, "again")):
                one = {n: statistics.median(r[1][index] for r in rs) for n, rs in runs.items()}
                _row(f"{label}, formatting request ({which})", one["dfls"], None, one.get("anchor"))
        else:
            total = {n: statistics.median(sum(r[1]) for r in rs) for n, rs in runs.items()}
            _row(f"{label}, formatting requests (sum)", total["dfls"], None, total.get("anchor"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--examples", type=int, default=3, help="examples per verdict")
    args = parser.parse_args(argv)
    corpus = WORK / "format-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    paths = []
    for index, source in enumerate(corpus_files()):
        target = corpus / f"{index:03d}-{source.parent.name}-{source.name}"[:120]
        shutil.copyfile(source, target)
        paths.append(target)
    big = WORK / "format-big" / "Dockerfile"
    big.parent.mkdir(parents=True, exist_ok=True)
    big.write_text(synthetic(5000))
    # An installed dfls has its bytecode compiled (pip does it): without it (a checkout run
    # with PYTHONDONTWRITEBYTECODE) every start would compile dfls' modules again.
    compileall.compile_dir(Path(dfls.__file__).parent, quiet=1)
    fmt = dockerfmt_command()
    ls = anchor_command()
    print(f"load average {os.getloadavg()[0]:.2f}\n")
    timings(paths, big, fmt, ls, args.repeat)
    sources = {p: p.read_bytes().decode("utf-8", errors="replace") for p in paths}
    ours = {p: format_text(text).text for p, text in sources.items()}
    outputs: dict[str, dict[Path, str | None]] = {"dfls": dict(ours)}
    again: dict[str, dict[Path, str | None]] = {
        "dfls": {p: format_text(text).text for p, text in ours.items()}
    }
    if fmt:
        outputs["dockerfmt"] = dockerfmt_outputs(fmt, paths)
        again["dockerfmt"] = {
            p: dockerfmt_again(fmt, o) for p, o in outputs["dockerfmt"].items() if o is not None
        }
    if ls:
        edits = lsp_format(ls, paths)[2]
        outputs["language server"] = {
            p: apply_edits(sources[p], e) for p, e in zip(paths, edits, strict=True)
        }
        formatted = [p.with_suffix(".ls") for p in paths]
        for p, out in zip(formatted, outputs["language server"].values(), strict=True):
            p.write_text(out or "", encoding="utf-8")
        edits_again = lsp_format(ls, formatted)[2]
        again["language server"] = {
            p: apply_edits(outputs["language server"][p] or "", e)
            for p, e in zip(paths, edits_again, strict=True)
        }
    compare(sources, outputs, again, args.examples)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
