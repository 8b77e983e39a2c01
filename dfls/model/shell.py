"""Just enough shell to tell commands apart in RUN instructions and heredoc scripts.

A script is split into simple commands at ``&&``, ``||``, ``;``, ``|``, ``&``, newlines and
grouping characters; each command is a list of words with exact spans. Rules use it to ask
questions like "which command does ``-y`` belong to" or "is the apt cache removed in the
same RUN". It is not a full POSIX parser: it does not expand anything or follow control
flow, and says so by treating ``if``/``then``/``do`` and friends as ordinary words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from dfls.model.text import Position, Span
from dfls.model.words import split_words, take_flags

if TYPE_CHECKING:
    from dfls.model.instruction import Instruction

_OPERATORS = ("&&", "||", ";;", ";", "|", "&", "(", ")", "\n")
_KEYWORDS = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for"})
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})
_HEREDOC_MARKER = re.compile(r"^\d*<<-?")


class ShellWord(NamedTuple):
    text: str
    value: str
    start: int
    end: int


class Command(NamedTuple):
    """A simple command: ``words`` with ``FOO=bar`` assignments first and the operator before it."""

    words: tuple[ShellWord, ...]
    operator: str
    assignments: tuple[ShellWord, ...]

    @property
    def argv(self) -> list[str]:
        return [w.value for w in self.words]

    @property
    def name(self) -> str:
        """The program's base name, e.g. ``apt-get`` for ``/usr/bin/apt-get``."""
        return self.words[0].value.rsplit("/", 1)[-1] if self.words else ""

    @property
    def start(self) -> int:
        first = self.assignments or self.words
        return first[0].start

    @property
    def end(self) -> int:
        return (self.words or self.assignments)[-1].end

    def unwrapped(self) -> Command:
        """The command with ``sudo``, ``env`` and ``exec`` wrappers and their options removed."""
        words = self.words
        while words and words[0].value.rsplit("/", 1)[-1] in ("sudo", "env", "exec", "nohup"):
            words = words[1:]
            while words and (words[0].value.startswith("-") or "=" in words[0].value):
                words = words[1:]
        return self._replace(words=words)

    def has_option(self, *options: str) -> bool:
        """True if any word is one of ``options`` (``-y``), also inside grouped short flags."""
        for word in self.words[1:]:
            value = word.value
            if value in options:
                return True
            if value.startswith("-") and not value.startswith("--"):
                letters = value[1:]
                if any(
                    len(o) == 2 and o[0] == "-" and o[1] in letters and o[1] != "-" for o in options
                ):
                    return True
            if "=" in value and value.split("=", 1)[0] in options:
                return True
        return False


@dataclass(frozen=True)
class Script:
    """The commands of one shell script, with a way back to file positions."""

    source: str
    commands: tuple[Command, ...]
    locate: Callable[[int, int], Span]
    start: int = 0
    """Where the script begins in ``source`` (shell form: after the keyword and flags)."""

    def span(self, start: int, end: int) -> Span:
        return self.locate(start, end)

    def word_span(self, word: ShellWord) -> Span:
        return self.locate(word.start, word.end)

    def command_span(self, command: Command) -> Span:
        return self.locate(command.start, command.end)

    def find(self, *names: str) -> Iterator[Command]:
        """Commands whose program name (after unwrapping sudo/env) is one of ``names``."""
        for command in self.commands:
            plain = command.unwrapped()
            if plain.name in names:
                yield plain

    @cached_property
    def incomplete(self) -> bool:
        """True if the script ends inside a quote, a ``$(``, a backtick or a ``(`` group.

        The shell would reject it (or read on into whatever follows); text appended to it
        lands inside the open construct, so fixes must not append or insert there. (Kept:
        fixes ask once per command, and a long script is not memoised by its text.)
        """
        return unterminated(self.source, self.start)

    @cached_property
    def sets_errexit(self) -> bool:
        return any(
            c.name == "set" and any(w.value.startswith("-") and "e" in w.value for w in c.words)
            for c in self.commands
        )


_MEMO_LIMIT = 8192
"""Longer scripts are not memoised by text: each edited version of a 2,000-line RUN kept
its split (2,048 of them, hundreds of MB) and made every garbage collection slower. A
RUN's split is kept on the RUN anyway (:func:`scripts`)."""


def parse_commands(source: str, start: int = 0) -> tuple[Command, ...]:
    """The simple commands of ``source[start:]`` (pure and immutable, so memoised: every
    rule that looks at a RUN asks for the same split)."""
    if len(source) > _MEMO_LIMIT:
        return _parse_commands(source, start)
    return _memo_commands(source, start)


