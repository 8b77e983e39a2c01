"""Folding, selection ranges, document links and inlay hints on tricky files."""

from __future__ import annotations

from dfls.features.folding import COMMENT, REGION, Fold, folding_ranges
from dfls.features.inlay_hints import inlay_hints
from dfls.features.links import document_links
from dfls.features.selection import selection_spans
from dfls.knowledge.registries import image_page
from dfls.model import Dockerfile, Position, Span
from dfls.model.stages import parse_image_ref

FILE = """\
# syntax=docker/dockerfile:1
# first comment
# second comment
ARG PY=3.12
FROM python:${PY}-slim AS build
RUN apt-get update && \\
    apt-get install -y curl
RUN <<EOF
set -e
echo hi
EOF

FROM build AS build
COPY --from=0 /a /b
"""


def test_folds_stages_instructions_and_comment_blocks() -> None:
    folds = folding_ranges(Dockerfile.parse(FILE))
    assert [(f.start_line, f.end_line, f.kind) for f in folds] == [
        (0, 2, COMMENT),  # the directive and the comments after it
        (4, 10, REGION),  # the first stage
        (5, 6, None),  # a continuation
        (7, 10, None),  # a heredoc
        (12, 13, REGION),  # the second stage (its name repeats the first's)
    ]
    assert folds[1] == Fold(4, 10, REGION, 3)


def test_a_one_line_stage_does_not_fold_and_a_fold_never_starts_twice() -> None:
    text = "FROM a AS x\nFROM b AS y\nRUN one \\\n  two\n"
    folds = folding_ranges(Dockerfile.parse(text))
    assert [(f.start_line, f.end_line) for f in folds] == [(1, 3), (2, 3)]
    multi_line_from = "FROM \\\n  alpine\nRUN x\n"
    folds = folding_ranges(Dockerfile.parse(multi_line_from))
    assert [(f.start_line, f.end_line, f.kind) for f in folds] == [(0, 2, REGION)]


def test_a_second_heredoc_folds_on_its_own() -> None:
    text = "FROM a\nCOPY <<A <<B /dst/\none\nA\ntwo\nB\n"
    folds = folding_ranges(Dockerfile.parse(text))
    assert (1, 5) in [(f.start_line, f.end_line) for f in folds]


def test_crlf_and_backtick_escape_fold_the_same() -> None:
    text = "# escape=`\r\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\r\nRUN dir `\r\n  c:\\\r\n"
    folds = folding_ranges(Dockerfile.parse(text))
    assert [(f.start_line, f.end_line, f.kind) for f in folds] == [(1, 3, REGION), (2, 3, None)]


def _chain(text: str, line: int, column: int) -> list[str]:
    dockerfile = Dockerfile.parse(text)
    return [_text(dockerfile, span) for span in selection_spans(dockerfile, Position(line, column))]


def _text(dockerfile: Dockerfile, span: Span) -> str:
    lines = dockerfile.lines[span.start.line : span.end.line + 1]
    if len(lines) == 1:
        return lines[0][span.start.character : span.end.character]
    return "\n".join(
        [lines[0][span.start.character :], *lines[1:-1], lines[-1][: span.end.character]]
    )


def test_selection_word_command_instruction_stage_document() -> None:
    chain = _chain(FILE, 6, 24)  # in "curl"
    assert chain[:4] == [
        "curl",
        "apt-get install -y curl",
        "apt-get update && \\\n    apt-get install -y curl",
        "RUN apt-get update && \\\n    apt-get install -y curl",
    ]
    assert chain[4].startswith("FROM python:${PY}-slim AS build\n") and chain[4].endswith("EOF")
    assert chain[5] == FILE


def test_selection_flag_value_then_flag() -> None:
    chain = _chain(FILE, 13, 12)  # the "0" of --from=0
    assert chain[:4] == ["0", "--from=0", "--from=0 /a /b", "COPY --from=0 /a /b"]


def test_selection_variable_in_an_image() -> None:
    chain = _chain(FILE, 4, 15)  # in ${PY}
    assert chain[:3] == ["${PY}", "python:${PY}-slim", "python:${PY}-slim AS build"]


def test_selection_key_value_pair() -> None:
    chain = _chain(FILE, 3, 8)  # in 3.12
    assert chain[:3] == ["3.12", "PY=3.12", "ARG PY=3.12"]


def test_selection_counts_code_points_with_emoji() -> None:
    chain = _chain('FROM a\nRUN echo "🐳🐳" done\n', 1, 18)  # in "done"
    assert chain[0] == "done"


