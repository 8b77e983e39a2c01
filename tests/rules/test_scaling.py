"""Rules do work linear in their input: doubling the input doubles the work (issue 17).

Work is counted, not timed: the Python lines a lint executes (``sys.settrace``), which is
the same on every run and every machine. For inputs of N, 2N and 4N, the growth from 2N to
4N over the growth from N to 2N is 2 for linear work and 4 for quadratic work; constant
overhead cancels out. ``bench/scaling.py`` times the same shapes, for every rule.

Each case here was quadratic before: a rule that scanned the stage (or the stage chain, or
the RUN) again for every instruction (or every command) it looked at.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile, shell

LINEAR = 2.6
"""The most the growth ratio may be (linear work gives 2.0, quadratic 4.0)."""


def executed_lines(work: Callable[[], object]) -> int:
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal count
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def lint_work(text: str, settings: Settings) -> int:
    """The lines one lint of ``text`` executes (the parse not counted)."""
    dockerfile = Dockerfile.parse(text)
    shell.forget()  # shell splits are memoised by text: start from nothing
    return executed_lines(lambda: engine.lint(dockerfile, settings))


def growth(make: Callable[[int], str], settings: Settings, n: int) -> float:
    engine.lint(Dockerfile.parse(make(n)), settings)  # warm up one-time caches
    small, middle, large = (lint_work(make(size), settings) for size in (n, 2 * n, 4 * n))
    return (large - middle) / (middle - small)


def runs(n: int) -> str:
    return "FROM debian:12\n" + "RUN x\n" * n


def commented_runs(n: int) -> str:
    return "FROM debian:12\n" + "# step\nRUN x\nRUN y\n" * n


def installs(n: int) -> str:
    chain = "".join(f" \\\n    && apt-get install -y gcc-{i} libfoo{i}-dev" for i in range(n))
    return f"FROM debian:12\nRUN apt-get update{chain} && apt-get purge -y gcc-0\n"


def downloads(n: int) -> str:
    out = ["FROM debian:12", "WORKDIR /src"]
    out += [f"RUN curl -o /tmp/f{i} https://example.com/{i}" for i in range(n)]
    removed = " ".join(f"/var/x{i}" for i in range(n))
    return "\n".join(out) + f"\nRUN rm -rf {removed} /tmp/f0\n"


def copies(n: int) -> str:
    body = "".join(f"COPY a{i} /app/a{i}\nRUN chown -R app /app/a{i}\n" for i in range(n))
    return "FROM debian:12\nRUN useradd app\n" + body


def chain(n: int) -> str:
    """N stages, each built FROM the one before."""
    out = ["FROM scratch AS s0", "WORKDIR app"]
    for i in range(1, n):
        out += [f"FROM s{i - 1} AS s{i}", "WORKDIR app", "USER app", "RUN sudo ls | wc -l"]
        out += ["CMD run"]
    return "\n".join(out) + "\n"


def pip_runs(n: int) -> str:
    return "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\n" + "RUN pip install x\n" * n


def node_copies(n: int) -> str:
    build = "FROM node:20 AS build\n" + "RUN npm ci\n" * n + "FROM node:20-slim\n"
    return build + "COPY --from=build /app/node_modules /app/node_modules\n" * n


def substitutions(n: int) -> str:
    return "FROM debian:12\nRUN echo " + "$(date)" * n + " > out\n"


def node_chain(n: int) -> str:
    """N stages built on each other, and a stage copying node_modules from each."""
    out = ["FROM node:20 AS s0", "RUN npm ci"]
    out += [f"FROM s{i - 1} AS s{i}\nRUN npm ci" for i in range(1, n)]
    out += ["FROM node:20-slim"]
    out += [f"COPY --from=s{i} /app/node_modules /app/node_modules" for i in range(n)]
    return "\n".join(out) + "\n"


def pip_chain(n: int) -> str:
    out = ["FROM python:3.12 AS s0", "ENV PIP_NO_CACHE_DIR=1"]
    out += [f"FROM s{i - 1} AS s{i}\nRUN pip install x" for i in range(1, n)]
    return "\n".join(out) + "\n"


CASES = [
    ("DF212", runs, 40),  # the SHELL in effect, looked up again for every pair of RUNs
    ("DF212", commented_runs, 40),  # every comment, for every pair of RUNs
    ("DF209", installs, 40),  # the whole RUN, for every install in it
    ("DF215", installs, 40),
    ("DF202", installs, 120),  # a long RUN's text scanned again for every fix in it
    ("DF209", downloads, 40),  # every file written so far, for every path removed
    ("DF504", copies, 40),  # every COPY and every instruction above, for every chown
    ("DF602", chain, 20),  # every stage above, for every stage
    ("DF108", chain, 20),
    ("DF109", chain, 20),
    ("DF401", chain, 20),
    ("DF503", chain, 20),
    ("DF217", chain, 20),
    ("DF217", substitutions, 40),  # the rest of the word, from every `$(` in it
    ("DF205", pip_runs, 40),  # the variables in scope, for every install
    ("DF216", node_copies, 40),  # the source stage's installs, for every COPY
    ("DF216", node_chain, 20),  # every stage above the source stage, for every COPY
    ("DF205", pip_chain, 80),  # every stage above, for the variables of every stage
]


@pytest.mark.parametrize(
    ("code", "make", "n"), CASES, ids=[f"{c}-{m.__name__}" for c, m, _ in CASES]
)
def test_rule_work_grows_linearly(code: str, make: Callable[[int], str], n: int) -> None:
    ratio = growth(make, Settings(select=(code,)), n)
    assert ratio < LINEAR, f"{code} on {make.__name__}: work grows {ratio:.2f}x per doubling"


@pytest.mark.parametrize("make", [runs, installs, copies, chain], ids=lambda m: m.__name__)
def test_every_rule_together_grows_linearly(make: Callable[[int], str]) -> None:
    ratio = growth(make, Settings(select=("ALL",)), 20)
    assert ratio < LINEAR, f"all rules on {make.__name__}: work grows {ratio:.2f}x per doubling"