def unterminated(source: str, start: int = 0) -> bool:
    """True if ``source[start:]`` ends inside a quote, ``$(...)``, backticks or ``(...)``."""
    if len(source) > _MEMO_LIMIT:
        return _unterminated(source, start)
    return _memo_unterminated(source, start)


def forget() -> None:
    """Drop the memoised splits (for tests that count the work from nothing)."""
    _memo_commands.cache_clear()
    _memo_unterminated.cache_clear()


def _parse_commands(source: str, start: int) -> tuple[Command, ...]:
    commands: list[Command] = []
    words: list[ShellWord] = []
    operator = ""
    i = start
    n = len(source)

    def flush(next_operator: str) -> None:
        nonlocal words, operator
        if words:
            assignments: list[ShellWord] = []
            while words and _is_assignment(words[0].value) and len(words) >= 1:
                assignments.append(words.pop(0))
            body = [w for w in words if w.value not in _KEYWORDS] if words else []
            if body and body[0].value in ("{", "}", "!"):
                body = body[1:]
            commands.append(Command(tuple(body), operator, tuple(assignments)))
        words = []
        operator = next_operator

    while i < n:
        ch = source[i]
        if ch in " \t\r":
            i += 1
            continue
        if ch == "\\" and i + 1 < n and source[i + 1] == "\n":
            i += 2
            continue
        if ch == "#" and (i == start or source[i - 1] in " \t\n;&|("):
            while i < n and source[i] != "\n":
                i += 1
            continue
        matched = next((op for op in _OPERATORS if source.startswith(op, i)), None)
        if matched:
            flush(matched)
            i += len(matched)
            continue
        begin = i
        value: list[str] = []
        while i < n:
            ch = source[i]
            if ch in " \t\r\n;&|()":
                break
            if ch == "\\" and i + 1 < n:
                if source[i + 1] != "\n":
                    value.append(source[i + 1])
                i += 2
                continue
            if ch in "'\"":
                close = _closing_quote(source, i)
                inner = source[i + 1 : close]
                value.append(inner.replace('\\"', '"') if ch == '"' else inner)
                i = close + 1
                continue
            if ch == "$" and source.startswith("$(", i):
                close = _closing_paren(source, i + 1)
                value.append(source[i : close + 1])
                i = close + 1
                continue
            value.append(ch)
            i += 1
        words.append(ShellWord(source[begin:i], "".join(value), begin, i))
    flush("")
    return tuple(c for c in commands if c.words or c.assignments)


def _unterminated(source: str, start: int) -> bool:
    closers: list[str] = []  # what each open construct waits for: '"', ')' or '`'
    i = start
    n = len(source)
    while i < n:
        ch = source[i]
        top = closers[-1] if closers else ""
        if ch == "\\":
            i += 2
            continue
        if top == '"':
            if ch == '"':
                closers.pop()
            elif ch == "`":
                closers.append("`")
            elif source.startswith("$(", i):
                closers.append(")")
                i += 1
            i += 1
            continue
        if ch == "#" and (i == start or source[i - 1] in " \t\n;&|("):
            while i < n and source[i] != "\n":
                i += 1
            continue
        if ch == "'":
            close = source.find("'", i + 1)
            if close < 0:
                return True
            i = close + 1
            continue
        if ch == '"':
            closers.append('"')
        elif ch == "`":
            if top == "`":
                closers.pop()
            else:
                closers.append("`")
        elif ch == "(":
            closers.append(")")
        elif ch == ")" and top == ")":
            closers.pop()
        i += 1
    return bool(closers)


_memo_commands = lru_cache(maxsize=2048)(_parse_commands)
_memo_unterminated = lru_cache(maxsize=2048)(_unterminated)


def _is_assignment(text: str) -> bool:
    name, eq, _ = text.partition("=")
    return bool(eq) and name.isidentifier()


def _closing_quote(source: str, i: int) -> int:
    quote = source[i]
    j = i + 1
    while j < len(source):
        if source[j] == "\\" and quote == '"':
            j += 2
            continue
        if source[j] == quote:
            return j
        j += 1
    return len(source) - 1


