"""``dfls inspect FILE``: the model as JSON, with a stable shape, and clean errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dfls.cli.main import main

DOCKERFILE = """\
# syntax=docker/dockerfile:1
ARG PYTHON=3.12
FROM python:${PYTHON}-slim AS build
RUN --mount=type=cache,target=/root/.cache/pip \\
    pip install -r requirements.txt
COPY <<EOF /app/config.toml
debug = false
EOF
FROM gcr.io/distroless/python3-debian12
COPY --from=build /app /app
CMD ["python", "-m", "app"]
"""


def inspect(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> tuple[Any, str]:
    """Run ``dfls inspect ...`` in-process; return the parsed JSON (or None) and stderr."""
    assert main(["inspect", *args]) == code
    captured = capsys.readouterr()
    data = json.loads(captured.out) if captured.out else None
    return data, captured.err


def at(line: int, character: int, end_line: int, end_character: int) -> dict[str, Any]:
    return {
        "start": {"line": line, "character": character},
        "end": {"line": end_line, "character": end_character},
    }


@pytest.fixture
def dockerfile(tmp_path: Path) -> Path:
    path = tmp_path / "Dockerfile"
    path.write_text(DOCKERFILE, encoding="utf-8")
    return path


def test_the_documented_shape(capsys: pytest.CaptureFixture[str], dockerfile: Path) -> None:
    data, err = inspect(capsys, str(dockerfile))
    assert err == ""
    assert set(data) >= {"directives", "instructions", "stages", "problems", "escape", "comments"}
    assert data["escape"] == "\\"
    assert data["problems"] == []
    (syntax,) = data["directives"]
    assert syntax["name"] == "syntax"
    assert syntax["value"] == "docker/dockerfile:1"
    assert syntax["range"] == at(0, 0, 0, 28)
    assert [i["keyword"] for i in data["instructions"]] == [
        "ARG",
        "FROM",
        "RUN",
        "COPY",
        "FROM",
        "COPY",
        "CMD",
    ]
    for instruction in data["instructions"]:
        assert set(instruction) >= {
            "keyword",
            "range",
            "keywordRange",
            "flags",
            "heredocs",
            "stage",
            "words",
            "execForm",
        }
    assert [i["stage"] for i in data["instructions"]] == [None, 0, 0, 0, 1, 1, 1]


def test_ranges_flags_heredocs_and_exec_form(
    capsys: pytest.CaptureFixture[str], dockerfile: Path
) -> None:
    data, _ = inspect(capsys, str(dockerfile))
    run, copy = data["instructions"][2], data["instructions"][3]
    # an instruction's range runs from its keyword to the end of its last line
    assert run["range"] == at(3, 0, 4, 35)
    assert run["keywordRange"] == at(3, 0, 3, 3)
    (mount,) = run["flags"]
    assert mount["name"] == "mount"
    assert mount["value"] == "type=cache,target=/root/.cache/pip"
    assert mount["nameRange"] == at(3, 6, 3, 11)
    assert mount["valueRange"] == at(3, 12, 3, 46)
    assert copy["range"] == at(5, 0, 7, 3)  # the heredoc body and terminator included
    (heredoc,) = copy["heredocs"]
    assert heredoc["delimiter"] == "EOF"
    assert heredoc["body"] == "debug = false\n"
    assert heredoc["bodyRange"] == at(6, 0, 6, 13)
    assert heredoc["terminatorRange"] == at(7, 0, 7, 3)
    cmd = data["instructions"][6]
    assert [w["value"] for w in cmd["execForm"]] == ["python", "-m", "app"]
    assert cmd["execForm"][0]["range"] == at(10, 5, 10, 13)


def test_stages(capsys: pytest.CaptureFixture[str], dockerfile: Path) -> None:
    data, _ = inspect(capsys, str(dockerfile))
    build, final = data["stages"]
    assert (build["index"], build["name"], build["parent"]) == (0, "build", None)
    assert build["image"]["resolved"] == "python:3.12-slim"
    assert build["image"]["tag"] == "3.12-slim"
    assert build["range"] == at(2, 0, 7, 3)
    assert final["name"] is None
    assert final["image"]["registry"] == "gcr.io"
    assert final["image"]["repository"] == "distroless/python3-debian12"


def test_problems_are_listed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM a\nRUN <<EOF\necho\n", encoding="utf-8")
    data, _ = inspect(capsys, str(path))
    (problem,) = data["problems"]
    assert problem["kind"] == "unterminated-heredoc"
    assert problem["severity"] == "error"
    assert problem["range"] == at(1, 4, 1, 9)
    assert "EOF" in problem["message"]


def test_dash_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO("from alpine\nrun echo é\n".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    data, err = inspect(capsys, "-")
    assert err == ""
    assert [(i["keyword"], i["keywordText"]) for i in data["instructions"]] == [
        ("FROM", "from"),
        ("RUN", "run"),
    ]
    assert data["instructions"][1]["words"][1]["value"] == "é"


def test_compact_output_is_one_line(capsys: pytest.CaptureFixture[str], dockerfile: Path) -> None:
    assert main(["inspect", "--compact", str(dockerfile)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out)["instructions"][0]["keyword"] == "ARG"


def _assert_one_line_error(err: str, *fragments: str) -> None:
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert err.startswith("dfls: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "Dockerfile"
    data, err = inspect(capsys, str(missing), code=2)
    assert data is None
    _assert_one_line_error(err, str(missing), "No such file")


def test_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data, err = inspect(capsys, str(tmp_path), code=2)
    assert data is None
    _assert_one_line_error(err, str(tmp_path), "directory")


def test_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    data, err = inspect(capsys, str(path), code=2)
    assert data is None
    _assert_one_line_error(err, str(path), "binary")


def test_latin1_file_works_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes('FROM alpine\nLABEL author="Jos\u00e9"\n'.encode("latin-1"))
    data, err = inspect(capsys, str(path))
    _assert_one_line_error(err, str(path), "Latin-1")
    label = data["instructions"][1]
    assert label["words"][0]["value"] == "author=Jos\u00e9"


@pytest.mark.e2e
def test_the_console_script(dockerfile: Path) -> None:
    script = Path(sys.executable).with_name("dfls")
    assert script.exists(), f"the dfls console script is not installed next to {sys.executable}"
    completed = subprocess.run(
        [str(script), "inspect", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    data = json.loads(completed.stdout)
    assert [s["name"] for s in data["stages"]] == ["build", None]
    failed = subprocess.run(
        [str(script), "inspect", str(dockerfile.parent / "missing")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert failed.returncode == 2
    assert failed.stdout == ""
    _assert_one_line_error(failed.stderr, "missing")


@pytest.mark.e2e
def test_python_dash_m_reads_stdin() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "dfls", "inspect", "--compact", "-"],
        input=b"FROM scratch\nCOPY app /\n",
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["stages"][0]["image"]["resolved"] == "scratch"
