"""A UTF-8 byte order mark is the encoding's, not the text's (regression: it shifted every
column of line 1 by one in text, JSON, SARIF and `dfls inspect` output)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Dfls

BOM = b"\xef\xbb\xbf"
TEXT = "FROM python:latest\nCMD python app.py\n"
RULES = ("--select", "DF101,DF401")


@pytest.fixture
def with_bom(project: Path) -> Path:
    path = project / "Dockerfile"
    path.write_bytes(BOM + TEXT.encode())
    return path


def test_text_columns_on_line_1_count_from_the_first_real_character(
    with_bom: Path, dfls: Dfls
) -> None:
    run = dfls("check", *RULES, "-q", "Dockerfile")
    assert run.out.splitlines()[0].startswith("Dockerfile:1:6: DF101")


def test_json_sarif_and_inspect_positions_ignore_the_bom(with_bom: Path, dfls: Dfls) -> None:
    (df101, _) = json.loads(dfls("check", *RULES, "-f", "json", "Dockerfile").out)
    assert df101["range"]["start"] == {"line": 0, "character": 5}
    sarif = json.loads(dfls("check", *RULES, "-f", "sarif", "Dockerfile").out)
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 6)
    model = json.loads(dfls("inspect", "Dockerfile").out)
    assert model["instructions"][0]["keywordRange"]["start"] == {"line": 0, "character": 0}


def test_fix_keeps_the_bom(with_bom: Path, dfls: Dfls) -> None:
    dfls("check", "--select", "DF401", "--fix", "--unsafe-fixes", "Dockerfile")
    fixed = 'FROM python:latest\nCMD ["python", "app.py"]\n'
    assert with_bom.read_bytes() == BOM + fixed.encode()


def test_stdin_positions_ignore_the_bom_and_fix_keeps_it(
    project: Path, dfls: Dfls, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Stdin:
        buffer = io.BytesIO(BOM + TEXT.encode())

    monkeypatch.setattr(sys, "stdin", Stdin)
    run = dfls("check", *RULES, "--fix", "--unsafe-fixes", "--stdin-filename", "Dockerfile")
    assert run.out == '\ufeffFROM python:latest\nCMD ["python", "app.py"]\n'
    assert "Dockerfile:1:6: DF101" in run.err
