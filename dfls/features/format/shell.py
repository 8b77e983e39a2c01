"""Shell formatting with shfmt (mvdan/sh), for RUN commands and shell-script heredocs.

Never a hand-written shell formatter: shfmt lays the script out, and its minified print
(``shfmt -mn``, the script's syntax tree written back without layout) is the normal form
the safety check compares (:func:`dfls.features.format.safety.signature`). The ``shfmt``
binary comes from the ``shfmt-py`` package (``pip install 'dfls[shfmt]'``); it is looked
for on ``PATH`` and next to the Python interpreter. Without it, shell formatting is off and
:func:`find` says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from dfls.features.format.safety import is_shell_script
from dfls.model import words as scan
from dfls.model.nodes import InstructionNode
from dfls.model.shell import parse_commands

if TYPE_CHECKING:
    from dfls.features.format.layout import Style

MISSING = (
    "shell formatting is on but shfmt is not installed (pip install 'dfls[shfmt]'):"
    " RUN commands and heredocs are left as they are"
)
_TIMEOUT = 10.0
# A line break after these is a blank to the shell: `\` keeps it one Dockerfile line.
_CONTINUES = ("&&", "||", "|", ";", " then", " do", " else", "{", "(")
_STARTS = ("&&", "||", "|")

Line = tuple[str, str]


def find() -> str | None:
    """The shfmt binary: on PATH, or beside this Python (a virtualenv not activated)."""
    found = shutil.which("shfmt")
    if found:
        return found
    for directory in {Path(sys.executable).parent, Path(sys.prefix) / "bin"}:
        candidate = directory / ("shfmt.exe" if os.name == "nt" else "shfmt")
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


class ShellFormatter:
    """Runs one shfmt binary; remembers its answers (a file is formatted twice to check)."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self._run = lru_cache(maxsize=2048)(self._run_uncached)

    def _run_uncached(self, arguments: tuple[str, ...], script: str) -> str | None:
        try:
            done = subprocess.run(
                [self.binary, *arguments],
                input=script.encode("utf-8"),
                capture_output=True,
                timeout=_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None
        return done.stdout.decode("utf-8", errors="replace")

    def normal_form(self, script: str) -> str | None:
        """The script without its layout (``shfmt -mn``), None if shfmt cannot parse it."""
        return self._run(("-mn", "-ln", "bash"), script)

    def formatted(self, script: str, style: Style) -> str | None:
        indent = "0" if style.options.indent_style == "tab" else str(style.options.indent_width)
        return self._run(("-i", indent, "-bn", "-ln", "bash"), script)

    def instruction(
        self, node: InstructionNode, lines: list[str], rest: list[Line], style: Style
    ) -> tuple[list[str], list[Line]]:
        """A RUN with its command and shell-script heredoc bodies laid out by shfmt
        (what cannot be is returned as it came)."""
        target = node.trigger or node
        if target.keyword != "RUN" or target.exec_form is not None:
            return lines, rest
        if target.heredocs:
            return lines, self._heredocs(node, rest, style)
        if style.escape != "\\" or node.comments:
            return lines, rest
        return self._command(lines, style), rest

    def _command(self, lines: list[str], style: Style) -> list[str]:
        first = lines[0]
        words = scan.split_words(first, 0, style.escape)
        _, command = scan.take_flags(words[1:])
        if not command or command[0].text == style.escape:
            return lines  # the command starts on a later line (flags first): keep the layout
        prefix = first[: command[0].start]
        if lines[-1].endswith("\\") or prefix.endswith("\\"):
            return lines
        script = "\n".join([first[command[0].start :], *lines[1:]]) + "\n"
        out = self.formatted(script, style)
        if out is None:
            return lines
        new = out.rstrip("\n").split("\n")
        joined = _joined(new)
        if joined is None:
            return lines
        rest = joined[1:]
        base = min((len(line) - len(line.lstrip()) for line in rest), default=0)
        return [prefix + joined[0]] + [style.unit + line[base:] for line in rest]

    def _heredocs(self, node: InstructionNode, rest: list[Line], style: Style) -> list[Line]:
        logical = node.segments[-1].line + 1
        out = list(rest)
        scripts = run_by_the_shell(node, style.escape)
        for heredoc, script in reversed(list(zip(node.heredocs, scripts, strict=True))):
            span = heredoc.body_span
            if span is None or heredoc.terminator_span is None or heredoc.strip_tabs:
                continue
            if not script or not is_shell_script(heredoc.body):
                continue
            first, last = span.start.line - logical, span.end.line - logical
            body = out[first : last + 1]
            if any(ending not in ("\n", "") for _, ending in body):
                continue  # CRLF bodies stay byte for byte
            formatted = self.formatted("".join(c + "\n" for c, _ in body), style)
            if formatted is None or not formatted.strip():
                continue
            new = [(line, "\n") for line in formatted.rstrip("\n").split("\n")]
            out[first : last + 1] = new
        return out


_SHELLS = frozenset({"sh", "bash", "ash", "dash", "mksh", "ksh", "busybox"})


def run_by_the_shell(node: InstructionNode, escape: str) -> list[bool]:
    """For each heredoc of a RUN: is its body a script the shell runs? ``RUN <<EOF`` (the
    marker is the whole command) and ``RUN bash <<EOF`` run it; ``RUN python3 <<EOF`` or
    ``RUN cat <<EOF > file`` do not (their body is data). When the markers cannot be
    matched to the heredocs, none is taken for a script."""
    words = scan.split_words(node.text, node.args_offset, escape)
    _, rest = scan.take_flags(words)
    count = len(node.heredocs)
    if not rest:
        return [False] * count
    commands = parse_commands(node.text, rest[0].start)
    if len(commands) == 1 and len(commands[0].words) == 1:
        return [True] * count
    found = [
        command.unwrapped().name in _SHELLS
        for command in commands
        for word in command.words
        if scan.heredoc_marker(scan.RawWord(0, 0, word.text, word.value)) is not None
    ]
    return found if len(found) == count else [False] * count


def _joined(lines: Sequence[str]) -> list[str] | None:
    """shfmt's lines as Dockerfile continuation lines: each but the last ends in `` \\``,
    and a line break the shell reads as a command separator becomes ``;``. None when a
    line cannot be joined (a comment, an empty line, a heredoc)."""
    out: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or "<<" in stripped:
            return None
        last = index == len(lines) - 1
        if last or stripped.endswith("\\"):
            out.append(line.rstrip())
        elif stripped.endswith(_CONTINUES) or stripped in ("then", "do", "else", "{"):
            out.append(line.rstrip() + " \\")
        elif lines[index + 1].strip().startswith(_STARTS):
            return None
        else:
            out.append(line.rstrip() + "; \\")
    return out


@lru_cache(maxsize=1)
def default() -> ShellFormatter | None:
    binary = find()
    return ShellFormatter(binary) if binary else None
