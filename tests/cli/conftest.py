from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from dfls.cli import main as cli

TEXT = "FROM python\nCMD python app.py\n"
CLEAN = 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n'
TWO = ("--select", "DF101,DF401")
"""Two rules whose output the CLI tests pin: the rule set grows, these stay."""


@dataclass
class Run:
    code: int
    out: str
    err: str


class Dfls(Protocol):
    def __call__(self, *argv: str) -> Run: ...


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty directory as the working directory, with no colour settings inherited."""
    for name in ("NO_COLOR", "FORCE_COLOR", "DFLS_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture
def dfls(capsys: pytest.CaptureFixture[str]) -> Dfls:
    def run(*argv: str) -> Run:
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
