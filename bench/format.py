"""Formatter benchmark: ``dfls format`` next to dockerfmt and dockerfile-language-server-nodejs.

    .venv/bin/python bench/format.py                 # the corpus and a 5,000-line file
    .venv/bin/python bench/format.py --repeat 5 --examples 3

The anchors are installed on first use with npm into bench/.work/ (gitignored): dockerfmt
(``npm install @reteps/dockerfmt@0.5.4``: BuildKit's parser and mvdan/sh compiled to
WebAssembly, run by node) and dockerfile-language-server-nodejs 0.15.0 (bench/lsp.py's
``anchor_command``), whose formatter is served as ``textDocument/formatting``.

Time, medians of ``--repeat`` runs, each from spawning the process to its answer:

- the corpus (tests/corpus, 209 files): ``dfls format --check FILES`` and ``dockerfmt
  --check FILES`` (one process each, on the files dockerfmt can read: it stops at the first
  it cannot parse); each language server in one session: initialize, then didOpen and
  ``textDocument/formatting`` for every file;
- bench/lsp.py's synthetic 5,000-line file, the same way (the CLI with ``--check``; for the
  servers, the formatting request alone, after didOpen, is also shown).

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
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from lsp import CAPABILITIES, WORK, Server, anchor_command, synthetic  # bench/lsp.py

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


def _timed(
    argv: list[str], stdin: bytes | None = None
) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    start = time.perf_counter()
    done = subprocess.run(argv, input=stdin, capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000, done


# -- the language servers ---------------------------------------------------------------------


def lsp_format(command: list[str], paths: list[Path]) -> tuple[float, list[float], list[Any]]:
    """One session: every file opened and formatted. Total ms from spawn, ms per request,
    and the edits of each file."""
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
        options = {"tabSize": 4, "insertSpaces": True}
        elapsed, result = server.request(
            "textDocument/formatting", {"textDocument": {"uri": uri}, "options": options}
        )
        requests.append(elapsed)
        edits.append(result or [])
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    total = (time.perf_counter() - server.started) * 1000
    server.close()
    return total, requests, edits


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


def _cli_ms(repeat: int, argv: list[str]) -> float:
    return statistics.median(_timed(argv)[0] for _ in range(repeat))


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def timings(
    paths: list[Path], big: Path, fmt: list[str] | None, ls: list[str] | None, repeat: int
) -> None:
    readable = paths
    if fmt is not None:
        readable = [p for p in paths if _timed([*fmt, "-n", str(p)])[1].returncode == 0]
    print(f"## Time (median of {repeat}, ms; corpus: the {len(readable)} files dockerfmt reads)\n")
    print("| | dfls | dockerfmt | dockerfile-language-server |")
    print("|---|---|---|---|")
    names = [str(p) for p in readable]
    ours = _cli_ms(repeat, [*DFLS, "format", "--check", "-q", *names])
    theirs = _cli_ms(repeat, [*fmt, "--check", *names]) if fmt else None
    print(f"| corpus, CLI `--check` | {_show(ours)} | {_show(theirs)} | |")
    servers = {"dfls": [*DFLS, "server"], **({"anchor": ls} if ls else {})}
    total = {
        name: statistics.median(lsp_format(command, readable)[0] for _ in range(repeat))
        for name, command in servers.items()
    }
    print(f"| corpus, LSP session | {_show(total['dfls'])} | | {_show(total.get('anchor'))} |")
    big_ours = _cli_ms(repeat, [*DFLS, "format", "--check", "-q", str(big)])
    big_theirs = _cli_ms(repeat, [*fmt, "--check", str(big)]) if fmt else None
    print(f"| 5,000 lines, CLI `--check` | {_show(big_ours)} | {_show(big_theirs)} | |")
    sessions = {name: [lsp_format(c, [big]) for _ in range(repeat)] for name, c in servers.items()}
    whole = {n: statistics.median(s[0] for s in runs) for n, runs in sessions.items()}
    request = {n: statistics.median(s[1][0] for s in runs) for n, runs in sessions.items()}
    for label, row in (("LSP session", whole), ("formatting request", request)):
        print(f"| 5,000 lines, {label} | {_show(row['dfls'])} | | {_show(row.get('anchor'))} |")


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
