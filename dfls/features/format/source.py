"""What the formatter reads of a file: its lines, directives and items.

From the language server's model (:func:`from_dockerfile`), or read for the formatter
alone (:func:`read`), which skips lexing the one-line instructions that are already laid
out as the formatter writes them (:class:`Verbatim`): most lines of most files, and the
formatter would only copy them. The command line formats many files and spends most of
its time lexing; the result is the same (``tests/format/test_source.py`` checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from dfls.engine.format_options import FormatOptions
from dfls.features.format.layout import spaced_once
from dfls.model.lexer import INSTRUCTIONS, is_blank, lex_item, parse_directives
from dfls.model.nodes import Directive, InstructionNode, Node, Problem
from dfls.model.text import split_lines

if TYPE_CHECKING:  # (the document model is not loaded to format a file)
    from dfls.model import Dockerfile


class Verbatim(NamedTuple):
    """A one-line instruction the formatter writes as it is: its keyword (as written,
    which is how it is written out) and the line."""

    keyword: str
    line: str


Item = Node | Verbatim


class Source(NamedTuple):
    lines: list[str]
    endings: list[str]
    directives: tuple[Directive, ...]
    escape: str
    directive_problems: tuple[Problem, ...]
    body_start: int
    items: list[Item]
    starts: list[int]

    def nodes(self) -> list[InstructionNode]:
        """The instructions that were lexed (all of them, unless read by :func:`read`)."""
        return [item for item in self.items if isinstance(item, InstructionNode)]


def from_dockerfile(dockerfile: Dockerfile) -> Source:
    return Source(
        dockerfile.lines,
        dockerfile.endings,
        dockerfile.directives,
        dockerfile.escape,
        dockerfile.directive_problems,
        dockerfile.body_start,
        list(dockerfile.items),
        dockerfile.starts,
    )


def read(text: str, options: FormatOptions) -> Source:
    """``text`` (without a byte order mark) as :meth:`Dockerfile.parse` reads it, but for
    the lines :func:`verbatim` accepts (none when the options may rewrite any line: shell
    formatting, keywords in the file's majority case), and with instructions lexed without
    positions (``located=False``; with shell formatting, which reads heredocs' positions,
    they are located)."""
    lines, endings = split_lines(text)
    directives, escape, problems, body_start = parse_directives(lines)
    skip = not options.shell and options.keyword_case != "majority"
    items: list[Item] = []
    starts: list[int] = []
    line = body_start
    total = len(lines)
    while line < total:  # as dfls.model.document reads items, but for the verbatim lines
        if is_blank(lines[line], line):
            line += 1
            continue
        found = verbatim(lines[line], escape, options) if skip else None
        last = line
        if found is None:  # without positions (layout finds what it needs): less work
            node, last = lex_item(lines, line, escape, located=options.shell)
            items.append(node)
        else:
            items.append(found)
        starts.append(line)
        line = last + 1
    return Source(
        lines, endings, tuple(directives), escape, tuple(problems), body_start, items, starts
    )


def verbatim(line: str, escape: str, options: FormatOptions) -> Verbatim | None:
    """The line as a :class:`Verbatim` when it is a whole one-line instruction that the
    formatter would write unchanged: no blanks around it or doubled inside, not continued,
    a keyword in the case the options want (upper, or any with ``keep``), an upper-case
    ``AS`` in ``FROM``; not ``ONBUILD``, nor a ``RUN`` when every chain is split."""
    if not line or line[0] == "#" or not spaced_once(line) or line[-1] == escape:
        return None
    if "[" in line or "<<" in line:  # an exec-form array (or a `[` that may start one), a heredoc
        return None
    keyword = line.split(" ", 1)[0]
    upper = keyword.upper()
    if upper not in INSTRUCTIONS or upper == "ONBUILD":
        return None
    if options.keyword_case == "upper":
        if keyword != upper:
            return None
        if upper == "FROM" and any(w.upper() == "AS" and w != "AS" for w in line.split(" ")):
            return None
    if upper == "RUN" and options.split_chains == "always":
        return None
    return Verbatim(keyword, line)
