"""Semantic tokens: what each piece is, no overlaps, the cache and delta against a fresh parse."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dfls.features import semantic_tokens as tokens
from dfls.features.token_legend import TOKEN_MODIFIERS, TOKEN_TYPES
from dfls.lsp import convert
from dfls.model import Dockerfile, Position, Span
from tests.conftest import corpus_files

Decoded = tuple[int, int, str, str, tuple[str, ...]]


def decode(data: list[int], lines: list[str], encoding: str | None = None) -> list[Decoded]:
    """(line, start, text, type, modifiers) for each token; columns in code points."""
    found: list[Decoded] = []
    line = start = 0
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, kind, bits = data[i : i + 5]
        line += delta_line
        start = delta_start if delta_line else start + delta_start
        text = lines[line]
        begin, end = start, start + length
        if encoding is not None:
            begin = convert.from_client_column(text, start, encoding)
            end = convert.from_client_column(text, start + length, encoding)
        modifiers = tuple(m for b, m in enumerate(TOKEN_MODIFIERS) if bits & (1 << b))
        found.append((line, begin, text[begin:end], TOKEN_TYPES[kind], modifiers))
    return found


def _tokens(text: str) -> list[Decoded]:
    dockerfile = Dockerfile.parse(text)
    return decode(tokens.full(dockerfile, tokens.TokenCache()).data, dockerfile.lines)


def _kinds(text: str) -> dict[str, str]:
    """Each token's text and type (the last one wins for repeated texts)."""
    return {found[2]: found[3] for found in _tokens(text)}


def test_keywords_flags_values_and_directives() -> None:
    text = (
        "# syntax=docker/dockerfile:1\n"
        "# escape=\\\n"
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
        "HEALTHCHECK --interval=30s CMD curl -f http://x/ || exit 1\n"
        "MAINTAINER someone\n"
        "EXPOSE 8080/tcp\n"
    )
    found = _tokens(text)
    assert found[:3] == [
        (0, 0, "# ", "comment", ()),
        (0, 2, "syntax", "macro", ()),
        (0, 9, "docker/dockerfile:1", "type", ()),
    ]
    kinds = {(t[0], t[2]): (t[3], t[4]) for t in found}
    assert kinds[(1, "escape")] == ("macro", ())
    assert kinds[(2, "FROM")] == ("keyword", ())
    assert kinds[(2, "--platform")] == ("parameter", ())
    assert kinds[(2, "$BUILDPLATFORM")] == ("variable", ("defaultLibrary",))
    assert kinds[(2, "golang:1.22")] == ("type", ())
    assert kinds[(2, "AS")] == ("keyword", ())
    assert kinds[(2, "build")] == ("class", ("declaration",))
    assert kinds[(3, "--interval")] == ("parameter", ())
    assert kinds[(3, "30s")] == ("string", ())
    assert kinds[(3, "CMD")] == ("keyword", ())
    assert kinds[(3, "curl")] == ("function", ())
    assert kinds[(3, "||")] == ("operator", ())
    assert kinds[(4, "MAINTAINER")] == ("keyword", ("deprecated",))
    assert kinds[(5, "8080/tcp")] == ("number", ())


def test_variables_declared_and_used() -> None:
    text = 'ARG PY=3.12\nFROM python:${PY}-slim\nENV HOME_DIR="/home/$USER" X=1\nLABEL a.b="c"\n'
    found = {(t[0], t[2]): (t[3], t[4]) for t in _tokens(text)}
    assert found[(0, "PY")] == ("variable", ("declaration",))
    assert found[(0, "3.12")] == ("string", ())
    assert found[(1, "python:")] == ("type", ())
    assert found[(1, "${PY}")] == ("variable", ())
    assert found[(1, "-slim")] == ("type", ())
    assert found[(2, "HOME_DIR")] == ("variable", ("declaration",))
    assert found[(2, '"/home/')] == ("string", ())
    assert found[(2, "$USER")] == ("variable", ())
    assert found[(3, "a.b")] == ("property", ())


def test_stage_names_and_image_references() -> None:
    text = (
        "FROM alpine:3.19 AS base\n"
        "FROM base AS build\n"
        "RUN --mount=type=cache,from=base,target=/x make\n"
        "FROM base AS BASE\n"  # a duplicate name: the first stage keeps it
        "COPY --from=0 /a /b\n"
        "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n"
        "COPY --from=build /app /app\n"
    )
    found = {(t[0], t[2]): (t[3], t[4]) for t in _tokens(text)}
    assert found[(0, "alpine:3.19")] == ("type", ())
    assert found[(1, "base")] == ("class", ())
    assert found[(2, "type")] == ("property", ())
    assert found[(2, "cache")] == ("string", ())
    assert found[(2, "base")] == ("class", ())
    assert found[(3, "BASE")] == ("class", ("declaration",))
    assert found[(4, "0")] == ("class", ())
    assert found[(5, "nginx:1.27")] == ("type", ())
    assert found[(6, "build")] == ("class", ())


