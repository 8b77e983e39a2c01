from __future__ import annotations

import pytest

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("FROM a:1\nRUN a && \\\n\n    b\n", 1),
        ("FROM a:1\nRUN a && \\\n\n   \t\n    b\n", 2),
        ("FROM a:1\nENV A=1 \\\n\n    B=2\n", 1),
        ("FROM a:1\nrun a \\\n  # a comment\n\n  && b\n", 1),
        ("# escape=`\nFROM a:1\nRUN a `\n\n  b\n", 1),
        ("FROM a:1\nRUN a \\\r\n\r\n  b\r\n", 1),
    ],
)
def test_flags(text: str, count: int) -> None:
    assert_flags("DF606", text, count=count)


@pytest.mark.parametrize(
    "text",
    [
        "FROM a:1\nRUN a \\\n    b\n\nRUN c\n",
        "FROM a:1\nRUN a \\\n  # a comment\n  && b\n",
        "FROM a:1\nRUN <<EOF\na\n\nb\nEOF\n",
        # the file ends inside the continuation: nothing follows to delete (DF900 reports it)
        "FROM a:1\nRUN a \\\n",
        "FROM a:1\n# dfls ignore=DF606\nRUN a \\\n\n  b\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF606", text)


def test_span_is_the_blank_line() -> None:
    # Not through the helpers: dedent() would empty the blank line.
    text = "FROM a:1\nRUN a \\\n  \n  b\n"
    result = engine.lint(Dockerfile.parse(text), Settings(select=("DF606",)))
    (violation,) = result.violations
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == (2, 0, 2, 2)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN a \\\n\n\n  b\n", "RUN a \\\n  b\n"),
        ("RUN a \\\n \n  # note\n\n  b\n", "RUN a \\\n  # note\n  b\n"),
        ("RUN a \\\r\n\r\n  b\r\n", "RUN a \\\r\n  b\r\n"),
    ],
)
def test_fix_deletes_the_lines(before: str, after: str) -> None:
    assert fixed("DF606", f"FROM a:1\n{before}", unsafe=False) == f"FROM a:1\n{after}"
