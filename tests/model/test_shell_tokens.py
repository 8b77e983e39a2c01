"""The shell's lexical tokens: kinds, offsets, no overlaps, never raising."""

from __future__ import annotations

import random

import pytest

from dfls.model.shell_tokens import Kind, tokenize


def _pairs(source: str) -> list[tuple[str, str]]:
    return [(source[t.start : t.end], t.kind.value) for t in tokenize(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            'apt-get install -y "a $B c" && rm -rf /x # done',
            [
                ("apt-get", "command"),
                ("-y", "option"),
                ('"a ', "string"),
                ("$B", "variable"),
                (' c"', "string"),
                ("&&", "operator"),
                ("rm", "command"),
                ("-rf", "option"),
                ("# done", "comment"),
            ],
        ),
        (
            "FOO=1 make -j 4 2>&1 >/dev/null",
            [
                ("FOO", "assigned"),
                ("make", "command"),
                ("-j", "option"),
                ("4", "number"),
                ("2>&1", "operator"),
                (">", "operator"),
            ],
        ),
        (
            "for f in a b; do echo ${f:-x}; done",
            [
                ("for", "keyword"),
                ("f", "assigned"),
                ("in", "keyword"),
                (";", "operator"),
                ("do", "keyword"),
                ("echo", "command"),
                ("${f:-x}", "variable"),
                (";", "operator"),
                ("done", "keyword"),
            ],
        ),
        (
            "echo $(id -u) `date`",
            [
                ("echo", "command"),
                ("$(", "operator"),
                ("id", "command"),
                ("-u", "option"),
                (")", "operator"),
                ("`", "operator"),
                ("date", "command"),
                ("`", "operator"),
            ],
        ),
        ("cat <<EOF >/x", [("cat", "command"), (">", "operator")]),
        ("echo 'it''s'", [("echo", "command"), ("'it'", "string"), ("'s'", "string")]),
        ("export A=1 B", [("export", "command"), ("A", "assigned")]),
    ],
)
def test_kinds(source: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(source) == expected


def test_a_newline_starts_a_command() -> None:
    assert _pairs("echo a\nls -l") == [("echo", "command"), ("ls", "command"), ("-l", "option")]


def test_start_and_end_limit_the_source() -> None:
    source = "RUN echo hi"
    assert [(t.start, t.end, t.kind) for t in tokenize(source, 4)] == [(4, 8, Kind.COMMAND)]
    assert tokenize(source, 4, 6) == tokenize(source[:6], 4)


def test_unterminated_constructs_run_to_the_end() -> None:
    assert _pairs('echo "open $X') == [
        ("echo", "command"),
        ('"open ', "string"),
        ("$X", "variable"),
    ]
    assert _pairs("echo $(ls") == [("echo", "command"), ("$(", "operator"), ("ls", "command")]
    assert _pairs("echo 'open") == [("echo", "command"), ("'open", "string")]


def test_random_text_never_raises_and_never_overlaps() -> None:
    rng = random.Random(11)
    alphabet = "ab -$\"'`(){}|&;<>#=\\\n\t0123é🐳"
    for _ in range(2000):
        source = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        end = 0
        for token in tokenize(source):
            assert end <= token.start < token.end <= len(source), (source, token)
            end = token.end
