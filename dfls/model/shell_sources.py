"""The shell texts an instruction hands to a shell, exactly as the shell reads them, with a
map from every (line, column) of such a text back to the Dockerfile.

A shell-form RUN (CMD, ENTRYPOINT, HEALTHCHECK CMD) gives one text: its logical line after
the keyword and flags (continuation joins removed, comment lines inside it dropped, as
BuildKit does), then each heredoc body and terminator in order, as the shell sees them
after the command line. A heredoc body that a shell runs (``RUN <<EOF``, ``RUN bash
<<EOF``) is its own text, and in the command line's text it is blank lines (checked
once). A body whose shebang names another interpreter is data, not a script.

Exec form is not a script here: a JSON string's escapes have no column-exact map. Columns
count code points (tabs are one column); conversion to UTF-16 is the LSP edge's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from dfls.model.instruction import Instruction
from dfls.model.nodes import Heredoc, Segment, position_in
from dfls.model.shell import Script, scripts
from dfls.model.text import Position, Span

KEYWORDS = frozenset({"RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"})
_SHELL_NAMES = frozenset({"sh", "bash", "ash", "dash", "ksh", "mksh", "busybox", "zsh"})
_MARKER = re.compile(r"^\d*<<-?")


class ShellSource(NamedTuple):
    """One text a shell runs. ``shebang`` is its first line when that is ``#!...`` (then
    ``text`` has that line blank, so the caller can put its own first line there);
    ``runner`` is the shell program named on the command line that runs a heredoc
    (``bash`` for ``RUN bash <<EOF``), "" when it is the stage's shell."""

    text: str
    shebang: str
    runner: str
    heredoc: bool
    locate: Callable[[int, int], Position]
    """0-based (line, column) in ``text`` -> the position in the Dockerfile."""

    def span(self, start: tuple[int, int], end: tuple[int, int]) -> Span:
        begin = self.locate(*start)
        return Span(begin, max(begin, self.locate(*end)))


def shell_sources(instruction: Instruction) -> tuple[ShellSource, ...]:
    """The texts of ``instruction`` a shell runs (see the module doc), memoized."""
    keyword = instruction.keyword
    if keyword not in KEYWORDS and keyword != "ONBUILD":
        return ()
    if keyword == "ONBUILD":
        trigger = instruction.trigger
        if trigger is None or trigger.keyword != "RUN":
            return ()
        instruction = trigger
    if instruction.keyword not in KEYWORDS or instruction.exec_form is not None:
        return ()
    return instruction.memoized("shell.sources", lambda: tuple(_sources(instruction)))


def _sources(instruction: Instruction) -> list[ShellSource]:
    found = scripts(instruction)
    if not found or instruction.exec_form is not None:
        return []
    line_script, bodies = found[0], found[1:]
    heredocs = instruction.heredocs
    executed = [any(b.source is h.body for b in bodies) for h in heredocs]
    runners = _runners(line_script, len(heredocs))
    result: list[ShellSource] = []
    if not _only_markers(line_script):
        result.append(_line_source(instruction, line_script, heredocs, executed))
    for heredoc, runs, runner in zip(heredocs, executed, runners, strict=True):
        if runs and heredoc.body_span is not None:
            result.append(_body_source(heredoc, runner))
    return result


def _only_markers(script: Script) -> bool:
    """``RUN <<EOF`` (and ``RUN <<A <<B``): the command line is the heredocs alone."""
    words = [w for c in script.commands for w in (*c.assignments, *c.words)]
    return bool(words) and all(_MARKER.match(w.text) for w in words)


def _runners(script: Script, count: int) -> list[str]:
    """For each heredoc, the shell program of the command its marker is on ("" if none)."""
    found: list[str] = []
    for command in script.commands:
        plain = command.unwrapped()
        name = plain.name if plain.name in _SHELL_NAMES else ""
        if name == "busybox" and len(plain.words) > 1:
            name = "busybox" if plain.words[1].value in ("sh", "ash") else ""
        found.extend(name for word in command.words if _MARKER.match(word.text))
    return found if len(found) == count else [""] * count


def _line_source(
    instruction: Instruction,
    script: Script,
    heredocs: tuple[Heredoc, ...],
    executed: list[bool],
) -> ShellSource:
    node, first_line = instruction.node, instruction.line
    start = script.start
    parts = [script.source[start:]]
    rows: list[int] = [first_line]
    for heredoc, runs in zip(heredocs, executed, strict=True):
        body = heredoc.body
        body_lines = body.split("\n")[:-1] if body else []
        body_start = heredoc.body_span.start.line if heredoc.body_span else first_line
        for index, text in enumerate(body_lines):
            parts.append("" if runs else text)
            rows.append(body_start + index)
        end_line = heredoc.terminator_span.start.line if heredoc.terminator_span else rows[-1]
        parts.append(heredoc.delimiter)
        rows.append(end_line)
    segments = node.segments

    def locate(line: int, column: int) -> Position:
        if line <= 0:
            return _in_segments(segments, start + max(column, 0)).shifted(first_line)
        row = rows[min(line, len(rows) - 1)]
        return Position(row, max(column, 0))

    return ShellSource("\n".join(parts) + "\n", "", "", False, locate)


def _in_segments(segments: tuple[Segment, ...], offset: int) -> Position:
    """The position of ``offset`` in the logical line; an offset at a join is placed
    after the character before it (before the escape), so text inserted there stays on
    the line it belongs to."""
    if offset <= 0:
        return position_in(segments, 0)
    before = position_in(segments, offset - 1)
    return Position(before.line, before.character + 1)


def _body_source(heredoc: Heredoc, runner: str) -> ShellSource:
    assert heredoc.body_span is not None
    first_line = heredoc.body_span.start.line
    text = heredoc.body
    shebang = ""
    if text.startswith("#!"):
        shebang, _, rest = text.partition("\n")
        text = "\n" + rest

    def locate(line: int, column: int) -> Position:
        return Position(first_line + max(line, 0), max(column, 0))

    return ShellSource(text, shebang, runner, True, locate)
