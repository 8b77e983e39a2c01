"""Every rule runs on every real-world Dockerfile of the shared corpus without failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfls.engine import linting as engine
from dfls.engine import sources
from dfls.engine.config import Settings
from dfls.model import Dockerfile

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.tsv")


@pytest.mark.corpus
def test_every_rule_runs_on_every_corpus_file() -> None:
    files = _corpus_files()
    if not files:
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    everything = Settings(select=("ALL",))
    failures: list[str] = []
    total = 0
    for path in files:
        text = sources.read(path).text
        result = engine.lint(Dockerfile.parse(text), everything)
        failures.extend(f"{path.relative_to(CORPUS)}: {e.message}" for e in result.rule_errors)
        total += len(result.violations)
        for violation in result.violations:
            span = violation.span
            assert span.start <= span.end, (path, violation)
            assert 0 <= span.start.line < len(text.splitlines()) + 1, (path, violation)
    assert not failures, "\n".join(failures)
    assert total > 0  # the corpus is real-world: something must be found
