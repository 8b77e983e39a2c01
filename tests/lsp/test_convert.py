"""Position conversion at the LSP edge: code points <-> UTF-8 / UTF-16 / UTF-32 units."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfls.lsp import convert
from dfls.lsp.capabilities import ENCODINGS
from dfls.model import Position, Span
from dfls.rules.api import Applicability, Edit, Fix, NewFile, Severity, Tag, Violation

LINE = 'LABEL x="😋é" \tz'  # emoji (non-BMP: 2 UTF-16 units, 4 bytes), é (2 bytes), a tab


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        (convert.UTF32, [0, 1, 9, 10, 11, 12, 13, 14]),
        (convert.UTF16, [0, 1, 9, 11, 12, 13, 14, 15]),
        (convert.UTF8, [0, 1, 9, 13, 15, 16, 17, 18]),
    ],
)
def test_to_client_column(encoding: str, expected: list[int]) -> None:
    columns = [0, 1, 9, 10, 11, 12, 13, 14]
    assert [convert.to_client_column(LINE, c, encoding) for c in columns] == expected
    assert [convert.from_client_column(LINE, u, encoding) for u in expected] == columns


def test_inside_a_character_snaps_to_its_start() -> None:
    assert convert.from_client_column(LINE, 10, convert.UTF16) == 9  # half the surrogate pair
    assert convert.from_client_column(LINE, 11, convert.UTF8) == 9  # a byte inside 😋
    assert convert.from_client_column(LINE, 14, convert.UTF8) == 10  # inside é


def test_past_the_end_clamps() -> None:
    for encoding in ENCODINGS:
        assert convert.from_client_column("abc", 99, encoding) == 3
        assert convert.from_client_column("😋", 99, encoding) == 1
        assert convert.to_client_column("abc", 99, encoding) == 3
    lines = ["FROM a", "RUN b"]
    assert convert.position_from_client(lines, 7, 0, convert.UTF16) == Position(1, 5)
    assert convert.position_from_client(lines, -1, 3, convert.UTF16) == Position(0, 0)


@given(st.text(max_size=30), st.sampled_from(ENCODINGS))
def test_round_trip(line: str, encoding: str) -> None:
    for column in range(len(line) + 1):
        units = convert.to_client_column(line, column, encoding)
        assert convert.from_client_column(line, units, encoding) == column


def _violation(fix: Fix | None = None) -> Violation:
    return Violation(
        "DF101",
        "image-tag",
        Span.on_line(0, 5, 10),
        "message",
        Severity.WARNING,
        fix,
        frozenset({Tag.DEPRECATED}),
    )


def test_diagnostic_shape() -> None:
    fix = Fix.unsafe("Pin", Edit(Span.on_line(0, 7, 10), "1.2"))
    lines = ["FROM 😋:lat"]
    found = convert.diagnostic(_violation(fix), lines, convert.UTF16, "https://x/docs")
    assert found == {
        "range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 11}},
        "severity": 2,
        "code": "DF101",
        "source": "dfls",
        "message": "message",
        "codeDescription": {"href": "https://x/docs"},
        "tags": [2],
        "data": {
            "name": "image-tag",
            "fix": {
                "title": "Pin",
                "applicability": "unsafe",
                "edits": [
                    {
                        "range": {
                            "start": {"line": 0, "character": 8},
                            "end": {"line": 0, "character": 11},
                        },
                        "newText": "1.2",
                    }
                ],
            },
        },
    }


def test_new_files_travel_in_data() -> None:
    fix = Fix(
        "Create .dockerignore", Applicability.SAFE, new_files=(NewFile(".dockerignore", ".git\n"),)
    )
    data = convert.diagnostic(_violation(fix), ["FROM a"], convert.UTF16, None)["data"]
    assert data["fix"]["newFiles"] == [{"path": ".dockerignore", "content": ".git\n"}]


def test_uris() -> None:
    assert str(convert.uri_to_path("file:///tmp/a%20b/Dockerfile")) == "/tmp/a b/Dockerfile"
    assert convert.uri_to_path("untitled:Untitled-1") is None
    assert convert.uri_to_path(convert.path_to_uri(Path("/tmp/x y"))) == Path("/tmp/x y")
