"""Every rule runs on every real-world Dockerfile of the corpus (tests/corpus) without failing."""

from __future__ import annotations

import pytest

from dfls.engine import linting as engine
from dfls.engine import sources
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from tests.conftest import CORPUS, corpus_files


@pytest.mark.corpus
def test_every_rule_runs_on_every_corpus_file() -> None:
    files = corpus_files()
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
