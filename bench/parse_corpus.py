"""Parse time of the real-world corpus, and what ``lex_item(located=False)`` saves.

Run: ``.venv/bin/python bench/parse_corpus.py [--runs N] [--corpus DIR]``. It reads every
file of the corpus (``tests/corpus/MANIFEST.tsv``) and prints

- the time to ``Dockerfile.parse`` all of them, the minimum of ``--runs`` runs, with the
  garbage collector on (as in ``dfls check``) and off (the lexer's own work);
- the time to lex each instruction again with ``lex_item`` (spans, variables), per
  instruction, next to ``lex_item(..., located=False)``, the cheaper lex the formatter's
  safety check can use to compare what an instruction builds.

Compare a change by running it before and after (``PYTHONPATH`` pointing at a copy of the
old ``dfls`` package runs the old code with this script). A script, not a test: timings
belong in a table, not in a pass/fail check on a shared machine.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

from dfls.model import Dockerfile
from dfls.model.lexer import lex_item
from dfls.model.nodes import InstructionNode

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent / "tests" / "corpus"


def corpus_texts(corpus: Path) -> list[str]:
    rows = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    paths = [corpus / row.split("\t", 1)[0] for row in rows if row.strip()]
    return [p.read_bytes().decode("utf-8", errors="replace") for p in paths if p.is_file()]


def best(work: Callable[[], object], runs: int, collect: bool) -> float:
    """The fastest of ``runs`` runs of ``work``, in seconds, GC on or off."""
    times = []
    for _ in range(runs):
        gc.collect()
        if not collect:
            gc.disable()
        try:
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    options = parser.parse_args()
    texts = corpus_texts(options.corpus)

    def parse_all() -> None:
        for text in texts:
            Dockerfile.parse(text)

    for collect in (True, False):
        seconds = best(parse_all, options.runs, collect)
        label = "on" if collect else "off"
        print(f"Dockerfile.parse, {len(texts)} files, GC {label}: {seconds * 1e3:.1f} ms")

    docs = [Dockerfile.parse(text) for text in texts]
    starts = [
        (d.lines, line, d.escape)
        for d in docs
        for line, node in zip(d.starts, d.items, strict=True)
        if isinstance(node, InstructionNode)
    ]
    count = len(starts)
    for located in (True, False):

        def lex_all(located: bool = located) -> None:
            for lines, first, escape in starts:
                lex_item(lines, first, escape, located)

        seconds = best(lex_all, options.runs, True)
        print(
            f"lex_item(located={located}), {count} instructions: {seconds * 1e3:.1f} ms, "
            f"{seconds / count * 1e6:.1f} µs each"
        )


if __name__ == "__main__":
    main()
