"""Scanners over one logical line: words, flags, exec-form JSON, variables, heredoc markers.

Each scanner works on offsets into the logical line; the lexer maps offsets to positions.
They follow BuildKit's rules (flags are the leading ``--`` words; exec form is a JSON array
of strings; a heredoc marker is a word of the form ``[n]<<[-]NAME``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import NamedTuple

_WHITESPACE = " \t\v\f\r"
_HEREDOC_WORD = re.compile(r"^(\d*)<<(-?)([^<]*)$")
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACED_MODIFIER = re.compile(r":?[-+?=]|#{1,2}|%{1,2}|/{1,2}")
_new = tuple.__new__  # NamedTuple construction without the Python-level __new__


class RawWord(NamedTuple):
    start: int
    end: int
    text: str
    value: str


class RawFlag(NamedTuple):
    start: int
    end: int
    name: str
    name_start: int
    name_end: int
    value: str | None
    value_start: int
    value_end: int


class RawVariable(NamedTuple):
    start: int
    end: int
    name: str
    braced: bool
    modifier: str | None
    word: str | None


class RawHeredoc(NamedTuple):
    start: int
    end: int
    delimiter: str
    strip_tabs: bool
    quoted: bool


def split_words(text: str, start: int, escape: str) -> list[RawWord]:
    """Split ``text[start:]`` at unquoted whitespace; quotes and escapes group characters.

    ``value`` has the quotes removed and escaped characters unescaped.
    """
    plain = plain_characters(escape)
    return [
        RawWord(
            match.start(),
            match.end(),
            word,
            word if plain.isdisjoint(word) else unquote(word, escape),
        )
        for match in word_pattern(escape).finditer(text, start)
        for word in (match.group(),)
    ]


def word_texts(text: str, escape: str) -> list[str]:
    """The words of ``text`` as written: :func:`split_words` without values or offsets."""
    return word_pattern(escape).findall(text)


def word_bounds(text: str, escape: str) -> list[tuple[int, int]]:
    """Where each word of ``text`` starts and ends, as :func:`split_words` splits them."""
    return [match.span() for match in word_pattern(escape).finditer(text)]


@lru_cache(maxsize=4)
def plain_characters(escape: str) -> frozenset[str]:
    """The characters that make a word's value differ from its text."""
    return frozenset("'\"" + escape)


@lru_cache(maxsize=4)
def word_pattern(escape: str) -> re.Pattern[str]:
    """One word: plain characters, escaped characters and quoted runs, until a blank.

    An unterminated quote runs to the end; an escape at the very end is a plain character.
    Every quantifier is possessive: no part of a word ever needs to give back what it took
    (a quoted run ends at its quote or at the end), so this matches what the same pattern
    with backtracking would, faster.
    """
    e = re.escape(escape)
    blank = re.escape(_WHITESPACE)
    escaped = f"{e}[\\s\\S]|{e}\\Z"
    return re.compile(
        f"(?:[^{blank}'\"{e}]++|{escaped}|'[^']*+(?:'|\\Z)"
        f'|"(?:[^"{e}]++|{escaped})*+(?:"|\\Z))++'
    )


def unquote(word: str, escape: str) -> str:
    """A word's value: quotes removed and escaped characters unescaped.

    Inside single quotes nothing is special; elsewhere an escape takes the next character
    as it is (an escape at the very end stays); an unterminated quote runs to the end.
    """
    if escape not in word:
        if "'" not in word:
            return word.replace('"', "")
        if '"' not in word:
            return word.replace("'", "")
    return _unquoter(escape)(word)