def test_the_shell_inside_run_is_tokenized() -> None:
    text = (
        "FROM debian\n"
        "RUN set -eux; \\\n"
        "    # a comment inside the continuation\n"
        '    apt-get install -y --no-install-recommends "curl" $PKG 2>&1 | tee /log && \\\n'
        "    if [ -f x ]; then echo $(date) 'done'; fi\n"
    )
    found = [(t[0], t[2], t[3]) for t in _tokens(text)]
    assert (1, "set", "function") in found
    assert (1, "-eux", "parameter") in found
    assert (1, ";", "operator") in found
    assert (2, "# a comment inside the continuation", "comment") in found
    assert (3, "apt-get", "function") in found
    assert (3, "--no-install-recommends", "parameter") in found
    assert (3, '"curl"', "string") in found
    assert (3, "$PKG", "variable") in found
    assert (3, "|", "operator") in found
    assert (3, "tee", "function") in found
    assert (3, "&&", "operator") in found
    assert (4, "if", "keyword") in found
    assert (4, "$(", "operator") in found
    assert (4, "date", "function") in found
    assert (4, "'done'", "string") in found
    assert (4, "fi", "keyword") in found
    assert (3, "install", "function") not in found  # a plain argument is not a token


def test_heredocs_markers_and_shell_bodies() -> None:
    text = (
        "FROM debian\n"
        "RUN <<EOF\n"
        "set -e\n"
        'echo "hi $NAME" # greet\n'
        "EOF\n"
        "COPY <<CONF /etc/app.conf\n"
        "key = value\n"
        "CONF\n"
    )
    found = [(t[0], t[2], t[3]) for t in _tokens(text)]
    assert (1, "<<EOF", "operator") in found
    assert (2, "set", "function") in found
    assert (3, "echo", "function") in found
    assert (3, "$NAME", "variable") in found
    assert (3, "# greet", "comment") in found
    assert (4, "EOF", "operator") in found
    assert (5, "<<CONF", "operator") in found
    assert not [t for t in found if t[0] == 6]  # a file's content is not shell
    assert (7, "CONF", "operator") in found


def test_escape_backtick_and_exec_form() -> None:
    text = (
        "# escape=`\n"
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        "RUN powershell -Command `\n"
        "    Write-Host hello\n"
        'CMD ["cmd", "/S", "/C", "echo hi"]\n'
    )
    found = [(t[0], t[2], t[3]) for t in _tokens(text)]
    assert (1, "mcr.microsoft.com/windows/servercore:ltsc2022", "type") in found
    assert (2, "powershell", "function") in found
    assert (2, "-Command", "parameter") in found
    assert (4, '"cmd"', "string") in found
    assert (4, '"echo hi"', "string") in found


def test_crlf_and_utf16_columns() -> None:
    text = 'FROM alpine\r\nRUN echo "héllo 🐳" $X\r\nLABEL emoji="🐳🐳" k=v\r\n'
    dockerfile = Dockerfile.parse(text)
    column = functools.partial(_column, encoding=convert.UTF16)
    data = tokens.full(dockerfile, tokens.TokenCache(column)).data
    found = decode(data, dockerfile.lines, convert.UTF16)
    assert (1, 19, "$X", "variable", ()) in found
    assert (2, 12, '"🐳🐳"', "string", ()) in found
    assert (2, 17, "k", "property", ()) in found
    # the same tokens as in code points, but on the wire a 🐳 counts two UTF-16 units
    points = tokens.full(dockerfile, tokens.TokenCache()).data
    assert decode(points, dockerfile.lines) == found
    assert data != points
    wire = [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 5)]
    assert (0, 11, 2) in wire  # $X: 11 units after the string, which holds a 🐳
    assert (0, 6, 6) in wire  # "🐳🐳": 6 units long (4 code points)


def _column(line: str, column: int, encoding: str) -> int:
    return convert.to_client_column(line, column, encoding)


