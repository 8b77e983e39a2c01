"""Scaling check: every rule, the model and the engine take time linear in their input.

    .venv/bin/python bench/scaling.py                       # every shape, every rule
    .venv/bin/python bench/scaling.py --shape installs --rule DF209 --rule DF215
    .venv/bin/python bench/scaling.py --scale 4 --reps 7    # bigger inputs, steadier

For each input shape (N ``RUN x`` lines, one RUN of N chained ``apt-get install``s, N
stages each copying from the one before, N ENV/ARG, N heredocs, N pragma comments, long
lines, ...) it builds the file at N and 2N and times, at both sizes:

- the model: a full parse, then each derived view on a fresh parse (comments, stages and
  the stage graph, the shell split of every RUN, the variables in scope at the last
  instruction);
- each rule alone (``lint`` with ``Settings(select=[code])`` on a fresh parse, the parse
  itself not timed);
- the engine: ``lint`` with every rule, and a keystroke (an edit in the middle of the file,
  then ``lint`` with the document's cache), as the server does.

It prints the times and their ratio; linear work gives about 2, quadratic about 4. A ratio
of 3 or more (``<<<``) on a time above the noise floor is reported as quadratic. Times are
CPU time of this process (steadier than wall time when the machine is shared), the median
of ``--reps`` runs, with the garbage collector paused while timing and the memoised shell
splits forgotten before each run. A script, not a timed
test: on a shared machine timings belong in a table, not in a pass/fail check.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from dfls.engine.config import Settings
from dfls.engine.linting import LintCache, lint
from dfls.model import Dockerfile, Position, Span, variables_at
from dfls.model.shell import forget, scripts
from dfls.rules.registry import ALL_RULES

QUADRATIC = 3.0
"""A ratio from N to 2N at or above this is reported (linear is 2, quadratic 4)."""
FLOOR_MS = 3.0
"""Below this (at 2N) a ratio is mostly noise, and the work is cheap anyway."""


# -- input shapes: each a function of N, and the N to start from -----------------------------


def _runs(n: int) -> str:
    return "FROM debian:12\n" + "RUN x\n" * n


def _installs(n: int) -> str:
    chain = "".join(f" && apt-get install -y pkg{i}" for i in range(n))
    return f"FROM debian:12\nRUN apt-get update{chain}\n"


def _installs_lines(n: int) -> str:
    chain = "".join(
        f" \\\n    && apt-get install -y --no-install-recommends pkg{i}" for i in range(n)
    )
    return f"FROM debian:12\nRUN apt-get update{chain} \\\n    && rm -rf /var/lib/apt/lists/*\n"


def _packages(n: int) -> str:
    names = " ".join(f"gcc-{i} python3-dev-{i}" for i in range(n))
    return f"FROM debian:12\nRUN apt-get update && apt-get install -y {names}\n"


def _stages(n: int) -> str:
    out = ["FROM debian:12 AS s0", "RUN make"]
    for i in range(1, n):
        out += [f"FROM s{i - 1} AS s{i}", f"COPY --from=s{i - 1} /a /a", "RUN make"]
    return "\n".join(out) + "\n"


def _copies(n: int) -> str:
    out = ["FROM debian:12 AS build", "RUN make", "FROM debian:12"]
    out += [f"COPY --from=build /a{i} /b{i}\nRUN chown -R app /b{i}" for i in range(n)]
    return "\n".join(out) + "\n"


def _downloads(n: int) -> str:
    out = ["FROM debian:12", "WORKDIR /src"]
    out += [f"RUN curl -o /tmp/f{i} https://example.com/{i} && COPY={i} make" for i in range(n)]
    out += [f"COPY a{i}.tar.gz /opt/" for i in range(n)]
    removed = " ".join(f"/tmp/f{i} /var/x{i}" for i in reversed(range(n)))
    return "\n".join(out) + f"\nRUN rm -rf {removed} /opt/*.tar.gz\n"


def _variables(n: int) -> str:
    out = ["ARG G0=1"] + [f"ARG G{i}=${{G{i - 1}}}x" for i in range(1, n)] + ["FROM debian:12"]
    for i in range(1, n):
        out += [f"ENV V{i}=$V{i - 1}x W{i}=${{G{i}}}", f"ARG A{i}", f"RUN echo $V{i} $A{i}"]
    return "\n".join(out) + "\n"


def _heredocs(n: int) -> str:
    body = "".join(f"RUN <<EOF\napt-get install -y p{i}\nrm -rf /tmp/{i}\nEOF\n" for i in range(n))
    return "FROM debian:12\n" + body


def _pragmas(n: int) -> str:
    out = ["# syntax=docker/dockerfile:1", "# dfls global ignore=DF214", "FROM debian:12"]
    for i in range(n):
        out += [
            "# dfls ignore=DF203,DF202",
            "# hadolint ignore=DL3008",
            f"RUN apt-get install p{i}",
        ]
        out += ["# a plain comment", f"RUN echo {i}"]
    return "\n".join(out) + "\n"


def _long_lines(n: int) -> str:
    words = " ".join(f"word{i}" for i in range(n))
    return f"FROM debian:12\nRUN echo {words} | sh\nENV A={words}\nLABEL {words}\n"


def _mixed(n: int) -> str:
    out = ["ARG BASE=debian:12"]
    for i in range(n):
        out += [
            f"FROM $BASE AS s{i}",
            "WORKDIR /src",
            f"COPY --from=s{i - 1} /x /x" if i else "COPY . .",
            "RUN apt-get update && apt-get install -y gcc make && rm -rf /var/lib/apt/lists/*",
            "RUN cd /src && make && pip install -r requirements.txt",
            "RUN apt-get purge -y gcc",
            'CMD ["./app"]',
        ]
    return "\n".join(out) + "\n"


SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "runs": (_runs, 2000),
    "installs": (_installs, 300),
    "installs-lines": (_installs_lines, 300),
    "packages": (_packages, 1000),
    "stages": (_stages, 300),
    "copies": (_copies, 500),
    "downloads": (_downloads, 300),
    "variables": (_variables, 500),
    "heredocs": (_heredocs, 500),
    "pragmas": (_pragmas, 500),
    "long-lines": (_long_lines, 5000),
    "mixed": (_mixed, 200),
}


# -- timing ----------------------------------------------------------------------------------


def cpu_ms(work: Callable[[Any], object], setup: Callable[[], Any], reps: int) -> float:
    """Median CPU time of ``work(setup())`` over ``reps`` runs, setup untimed, GC paused.

    Shell splits memoised by text are forgotten first: a short script would be split once
    for all runs and a long one (not memoised) every time, which reads as a quadratic.
    """
    times = []
    for _ in range(reps):
        subject = setup()
        forget()
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            work(subject)
            times.append((time.process_time() - start) * 1000)
        finally:
            gc.enable()
    return statistics.median(times)


def _model_views(doc: Dockerfile) -> object:
    return doc.comments, doc.stages, doc.stage_graph


def _stage_graph(doc: Dockerfile) -> None:
    # Not ancestors() of every stage: for N stages built on each other that answer alone
    # has N*(N-1)/2 members.
    graph = doc.stage_graph
    for stage in doc.stages:
        graph.root(stage)
        graph.copy_sources(stage)
        graph.last_in_chain(stage, "USER")
    graph.shipped()


def _shell(doc: Dockerfile) -> None:
    for instruction in doc.instructions:
        if instruction.keyword == "RUN":
            scripts(instruction)


def _variables_at(doc: Dockerfile) -> None:
    if doc.instructions:
        variables_at(doc, doc.instructions[-1])


def _keystroke(subject: tuple[Dockerfile, LintCache, Settings, Position]) -> None:
    doc, cache, settings, at = subject
    lint(doc.apply_edit(Span(at, at), "a"), settings, cache=cache)


def _typing_position(text: str) -> Position:
    """Where a character typed in the middle of the file lands inside an instruction: before
    the `` \\`` of a continuation line, else at the end of the line."""
    lines = text.split("\n")
    line = len(lines) // 2
    while line > 0 and (not lines[line].strip() or lines[line].lstrip().startswith("#")):
        line -= 1
    content = lines[line]
    return Position(line, len(content) - 2 if content.endswith(" \\") else len(content))


def _edited(text: str, settings: Settings) -> Callable[[], Any]:
    at = _typing_position(text)

    def setup() -> tuple[Dockerfile, LintCache, Settings, Position]:
        doc = Dockerfile.parse(text)
        cache = LintCache()
        lint(doc, settings, cache=cache)
        return doc, cache, settings, at

    return setup


def _lint(doc: Dockerfile, settings: Settings) -> object:
    return lint(doc, settings)


def measurements(rules: list[str]) -> list[tuple[str, Callable[[str], tuple[Any, Any]]]]:
    """What to time: a name, and for a text the (work, setup) pair."""

    def parsed(work: Callable[[Dockerfile], object]) -> Callable[[str], tuple[Any, Any]]:
        return lambda text: (work, lambda: Dockerfile.parse(text))

    every = Settings(select=("ALL",))
    found: list[tuple[str, Callable[[str], tuple[Any, Any]]]] = [
        ("model: parse", lambda text: (Dockerfile.parse, lambda: text)),
        ("model: comments, stages", parsed(_model_views)),
        ("model: stage graph", parsed(_stage_graph)),
        ("model: shell split of RUNs", parsed(_shell)),
        ("model: variables_at(last)", parsed(_variables_at)),
        ("engine: lint, all rules", parsed(partial(_lint, settings=every))),
        ("engine: keystroke, all rules", lambda text: (_keystroke, _edited(text, every))),
    ]
    for rule in ALL_RULES:
        if rules and rule.code not in rules:
            continue
        alone = partial(_lint, settings=Settings(select=(rule.code,)))
        found.append((f"{rule.code} {rule.name}", parsed(alone)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="default: all")
    parser.add_argument("--rule", action="append", default=[], help="a rule code (default: all)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every N by this")
    parser.add_argument("--reps", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--all", action="store_true", help="print every row, not only slow ones")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(10_000)
    suspects: list[str] = []
    print("| shape | N | what | N (ms) | 2N (ms) | ratio |")
    print("|---|---|---|---|---|---|")
    for shape in args.shape or list(SHAPES):
        build, base = SHAPES[shape]
        n = max(1, round(base * args.scale))
        texts = (build(n), build(2 * n))
        for name, prepare in measurements(args.rule):
            small, large = (cpu_ms(*prepare(text), args.reps) for text in texts)
            ratio = large / small if small > 0 else float("inf")
            slow = large >= FLOOR_MS and ratio >= QUADRATIC
            if slow:
                suspects.append(f"{shape}: {name} ({ratio:.1f}x)")
            if slow or args.all or large >= 50 or name.startswith(("model", "engine")):
                mark = " <<<" if slow else ""
                print(f"| {shape} | {n} | {name} | {small:.1f} | {large:.1f} | {ratio:.2f}{mark} |")
            sys.stdout.flush()
    print()
    if suspects:
        print(f"{len(suspects)} quadratic suspect(s) (ratio >= {QUADRATIC:g}):")
        for suspect in suspects:
            print(f"  {suspect}")
        return 1
    print(f"no ratio >= {QUADRATIC:g} above {FLOOR_MS:g} ms: everything scales linearly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
