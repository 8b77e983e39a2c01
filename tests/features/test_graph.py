"""The stage graph: Mermaid, DOT, the hover summary, and ``dfls graph``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dfls.cli.main import main
from dfls.features import graph, hover
from dfls.model import Dockerfile, Position

TEXT = """\
ARG PY=3.12
FROM python:${PY}-slim AS base
FROM base AS build
RUN --mount=type=cache,from=tools,target=/t make
COPY --from=golang:1.22 /usr/local/go /go
FROM alpine:3.19 AS tools
FROM base AS final
COPY --from=build /app /app
COPY --from=0 /x /x
"""


def test_nodes_and_edges() -> None:
    drawn = graph.build(Dockerfile.parse(TEXT))
    labels = {node.id: node.label for node in drawn.nodes}
    edges = {(labels[e.source], labels[e.target], e.kind) for e in drawn.edges}
    assert edges == {
        ("python:3.12-slim", "base", graph.FROM),
        ("base", "build", graph.FROM),
        ("tools", "build", graph.MOUNT),
        ("golang:1.22", "build", graph.COPY),
        ("alpine:3.19", "tools", graph.FROM),
        ("base", "final", graph.FROM),
        ("build", "final", graph.COPY),
        ("base", "final", graph.COPY),
    }
    shipped = {node.label for node in drawn.nodes if node.shipped}
    assert shipped == {"base", "final"}
    assert [node.label for node in drawn.nodes if node.target] == ["final"]


def test_the_target_changes_what_ships() -> None:
    drawn = graph.build(Dockerfile.parse(TEXT), target="tools")
    assert {node.label for node in drawn.nodes if node.shipped} == {"tools"}


def test_duplicate_names_and_numeric_from() -> None:
    text = "FROM a AS dup\nFROM b AS dup\nFROM c\nCOPY --from=dup /x /x\nCOPY --from=1 /y /y\n"
    drawn = graph.build(Dockerfile.parse(text))
    ids = {node.id: node for node in drawn.nodes}
    copies = {(e.source, e.target) for e in drawn.edges if e.kind == graph.COPY}
    assert copies == {("s0", "s2"), ("s1", "s2")}  # `dup` is the first; 1 is the second
    assert ids["s2"].label == "stage 2"


def test_mermaid() -> None:
    out = graph.mermaid(graph.build(Dockerfile.parse(TEXT)))
    assert out.startswith("flowchart LR\n")
    assert '    s3["final (target)"]:::target' in out
    assert '    i0(["python:3.12-slim"]):::image' in out
    assert "    i0 --> s0" in out
    assert '    s1 -. "COPY --from" .-> s3' in out


def test_dot_escapes_quotes() -> None:
    text = 'FROM "weird\\"image" AS a\nFROM a\n'
    out = graph.dot(graph.build(Dockerfile.parse(text)))
    assert out.startswith("digraph stages {\n") and out.endswith("}\n")
    assert '\\"' in out
    assert "    s0 -> s1;" in out


def test_hover_on_a_from_line_shows_the_graph() -> None:
    dockerfile = Dockerfile.parse(TEXT)
    found = hover.hover(dockerfile, Position(2, 1))  # the FROM keyword of `build`
    assert found is not None
    assert "**Stages**" in found.markdown
    assert "`base` → **build**, files from `tools` (RUN --mount)" in found.markdown
    assert "`base` → `final`" in found.markdown and "· target" in found.markdown
    assert hover.hover(dockerfile, Position(3, 1)) is not None
    assert "**Stages**" not in (hover.hover(dockerfile, Position(3, 1)) or found).markdown


def test_no_graph_for_a_single_stage() -> None:
    assert graph.summary(Dockerfile.parse("FROM alpine\nRUN true\n"), 0) is None


def test_the_hover_summary_is_short() -> None:
    text = "".join(f"FROM alpine AS s{i}\n" for i in range(40))
    summary = graph.summary(Dockerfile.parse(text), 0)
    assert summary is not None
    assert summary.count("\n") < 20
    assert "28 more" in summary


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(TEXT)
    assert main(["graph", str(dockerfile)]) == 0
    assert capsys.readouterr().out.startswith("flowchart LR\n")
    assert main(["graph", "--format", "dot", "--target", "tools", str(dockerfile)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("digraph stages {")
    assert 's2 [label="tools (target)"' in out


def test_cli_reads_the_target_from_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dockerfile").write_text(TEXT)
    (tmp_path / ".dfls.toml").write_text('target-stage = "build"\n')
    assert main(["graph", str(tmp_path / "Dockerfile")]) == 0
    assert 's1["build (target)"]:::target' in capsys.readouterr().out


def test_cli_stdin_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"FROM a AS x\nFROM x\n")))
    assert main(["graph", "-"]) == 0
    assert "s0 --> s1" in capsys.readouterr().out
    assert main(["graph", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err


def test_cli_refuses_a_target_that_names_no_stage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # as `dfls check --target-stage` (and `docker build --target`): no silent fallback to
    # the last stage, drawn as "(target)" although the user asked for another
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(TEXT)
    assert main(["graph", "--target", "nope", str(dockerfile)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--target: no stage named 'nope'" in captured.err