def _check_wellformed(dockerfile: Dockerfile, data: list[int]) -> None:
    assert len(data) % 5 == 0
    previous = (-1, -1)
    previous_end = 0
    for line, start, text, _, _ in decode(data, dockerfile.lines):
        assert text, "empty token"
        assert start + len(text) <= len(dockerfile.lines[line])
        if line == previous[0]:
            assert start >= previous_end, f"overlap on line {line}"
        assert (line, start) > previous
        previous = (line, start)
        previous_end = start + len(text)


@pytest.mark.parametrize(
    "path", corpus_files()[::4], ids=lambda p: str(p.relative_to(p.parents[1]))
)
def test_corpus_tokens_are_wellformed(path: Path) -> None:
    dockerfile = Dockerfile.parse(path.read_text(encoding="utf-8", errors="replace"))
    _check_wellformed(dockerfile, tokens.full(dockerfile, tokens.TokenCache()).data)


def _apply(data: list[int], edits: list[tokens.Delta]) -> list[int]:
    data = list(data)
    for edit in reversed(edits):
        data[edit.start : edit.start + edit.delete] = edit.data
    return data


BASE = (
    "# syntax=docker/dockerfile:1\n"
    "ARG PY=3.12\n"
    "FROM python:${PY} AS build\n"
    "RUN apt-get update && \\\n"
    "    apt-get install -y curl\n"
    "# note\n"
    "COPY --from=build /a /b\n"
    "FROM build AS final\n"
    "RUN <<EOF\n"
    "echo $PY\n"
    "EOF\n"
)
PIECES = ["a", " ", "\n", "\\\n", "FROM x AS build\n", "$PY", '"', "#", "--from=0 ", "<<EOF\n"]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 3), st.sampled_from(PIECES)), max_size=8)
)
def test_cached_and_delta_answers_equal_a_fresh_parse(edits: list[tuple[int, int, str]]) -> None:
    dockerfile = Dockerfile.parse(BASE)
    cache = tokens.TokenCache()
    previous = tokens.full(dockerfile, cache)
    for offset, removed, piece in edits:
        text = dockerfile.text
        start = min(offset, len(text))
        end = min(start + removed, len(text))
        dockerfile = dockerfile.apply_edit(_span(text, start, end), piece)
        current = tokens.full(dockerfile, cache)
        fresh = Dockerfile.parse(dockerfile.text)
        assert current.data == tokens.full(fresh, tokens.TokenCache()).data
        assert _apply(previous.data, tokens.delta(previous, current)) == current.data
        assert current.json() == "[" + ",".join(map(str, current.data)) + "]"
        previous = current


def _span(text: str, start: int, end: int) -> Span:
    def position(offset: int) -> Position:
        before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
        line = before.count("\n")
        return Position(line, len(before) - before.rfind("\n") - 1)

    return Span(position(start), position(end))


def test_a_keystroke_reencodes_only_the_edited_instruction() -> None:
    text = "".join(f"FROM alpine AS s{i}\nRUN echo {i} && make\n" for i in range(200))
    dockerfile = Dockerfile.parse(text)
    cache = tokens.TokenCache()
    before = tokens.full(dockerfile, cache)
    encoded: list[object] = []
    original = cache._encode

    def counting(*args: object) -> object:
        encoded.append(args[1])
        return original(*args)  # type: ignore[arg-type]

    cache._encode = counting  # type: ignore[method-assign,assignment]
    edited = dockerfile.apply_edit(Span(Position(201, 20), Position(201, 20)), "x")
    after = tokens.full(edited, cache)
    assert len(encoded) == 1
    edits = tokens.delta(before, after)
    assert len(edits) == 1 and len(edits[0].data) == edits[0].delete == 25


def test_range_covers_the_items_on_those_lines() -> None:
    text = "".join(f"FROM alpine AS s{i}\nRUN echo {i}\n" for i in range(50))
    dockerfile = Dockerfile.parse(text)
    cache = tokens.TokenCache()
    found = decode(tokens.in_range(dockerfile, cache, 40, 43), dockerfile.lines)
    assert {t[0] for t in found} == {40, 41, 42, 43}
    assert (40, 15, "s20", "class", ("declaration",)) in found
    whole = decode(tokens.full(dockerfile, cache).data, dockerfile.lines)
    assert [t for t in whole if 40 <= t[0] <= 43] == found


def test_random_text_never_raises() -> None:
    rng = random.Random(5)
    alphabet = "FROM RUN COPY --from=$ {}()<<EOF\n\\\"'`#=,;&|-é🐳\r\t"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
        dockerfile = Dockerfile.parse(text)
        _check_wellformed(dockerfile, tokens.full(dockerfile, tokens.TokenCache()).data)
