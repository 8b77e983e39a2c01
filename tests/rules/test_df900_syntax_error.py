"""DF900 (the lexer's problems) for the syntax errors issue 11 lists: an unterminated
heredoc and an `escape` directive with a bad value, each at an exact range."""

from __future__ import annotations

import pytest

from dfls.rules.api import Severity
from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    ("text", "span", "words"),
    [
        (
            "FROM alpine:3.20\nRUN <<EOF\necho never ends\n",
            (1, 4, 1, 9),
            "heredoc 'EOF' is never terminated: add a line 'EOF'",
        ),
        (
            "FROM alpine:3.20\nCOPY <<-CONF /etc/app.conf\n\tkey=value\n",
            (1, 5, 1, 12),
            "heredoc 'CONF' is never terminated",
        ),
        ("# escape=x\nFROM alpine:3.20\n", (0, 9, 0, 10), "invalid escape token 'x'"),
        ("# escape = //\nFROM alpine:3.20\n", (0, 11, 0, 13), "invalid escape token '//'"),
        (
            "# escape=`\n# escape=\\\nFROM alpine:3.20\n",
            (1, 0, 1, 10),
            "only one escape parser directive can be used",
        ),
    ],
)
def test_flags_errors(text: str, span: tuple[int, int, int, int], words: str) -> None:
    (violation,) = assert_flags("DF900", text)
    assert words in violation.message
    assert violation.severity is Severity.ERROR
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == span


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nRUN <<EOF\necho ok\nEOF\n",
        "# escape=`\nFROM alpine:3.20\n",
        "# escape=\\\nFROM alpine:3.20\n",
        "FROM alpine:3.20\n# escape=x\n",  # not at the top: a comment, not a directive
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF900", text)
