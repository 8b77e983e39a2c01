"""Memory over a long session: what the server no longer needs is freed at once.

The server raises the garbage collector's thresholds (a collection walks the document
model, so frequent ones cost keystroke latency), so a full collection comes rarely: an
object in a reference cycle outlives its use by thousands of keystrokes. Whole
instructions were in such cycles (memoized facts pointing back at their instruction),
and the server's memory grew with every document opened and every keystroke. These tests
fail on any new cycle among the model's objects. ``bench/soak.py`` measures the RSS.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from dfls.lsp.params import Change
from dfls.lsp.session import Session

URI = "file:///w/Dockerfile"
TEXT = """\
# syntax=docker/dockerfile:1
ARG BASE=3.12
FROM python:${BASE}-slim AS build
ENV APP=/srv PATH=/srv/bin:$PATH
LABEL a=b c="d e"
WORKDIR $APP
RUN apt-get update && \\
    apt-get install -y --no-install-recommends curl gcc && \\
    rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
RUN <<EOF
set -e
npm ci
EOF
COPY --chown=app . .
ONBUILD RUN make
FROM build
USER app
HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1
CMD ["python", "-m", "app"]
ENTRYPOINT ["sh", "-c", "exec app"]
"""


def _cyclic_garbage(work: Callable[[], None]) -> Iterator[str]:
    """The dfls objects ``work`` leaves for the garbage collector (the second time it runs:
    the first fills caches and imports modules)."""
    work()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        work()
        gc.collect()
        found = [type(o) for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    return (t.__qualname__ for t in found if t.__module__.startswith("dfls."))


@pytest.fixture
def session() -> Session:
    return Session()


def test_a_closed_document_is_freed_without_the_collector(session: Session) -> None:
    def open_lint_close() -> None:
        doc = session.open(URI, 1, TEXT)
        session.diagnostics(doc)
        session.close(URI)

    assert sorted(set(_cyclic_garbage(open_lint_close))) == []


def test_instructions_replaced_by_an_edit_are_freed_without_the_collector(
    session: Session,
) -> None:
    doc = session.open(URI, 1, TEXT)
    session.diagnostics(doc)
    lines = TEXT.count("\n")

    def edit() -> None:
        for line in range(lines):  # every instruction, one at a time
            at = (line, 0)
            session.change(URI, doc.version + 1, [Change((at, at), " ")])
            session.diagnostics(doc)
            session.change(URI, doc.version + 1, [Change((at, (line, 1)), "")])
            session.diagnostics(doc)

    assert sorted(set(_cyclic_garbage(edit))) == []
