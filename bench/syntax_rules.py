"""What the syntax rules of issue 11 cost: linting the corpus in-process with and without them.

Run: ``.venv/bin/python bench/syntax_rules.py [--runs N]``. Every corpus file
(``tests/corpus/MANIFEST.tsv``) is parsed once and linted with a fresh cache, the way a
language server lints a document it has just opened, with the default rules, then with
the default rules minus DF902-DF910, DF120 and DF121, then with those alone (only the
lint is timed; each file is parsed afresh before it). The anchor,
dockerfile-language-server-nodejs, validates the same syntax on every change; its
end-to-end numbers are in ``bench/lsp.py``. A script, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dfls.engine import linting as engine  # noqa: E402
from dfls.engine.config import Settings  # noqa: E402
from dfls.model import Dockerfile  # noqa: E402

NEW = (
    "DF902",
    "DF903",
    "DF904",
    "DF905",
    "DF906",
    "DF907",
    "DF908",
    "DF909",
    "DF910",
    "DF120",
    "DF121",
)


def corpus() -> list[str]:
    manifest = ROOT / "tests" / "corpus" / "MANIFEST.tsv"
    rows = manifest.read_text(encoding="utf-8").splitlines()[1:]
    paths = [ROOT / "tests" / "corpus" / row.split("\t", 1)[0] for row in rows if row]
    return [path.read_text(encoding="utf-8", errors="replace") for path in paths]


def one_pass(texts: list[str], settings: Settings) -> float:
    """Lint time over the corpus (each file freshly parsed, the parse not timed)."""
    total = 0.0
    for text in texts:
        dockerfile = Dockerfile.parse(text)
        started = time.perf_counter()
        engine.lint(dockerfile, settings)
        total += time.perf_counter() - started
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    texts = corpus()
    with_new = Settings()
    without = Settings(ignore=NEW)
    one_pass(texts, with_new)  # warm-up: imports, caches of the knowledge tables
    alone = Settings(select=NEW)
    timings: dict[str, list[float]] = {
        "default rules": [],
        "without the new rules": [],
        "the new rules alone": [],
    }
    for _ in range(runs):
        timings["default rules"].append(one_pass(texts, with_new))
        timings["without the new rules"].append(one_pass(texts, without))
        timings["the new rules alone"].append(one_pass(texts, alone))
    print(f"{len(texts)} corpus files, median of {runs} runs (lint of a fresh parse)")
    base = statistics.median(timings["without the new rules"])
    for label, values in timings.items():
        median = statistics.median(values)
        print(f"  {label:24} {median * 1000:8.1f} ms  ({median / base:.2f}x)")


if __name__ == "__main__":
    main()