def _closing_paren(source: str, i: int) -> int:
    depth = 0
    for j in range(i, len(source)):
        if source[j] == "(":
            depth += 1
        elif source[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(source) - 1


def scripts(instruction: Instruction) -> tuple[Script, ...]:
    """The shell scripts a RUN (or HEALTHCHECK CMD, CMD, ENTRYPOINT) executes.

    Shell form gives the arguments as one script; each heredoc body that the shell runs is
    one more script (bodies whose first line is a non-shell shebang are skipped). Exec form
    ``["sh", "-c", "..."]`` gives the string after ``-c``. Computed once per instruction:
    many rules ask.
    """
    return instruction.memoized("shell.scripts", lambda: tuple(_scripts(instruction)))


def _scripts(instruction: Instruction) -> list[Script]:
    found: list[Script] = []
    node = instruction.node
    exec_form = instruction.exec_form
    if exec_form is not None:
        values = [w.value for w in exec_form]
        if len(values) >= 3 and values[0].rsplit("/", 1)[-1] in _SHELLS and values[1] == "-c":
            element = exec_form[2]
            found.append(_string_script(values[2], element.span))
        elif values:
            words = tuple(ShellWord(w.text, w.value, i, i + 1) for i, w in enumerate(exec_form))
            spans = [w.span for w in exec_form]
            found.append(
                Script(
                    " ".join(values),
                    (Command(words, "", ()),),
                    lambda a, b: Span(spans[a].start, spans[max(b - 1, a)].end),
                )
            )
        return found
    text = node.text
    start = node.args_offset
    healthcheck = instruction.keyword == "HEALTHCHECK"
    if node.flags or healthcheck:
        # The script starts after the flags (and HEALTHCHECK's CMD word); split the same
        # way the lexer did to find it.
        _, rest = take_flags(split_words(text, start, "\\"))
        if healthcheck:
            if not rest or rest[0].value.upper() != "CMD":
                return found  # HEALTHCHECK NONE runs nothing
            rest = rest[1:]
        start = rest[0].start if rest else len(text)
    commands = parse_commands(text, start)
    # Not ``instruction.span_of``: that bound method, memoized on the instruction, would
    # make a reference cycle, which only the collector's rare full passes free (a server's
    # memory grew with every document and keystroke until one came).
    node, line = instruction.node, instruction.line
    found.append(Script(text, commands, lambda a, b: node.span_of(a, b).shifted(line), start))
    executed = _executed_heredocs(commands, len(instruction.heredocs))
    for heredoc, runs in zip(instruction.heredocs, executed, strict=True):
        body = heredoc.body
        if heredoc.body_span is None or not runs:
            continue
        first = body.split("\n", 1)[0]
        if first.startswith("#!") and not any(s in first for s in _SHELLS):
            continue
        found.append(_body_script(body, heredoc.body_span.start.line))
    return found


def _executed_heredocs(commands: tuple[Command, ...], count: int) -> list[bool]:
    """For each heredoc, in order: does a shell run its body?

    ``RUN <<EOF`` (the marker is the whole command line) and ``RUN bash <<EOF`` run it;
    otherwise the body is the standard input of the command it is attached to, data for
    ``cat``, ``tee`` or ``python3``.
    When the markers cannot be matched to the heredocs, every body counts as a script.
    """
    alone = len(commands) == 1 and len(commands[0].words) == 1  # `RUN <<EOF`: BuildKit's rule
    executed = [
        alone or command.unwrapped().name in _SHELLS
        for command in commands
        for word in command.words
        if _HEREDOC_MARKER.match(word.text)
    ]
    return executed if len(executed) == count else [True] * count


def _string_script(value: str, span: Span) -> Script:
    def locate(a: int, b: int) -> Span:
        return span  # an escaped JSON string has no 1:1 columns; point at the element

    return Script(value, parse_commands(value), locate)


def _body_script(body: str, first_line: int) -> Script:
    line_starts = [0]
    for index, ch in enumerate(body):
        if ch == "\n":
            line_starts.append(index + 1)

    def position(offset: int) -> Position:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return Position(first_line + lo, offset - line_starts[lo])

    def locate(a: int, b: int) -> Span:
        return Span(position(a), position(b))

    return Script(body, parse_commands(body), locate)


def scripts_complete(instruction: Instruction) -> bool:
    """False if any script of ``instruction`` ends inside a quote, ``$(`` or backticks.

    Every fix that appends to or inserts into a script asks first: text added to an
    incomplete script lands inside the open quote, the finding stays, and the fix would
    be applied again and again.
    """
    return not any(script.incomplete for script in scripts(instruction))


def run_commands(instruction: Instruction) -> Iterator[tuple[Script, Command]]:
    """Every simple command a RUN executes, with the script that locates it."""
    for script in scripts(instruction):
        for command in script.commands:
            yield script, command.unwrapped()