@lru_cache(maxsize=4)
def _unquoter(escape: str) -> Callable[[str], str]:
    """:func:`unquote` for words with both kinds of quote or an escape: one substitution."""
    e = re.escape(escape)
    # A single-quoted run, a double-quoted run (escapes work inside), an escaped character.
    runs = re.compile(f"'([^']*)'?|\"((?:[^\"{e}]|{e}[\\s\\S]?)*)\"?|{e}([\\s\\S])")
    escaped = re.compile(f"{e}([\\s\\S])")

    def value(match: re.Match[str]) -> str:
        single, double, character = match.group(1, 2, 3)
        if single is not None:
            return single
        if character is not None:
            return character
        return escaped.sub(r"\1", double) if escape in double else double

    def unquoted(word: str) -> str:
        return runs.sub(value, word)

    return unquoted


def take_flags(words: list[RawWord]) -> tuple[list[RawFlag], list[RawWord]]:
    """Split leading ``--name[=value]`` words off; a bare ``--`` ends the flags."""
    flags: list[RawFlag] = []
    for index, word in enumerate(words):
        if not word.text.startswith("--"):
            return flags, words[index:]
        if word.text == "--":
            return flags, words[index + 1 :]
        name, eq, _ = word.value[2:].partition("=")
        name_start = word.start + 2
        name_end = name_start + len(name)
        raw_eq = word.text.find("=")
        if eq and raw_eq >= 0:
            value_start = word.start + raw_eq + 1
            value: str | None = word.value[2 + len(name) + 1 :]
        else:
            value_start = word.end
            value = None
        flags.append(
            RawFlag(word.start, word.end, name, name_start, name_end, value, value_start, word.end)
        )
    return flags, []


def scan_exec_form(text: str, start: int) -> list[RawWord] | None:
    """Read ``text[start:]`` as a JSON array of strings, with each element's offsets.

    Returns None when it is not one: BuildKit then treats the arguments as shell form.
    """
    n = len(text)
    i = _skip_space(text, start)
    if i >= n or text[i] != "[":
        return None
    i = _skip_space(text, i + 1)
    elements: list[RawWord] = []
    if i < n and text[i] == "]":
        return elements if _skip_space(text, i + 1) == n else None
    while i < n:
        if text[i] != '"':
            return None
        j = i + 1
        while j < n and text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        if j >= n:
            return None
        raw = text[i : j + 1]
        try:
            value = json.loads(raw)
        except ValueError:
            return None
        elements.append(RawWord(i, j + 1, raw, value))
        i = _skip_space(text, j + 1)
        if i < n and text[i] == ",":
            i = _skip_space(text, i + 1)
            continue
        if i < n and text[i] == "]":
            return elements if _skip_space(text, i + 1) == n else None
        return None
    return None


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t\r\n":
        i += 1
    return i


def scan_variables(text: str, start: int, escape: str) -> list[RawVariable]:
    """Find ``$NAME`` and ``${NAME...}`` outside single quotes and not escaped.

    A reference nested in another's word (``${A:-$B}``) is reported too, after it.
    """
    if text.find("$", start) < 0:
        return []
    braces = _brace_pairs(text, start, escape) if "${" in text else {}
    found: list[RawVariable] = []
    regions = [(start, len(text))]
    nested = False
    while regions:  # a work list, not recursion: nesting may be deep
        begin, end = regions.pop()
        for variable in _scan(text, begin, end, escape, braces):
            found.append(variable)
            if variable.word:
                regions.append((variable.end - 1 - len(variable.word), variable.end - 1))
                nested = True
    if nested:
        found.sort(key=lambda v: v.start)
    return found


@lru_cache(maxsize=4)
def _special(escape: str) -> re.Pattern[str]:
    return re.compile("[$'\"" + re.escape(escape) + "]")


@lru_cache(maxsize=4)
def _dollar_or_escape(escape: str) -> re.Pattern[str]:
    return re.compile("[$" + re.escape(escape) + "]")


@lru_cache(maxsize=4)
def _brace_special(escape: str) -> re.Pattern[str]:
    return re.compile("[$}" + re.escape(escape) + "]")


