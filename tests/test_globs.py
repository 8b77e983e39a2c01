"""Glob patterns (``exclude``, ``.dockerignore``): what they match, and that hostile ones
cannot make a match take exponential time (bench/globs.py shows the growth)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from dfls.knowledge.dockerignore import is_ignored
from dfls.knowledge.globs import MAX_PATTERN_LENGTH, GlobError, compile_glob, problem, translate


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("a", "a", True),
        ("a", "a/b", False),
        ("*", "abc", True),
        ("*", "a/b", False),
        ("*.txt", "notes.txt", True),
        ("*a*b", "xaxxb", True),
        ("*a*b", "xbxa", False),
        ("a?c", "abc", True),
        ("a?c", "a/c", False),
        ("[ab]x", "bx", True),
        ("[!ab]x", "cx", True),
        ("[^ab]x", "ax", False),
        ("a[/]b", "a/b", False),  # a class never matches the separator
        ("a\\*b", "a*b", True),
        ("a\\*b", "axb", False),
        ("**", "a/b/c", True),
        ("**/a", "a", True),
        ("**/a", "x/y/a", True),
        ("a/**", "a", False),
        ("a/**", "a/b/c", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("a/**/b", "a/x/y/bb", False),
        ("**/**/**/a", "x/a", True),
        ("**/a/**/b/**/c", "a/b/c", True),
        ("**/a/**/b/**/c", "x/a/y/b/z/q/c", True),
        ("**/a/**/b/**/c", "x/a/y/z/q/c", False),
        ("x/**/ab*/**/c", "x/abz/ab/c", True),
        ("a**b", "axxb", True),  # `**` inside a segment is a plain `*`
        ("a**b", "ax/xb", False),
    ],
)
def test_matches(pattern: str, path: str, matches: bool) -> None:
    assert bool(compile_glob(pattern).fullmatch(path)) is matches


def test_anywhere_matches_at_any_depth() -> None:
    assert compile_glob("*.dev", anywhere=True).fullmatch("a/b/Dockerfile.dev")
    assert not compile_glob("*.dev", anywhere=False).fullmatch("a/b/Dockerfile.dev")


def test_parents_match_a_path_below_what_the_pattern_names() -> None:
    regex = compile_glob("a/*", parents=True)
    assert regex.match("a/b")
    assert regex.match("a/b/c/d")
    assert not regex.match("ab/c")
    assert not regex.match("a")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("[z-a]", "bad character class [z-a]"),
        ("x" * (MAX_PATTERN_LENGTH + 1), "characters long"),
    ],
)
def test_unusable_patterns_are_errors(pattern: str, message: str) -> None:
    with pytest.raises(GlobError, match=re.escape(message)):
        translate(pattern)
    found = problem(pattern)
    assert found is not None and message in found


def test_stars_between_fixed_pieces_are_atomic() -> None:
    """The shape that keeps matching linear: every middle piece is found once, leftmost."""
    assert translate("*a*a*b") == r"(?>[^/]*?a)(?>[^/]*?a)[^/]*b(?![^/])\Z"
    assert translate("**/" * 25 + "x").count("(?:") == 1  # one `**`, however often written


def test_a_bad_dockerignore_line_excludes_nothing() -> None:
    assert not is_ignored(("[z-a]",), "z")
    assert is_ignored(("[z-a]", "z"), "z")


HOSTILE = textwrap.dedent(
    """
    from dfls.engine.discovery import compile_pattern
    from dfls.knowledge.dockerignore import is_ignored
    cases = [
        ("*a" * 12 + "b", "a" * 40),
        ("**/" * 25, "/".join(["a"] * 40)),
        ("**/" * 25 + "x", "/".join(["a"] * 40) + "/y"),
        ("*a" * 300 + "b", "a" * 2000),
    ]
    for pattern, path in cases:
        compiled = compile_pattern(pattern)
        assert compiled is not None
        compiled.regex.fullmatch(path)
        is_ignored((pattern,), path)
    print("done")
    """
)


def test_hostile_patterns_do_not_hang() -> None:
    """A hang guard only (the timeout is generous); bench/globs.py measures the growth.
    Before the linear matcher, the first case alone took over a minute."""
    run = subprocess.run(
        [sys.executable, "-c", HOSTILE], capture_output=True, text=True, timeout=60, check=True
    )
    assert run.stdout.strip() == "done"