def test_selection_on_a_comment_and_a_blank_line() -> None:
    assert _chain(FILE, 1, 3)[0] == "# first comment"
    assert _chain(FILE, 11, 0) == [FILE]


def test_registry_pages() -> None:
    def page(reference: str) -> str | None:
        span = Span(Position(0, 0), Position(0, 0))
        return image_page(parse_image_ref(reference, reference, span))

    assert page("python:3.12-slim") == "https://hub.docker.com/_/python"
    assert page("docker.io/library/nginx@sha256:abc") == "https://hub.docker.com/_/nginx"
    assert page("bitnami/redis:7") == "https://hub.docker.com/r/bitnami/redis"
    assert page("gcr.io/distroless/static-debian12") == "https://gcr.io/distroless/static-debian12"
    assert page("ghcr.io/astral-sh/uv:0.5") == "https://ghcr.io/astral-sh/uv"
    assert page("quay.io/prometheus/node-exporter") == (
        "https://quay.io/repository/prometheus/node-exporter"
    )
    assert page("mcr.microsoft.com/dotnet/sdk:8.0") == (
        "https://mcr.microsoft.com/artifact/mar/dotnet/sdk"
    )
    assert page("public.ecr.aws/docker/library/alpine") == (
        "https://gallery.ecr.aws/docker/library/alpine"
    )
    assert page("registry.example.com:5000/team/app") is None
    assert page("scratch") is None
    assert page("python:${PY}") is None


def test_links_images_syntax_add_urls_and_comment_urls() -> None:
    text = (
        "# syntax=docker/dockerfile:1.7\n"
        "# see https://docs.docker.com/build/ (the docs).\n"
        "ARG TAG=3.19\n"
        "FROM alpine:${TAG} AS base\n"
        "FROM base AS next\n"
        "FROM $UNSET\n"
        "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n"
        "COPY --from=base /a /b\n"
        "ADD https://example.com/a.tar.gz /tmp/\n"
        "RUN true \\\n"
        "  # wiki https://en.wikipedia.org/wiki/Foo_(bar), end\n"
        "  && false\n"
    )
    links = document_links(Dockerfile.parse(text))
    assert [(link.span.start.line, link.target) for link in links] == [
        (0, "https://hub.docker.com/r/docker/dockerfile"),
        (1, "https://docs.docker.com/build/"),
        (3, "https://hub.docker.com/_/alpine"),
        (6, "https://hub.docker.com/_/nginx"),
        (8, "https://example.com/a.tar.gz"),
        (10, "https://en.wikipedia.org/wiki/Foo_(bar)"),
    ]
    assert links[2].span == Span(Position(3, 5), Position(3, 18))


def test_inlay_hints_resolved_images_and_stage_indexes() -> None:
    text = (
        "ARG PY=3.12\n"
        "ARG UNSET\n"
        "FROM python:${PY}-slim AS build\n"
        "FROM $UNSET\n"
        "FROM alpine\n"
        "COPY --from=0 /a /b\n"
        "COPY --from=2 /a /b\n"
        "COPY --from=build /a /b\n"
        "COPY --from=9 /a /b\n"
    )
    dockerfile = Dockerfile.parse(text)
    hints = inlay_hints(dockerfile)
    assert [(h.position, h.label) for h in hints] == [
        (Position(2, 22), "= python:3.12-slim"),
        (Position(5, 13), "build"),
        (Position(6, 13), "FROM alpine"),
    ]
    assert [h.label for h in inlay_hints(dockerfile, Span(Position(5, 0), Position(5, 99)))] == [
        "build"
    ]


def test_inlay_hints_with_duplicate_stage_names() -> None:
    text = "FROM a AS dup\nFROM b AS dup\nCOPY --from=1 /a /b\n"
    hints = inlay_hints(Dockerfile.parse(text))
    assert [(h.label, h.tooltip) for h in hints] == [("dup", "stage 1, `dup`, line 2")]


def test_the_inlay_hints_setting() -> None:
    from dfls.engine.config import Settings, from_mapping

    assert Settings().inlay_hints is True
    settings, errors = from_mapping({"inlay-hints": False})
    assert settings.inlay_hints is False and errors == []
    settings, errors = from_mapping({"inlayHints": "no"})
    assert settings.inlay_hints is True
    assert errors == ["settings: inlayHints: expected true or false; using the default: true"]