def _brace_pairs(text: str, i: int, escape: str) -> dict[int, int]:
    """Where the ``}`` closing each ``${`` is (keyed by the ``$``), nesting respected."""
    special = _brace_special(escape)
    pairs: dict[int, int] = {}
    open_: list[int] = []
    while (match := special.search(text, i)) is not None:
        i = match.start()
        ch = text[i]
        if ch == escape:
            i += 2
        elif ch == "}":
            if open_:
                pairs[open_.pop()] = i
            i += 1
        elif text.startswith("{", i + 1):
            open_.append(i)
            i += 2
        else:
            i += 1
    return pairs


def _scan(text: str, i: int, n: int, escape: str, braces: dict[int, int]) -> Iterator[RawVariable]:
    # Double quotes matter only because a single quote inside them opens nothing.
    special = _special(escape) if "'" in text else _dollar_or_escape(escape)
    in_double = False
    while (match := special.search(text, i, n)) is not None:
        i = match.start()
        ch = text[i]
        if ch == escape:
            i += 2
        elif ch == "'" and not in_double:
            close = text.find("'", i + 1, n)
            if close < 0:
                return
            i = close + 1
        elif ch != "$":
            in_double ^= ch == '"'
            i += 1
        else:
            variable = _variable_at(text, i, n, braces) if i + 1 < n else None
            if variable is None:
                i += 1
                continue
            yield variable
            i = variable.end


def _variable_at(text: str, i: int, n: int, braces: dict[int, int]) -> RawVariable | None:
    if text[i + 1] != "{":
        match = _VAR_NAME.match(text, i + 1, n)
        if match is None:
            return None
        return _new(RawVariable, (i, match.end(), match.group(), False, None, None))
    match = _VAR_NAME.match(text, i + 2, n)
    close = braces.get(i, n)
    if not match or close >= n:
        return None
    rest = text[match.end() : close]
    if not rest:
        return RawVariable(i, close + 1, match.group(), True, None, None)
    modifier = _BRACED_MODIFIER.match(rest)
    if not modifier:
        return None
    return RawVariable(i, close + 1, match.group(), True, modifier.group(), rest[modifier.end() :])


def heredoc_marker(word: RawWord) -> RawHeredoc | None:
    """Read a word such as ``<<EOF``, ``<<-"EOF"`` or ``3<<'END'`` as a heredoc marker.

    As BuildKit: the part after ``<<`` must be one shell word (quotes may hold blanks,
    a backslash escapes); the delimiter is that word with quotes and escapes removed.
    """
    match = _HEREDOC_WORD.match(word.text)
    if not match or not match.group(3):
        return None
    delimiter, quoted = _heredoc_name(match.group(3))
    if not delimiter:
        return None
    return RawHeredoc(word.start, word.end, delimiter, match.group(2) == "-", quoted)


def _heredoc_name(rest: str) -> tuple[str | None, bool]:
    """The delimiter and whether any of it was quoted; None unless ``rest`` is one word."""
    name: list[str] = []
    quote = ""
    quoted = False
    i = 0
    n = len(rest)
    while i < n:
        ch = rest[i]
        if quote == "'":
            if ch == "'":
                quote = ""
            else:
                name.append(ch)
        elif ch == "\\" and i + 1 < n and (not quote or rest[i + 1] in '"\\$`'):
            i += 1
            name.append(rest[i])
        elif quote == '"':
            if ch == '"':
                quote = ""
            else:
                name.append(ch)
        elif ch in "'\"":
            quote = ch
            quoted = True
        elif ch in _WHITESPACE:
            return None, False
        else:
            name.append(ch)
        i += 1
    return "".join(name), quoted


def unterminated_quote(text: str, escape: str) -> int | None:
    """Where a quote opens that ``text`` never closes (None: every quote is closed).

    Follows :func:`split_words`: an escape outside single quotes escapes the next
    character, and inside single quotes nothing is special.
    """
    quote = ""
    opened = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == escape and quote == '"':
                i += 1
        elif ch == escape:
            i += 1
        elif ch in "'\"":
            quote, opened = ch, i
        i += 1
    return opened if quote else None
