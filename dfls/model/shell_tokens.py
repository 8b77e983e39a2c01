"""The lexical tokens of a shell script, for highlighting: commands, options, strings,
variables, operators, comments and keywords, with offsets into the script.

:mod:`dfls.model.shell` splits a script into commands for rules; this module only says
what each piece of text *is*, left to right, without overlaps: a double-quoted string
holding ``$VAR`` comes out as string, variable, string. Plain arguments (``install``,
``/usr/bin``) are not tokens. Like the rest of the model it never raises, whatever the
input, and it does not expand anything.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from typing import NamedTuple


class Kind(Enum):
    COMMAND = "command"
    OPTION = "option"
    STRING = "string"
    VARIABLE = "variable"
    ASSIGNED = "assigned"
    """The name in ``NAME=value`` before a command, or after ``export``/``for``."""
    OPERATOR = "operator"
    COMMENT = "comment"
    KEYWORD = "keyword"
    NUMBER = "number"


class ShellToken(NamedTuple):
    start: int
    end: int
    kind: Kind


KEYWORDS = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "in", "case"}
    | {"esac", "function", "select", "time", "!", "{", "}", "[[", "]]"}
)
_STAY_COMMAND = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"})
"""Keywords after which the next word is a command again."""
_NAMING = frozenset({"for", "select", "export", "local", "readonly", "declare", "typeset"})
"""Words after which the next word names a variable."""

_SPACE = re.compile(r"(?:[ \t\r\f\v]|\\\n)+")
_OPERATOR = re.compile(r"&&|\|\||;;&?|;&|\|&|[;|&()]")
_REDIRECT = re.compile(r"\d*(?:[<>]&(?:\d+-?|-)?|>>|<<<|<>|>\||&>>|&>|>|<(?!<))")
_HEREDOC = re.compile(r"\d*<<-?\s*(?:'[^'\n]*'|\"[^\"\n]*\"|[^\s;&|()<>]+)")
_PLAIN = re.compile(r"[^\s;&|()<>'\"\\$`]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPECIAL = re.compile(r"[0-9@*#?$!-]")
_IN_DOUBLE = re.compile(r"\\[\s\S]|\$\{[^}\"]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!]|\"")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

_MEMO_LIMIT = 8192


def tokenize(source: str, start: int = 0, end: int | None = None) -> tuple[ShellToken, ...]:
    """The tokens of ``source[start:end]``, in order, without overlaps (memoised by text:
    the same script is asked for once per version it appears in)."""
    stop = len(source) if end is None else end
    if stop - start > _MEMO_LIMIT:
        return tuple(_Lexer(source, stop).run(start))
    return _memo(source, start, stop)


@lru_cache(maxsize=4096)
def _memo(source: str, start: int, stop: int) -> tuple[ShellToken, ...]:
    return tuple(_Lexer(source, stop).run(start))


class _Lexer:
    __slots__ = ("end", "expect", "listing", "naming", "out", "source")

    def __init__(self, source: str, end: int) -> None:
        self.source = source
        self.end = end
        self.out: list[ShellToken] = []
        self.expect = True  # the next word is a command
        self.naming = False  # the next word names a variable (for NAME in ...)
        self.listing = False  # the next word may be the ``in`` of ``for NAME in``

    def run(self, i: int) -> list[ShellToken]:
        source, end = self.source, self.end
        while i < end:
            match = _SPACE.match(source, i, end)
            if match:
                i = match.end()
                continue
            ch = source[i]
            if ch == "\n":
                self.expect, self.naming = True, False
                i += 1
            elif ch == "#":
                stop = source.find("\n", i, end)
                stop = end if stop < 0 else stop
                self.out.append(ShellToken(i, stop, Kind.COMMENT))
                i = stop
            else:
                i = self._operator_or_word(i)
        return self.out

    def _operator_or_word(self, i: int) -> int:
        source, end = self.source, self.end
        match = _HEREDOC.match(source, i, end)
        if match:  # the marker is the instruction's to show; its body is not shell here
            return match.end()
        match = _OPERATOR.match(source, i, end)
        if match:
            self.out.append(ShellToken(i, match.end(), Kind.OPERATOR))
            self.expect, self.naming = True, False
            return match.end()
        match = _REDIRECT.match(source, i, end)
        if match:
            self.out.append(ShellToken(i, match.end(), Kind.OPERATOR))
            return match.end()
        return self._word(i)

    def _word(self, i: int) -> int:
        """One word: its plain parts take the word's role, quotes and expansions their own."""
        source, end = self.source, self.end
        begin = i
        parts: list[ShellToken] = []
        plain: list[tuple[int, int]] = []
        while i < end:
            ch = source[i]
            if ch in " \t\r\n\f\v;&|()<>":
                break
            match = _PLAIN.match(source, i, end)
            if match:
                plain.append((i, match.end()))
                i = match.end()
            elif ch == "\\":
                if source.startswith("\n", i + 1):
                    break
                plain.append((i, min(i + 2, end)))
                i += 2
            elif ch == "'":
                close = source.find("'", i + 1, end)
                stop = end if close < 0 else close + 1
                parts.append(ShellToken(i, stop, Kind.STRING))
                i = stop
            elif ch == '"':
                i = self._double(i, parts)
            elif ch == "`":
                i = self._substitution(i, i + 1, source.find("`", i + 1, end), parts)
            else:  # "$"
                i = self._dollar(i, parts)
        text = source[begin:i]
        self._classify(text, begin, i, plain, parts)
        return max(i, begin + 1)

    def _classify(
        self,
        text: str,
        begin: int,
        end: int,
        plain: list[tuple[int, int]],
        parts: list[ShellToken],
    ) -> None:
        role: Kind | None = None
        listing, self.listing = self.listing, False
        if self.naming:
            name = _NAME.match(text)
            if name:
                self.out.append(ShellToken(begin, begin + name.end(), Kind.ASSIGNED))
                plain = [
                    (max(a, begin + name.end()), b) for a, b in plain if b > begin + name.end()
                ]
            self.naming = text in _NAMING
            self.listing = True
        elif listing and text == "in":
            role = Kind.KEYWORD
        elif self.expect:
            name = _NAME.match(text)
            if name and text[name.end() : name.end() + 1] == "=":  # NAME=value: still a command
                self.out.append(ShellToken(begin, begin + name.end(), Kind.ASSIGNED))
                plain = [(max(a, begin + name.end() + 1), b) for a, b in plain]
                plain = [(a, b) for a, b in plain if b > a]
            elif text in KEYWORDS and not parts:
                role = Kind.KEYWORD
                self.expect = text in _STAY_COMMAND
                self.naming = text in _NAMING
            else:
                role = Kind.COMMAND
                self.expect = False
                self.naming = text in _NAMING
        elif text.startswith("-") and not _NUMBER.fullmatch(text):
            role = Kind.OPTION
        elif _NUMBER.fullmatch(text):
            role = Kind.NUMBER
        elif text in ("]]", "}", "fi", "done", "esac") and not parts:
            role = Kind.KEYWORD
        if role is not None:
            parts.extend(ShellToken(a, b, role) for a, b in plain)
            parts.sort()
            parts = _merge(parts)
        self.out.extend(parts)

    def _double(self, i: int, parts: list[ShellToken]) -> int:
        """A double-quoted string from ``i``, with the variables inside it apart."""
        source, end = self.source, self.end
        begin = i
        i += 1
        while i < end:
            match = _IN_DOUBLE.search(source, i, end)
            if match is None:
                i = end
                break
            token = match.group()
            if token == '"':
                i = match.end()
                break
            if token.startswith("$"):
                if match.start() > begin:
                    parts.append(ShellToken(begin, match.start(), Kind.STRING))
                parts.append(ShellToken(match.start(), match.end(), Kind.VARIABLE))
                begin = match.end()
            i = match.end()
        if i > begin:
            parts.append(ShellToken(begin, i, Kind.STRING))
        return i

    def _substitution(self, i: int, inner: int, close: int, parts: list[ShellToken]) -> int:
        """``$(...)`` or a backquoted command from ``i``: the script inside is lexed too."""
        end = self.end
        close = end if close < 0 else close
        parts.append(ShellToken(i, inner, Kind.OPERATOR))
        parts.extend(_Lexer(self.source, close).run(inner))
        if close < end:
            parts.append(ShellToken(close, close + 1, Kind.OPERATOR))
            return close + 1
        return end

    def _dollar(self, i: int, parts: list[ShellToken]) -> int:
        source, end = self.source, self.end
        if source.startswith("$((", i):
            close = source.find("))", i + 3, end)
            stop = end if close < 0 else close + 2
            parts.append(ShellToken(i, stop, Kind.VARIABLE))
            return stop
        if source.startswith("$(", i):
            return self._substitution(i, i + 2, _closing_paren(source, i + 1, end), parts)
        if source.startswith("${", i):
            close = source.find("}", i + 2, end)
            stop = end if close < 0 else close + 1
            parts.append(ShellToken(i, stop, Kind.VARIABLE))
            return stop
        match = _NAME.match(source, i + 1, end) or _SPECIAL.match(source, i + 1, end)
        stop = match.end() if match else i + 1
        parts.append(ShellToken(i, stop, Kind.VARIABLE if match else Kind.STRING))
        return stop


def _merge(parts: list[ShellToken]) -> list[ShellToken]:
    """Adjacent tokens of one kind as one (``--opt=`` then ``value`` plain: one option)."""
    merged: list[ShellToken] = []
    for token in parts:
        if merged and merged[-1].end == token.start and merged[-1].kind is token.kind:
            merged[-1] = ShellToken(merged[-1].start, token.end, token.kind)
        else:
            merged.append(token)
    return merged


def _closing_paren(source: str, i: int, end: int) -> int:
    """The ``)`` matching the ``(`` at ``i`` (quotes respected), or ``end``."""
    depth = 0
    j = i
    while j < end:
        ch = source[j]
        if ch == "\\":
            j += 2
            continue
        if ch in "'\"":
            close = source.find(ch, j + 1, end)
            if close < 0:
                return end
            j = close + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return end
