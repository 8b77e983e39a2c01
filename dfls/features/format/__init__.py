"""The formatter: a Dockerfile in, the same build laid out one way out.

:func:`format_text` formats a whole file; the result also says which lines each
instruction's new lines replace (:class:`Chunk`), so that a range can be formatted alone
(:mod:`dfls.features.format.edits`). Before returning anything it parses its output and
compares it with the input (:mod:`dfls.features.format.safety`): an instruction that would
change is kept as written, and a file that would change anyway is refused (no change, and
the reason in :attr:`Formatted.refused`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from dfls.engine.format_options import DEFAULT, FormatOptions
from dfls.features.format import layout as lay
from dfls.features.format import safety
from dfls.features.format import source as src
from dfls.features.format.layout import Style
from dfls.model.lexer import BOM, SPACE, lex_item, parse_directives
from dfls.model.nodes import CommentNode, InstructionNode, Node
from dfls.model.text import split_lines

if TYPE_CHECKING:
    from dfls.features.format.shell import ShellFormatter
    from dfls.model import (
        Dockerfile,  # (imported only when shell formatting is on: it loads subprocess)
    )

Line = tuple[str, str]
"""A line's content and its line ending."""


class Chunk(NamedTuple):
    """Lines ``first`` to ``end`` (exclusive) of the input become ``lines``. (A named tuple:
    a file makes two per item, and a frozen dataclass is several times slower to make.)"""

    first: int
    end: int
    lines: tuple[Line, ...]
    instruction: bool = False
    node: Node | None = None
    """The item these lines lex as (a comment, an instruction; without positions when the
    lines changed): what the check compares. None for a copied line (:mod:`.source`)."""


class Formatted(NamedTuple):
    text: str
    original: str
    chunks: tuple[Chunk, ...] = ()
    refused: str | None = None
    """Why nothing was changed although something would have been (for the log)."""
    notes: tuple[str, ...] = ()
    """What was kept as written, and why (instructions with syntax errors...)."""

    @property
    def changed(self) -> bool:
        return self.text != self.original


def format_text(
    text: str,
    options: FormatOptions = DEFAULT,
    shell: ShellFormatter | None = None,
    parsed: Dockerfile | None = None,
) -> Formatted:
    """Format a Dockerfile's text; never raises, never changes what it builds.

    ``parsed`` is ``text`` already parsed (the language server keeps one), used as is when
    ``text`` has no byte order mark."""
    bom = BOM if text.startswith(BOM) else ""
    if text.startswith(BOM * 2):  # the second is part of the first line (BuildKit's too)
        return Formatted(text, text, notes=("not formatted: it starts with two byte order marks",))
    if parsed is not None and not bom:
        file = src.from_dockerfile(parsed)
    else:
        file = src.read(text[len(bom) :], options)
    if file.directive_problems:
        problem = file.directive_problems[0].message
        return Formatted(text, text, notes=(f"not formatted: {problem}",))
    formatter = _FileFormatter(file, options, shell)
    chunks = _unmerged(formatter.run())
    body = "".join(content + ending for chunk in chunks for content, ending in chunk.lines)
    new = bom + body
    if new == text:
        return Formatted(text, text, tuple(chunks), notes=tuple(formatter.notes))
    key = shell.normal_form if shell is not None and options.shell else None
    reason = _output_difference(file, chunks, body, formatter.changed, key)
    if reason is not None:
        import logging  # (only here: the command line starts faster without it)

        logging.getLogger(__name__).warning("formatting refused: %s", reason)
        return Formatted(text, text, refused=f"refused to format: {reason} (please report it)")
    return Formatted(new, text, tuple(chunks), notes=tuple(formatter.notes))


def _output_difference(
    file: src.Source,
    chunks: list[Chunk],
    body: str,
    changed: list[tuple[int, Node, Node]],
    key: safety.ShellKey | None,
) -> str | None:
    """Where the output (``body``, the text of the ``chunks``) would build differently from
    the input (None: nowhere).

    The output's directives are read again from its lines. Its items are one per input
    item (:meth:`_FileFormatter.run`): an item whose lines did not change lexes as the
    input's (the lexer is deterministic and item-local: the same lines from an item's start
    make the same node); every changed instruction was lexed again from its new lines and
    ended there, without a problem (:meth:`_FileFormatter._same`). So this compares the
    parse of the whole output with the input, where only the ``changed`` items (with the
    number of the instruction, for the log) need comparing: 23 of 2,238 in the benchmark's
    5,000-line file."""
    pairs = [pair for chunk in chunks for pair in chunk.lines]
    lines = [content for content, _ in pairs]
    # Read again, the text has these lines (and an empty one after a last line end).
    if pairs and split_lines(body)[0] != (lines if not pairs[-1][1] else [*lines, ""]):
        return "the line endings would join two lines"
    if lines and lines[0].startswith(BOM) and lines[0] != file.lines[0]:
        return "a line starting with U+FEFF would become the first (a byte order mark)"
    directives, escape, problems, _ = parse_directives(lines)
    if problems:
        return "the parser directives would change"
    before = safety.items_signature(file.directives, file.escape, (), key)
    if safety.items_signature(directives, escape, (), key) != before:
        return "the parser directives would change"
    return safety.items_difference(changed, key)


def _unmerged(chunks: list[Chunk]) -> list[Chunk]:
    """No line ending in a lone CR right before an empty line ending in LF: the two would
    read as one CRLF, and the empty line would be gone (from a heredoc body, or a blank line
    kept). Such a line ends in CRLF instead (files of mixed line endings)."""
    previous: tuple[int, int] | None = None  # (chunk, line) of the last line so far
    for index, chunk in enumerate(chunks):
        for row, (content, ending) in enumerate(chunk.lines):
            if previous is not None and content == "" and ending.startswith("\n"):
                k, r = previous
                before = chunks[k]
                if before.lines[r][1] == "\r":
                    fixed = (
                        *before.lines[:r],
                        (before.lines[r][0], "\r\n"),
                        *before.lines[r + 1 :],
                    )
                    chunks[k] = before._replace(lines=fixed)
            previous = (index, row)
    return chunks


def _ending(file: src.Source) -> str:
    endings = [e for e in file.endings if e]
    if not endings:
        return "\n"
    return max(("\n", "\r\n", "\r"), key=endings.count)


class _FileFormatter:
    def __init__(
        self, file: src.Source, options: FormatOptions, shell: ShellFormatter | None
    ) -> None:
        self.file = file
        self.options = options
        self.shell = shell if options.shell else None
        self.ending = _ending(file)
        self.style = Style(options, _lower(file, options), file.escape)
        self.notes: list[str] = []
        self.changed: list[tuple[int, Node, Node]] = []
        """Each instruction whose lines change: its number, its node and its new node."""
        self.number = 0
        key = self.shell.normal_form if self.shell is not None else None
        self.key = key

    def run(self) -> list[Chunk]:
        df = self.file
        lines, endings = df.lines, df.endings
        chunks: list[Chunk] = []
        for index in range(df.body_start):
            chunks.append(Chunk(index, index + 1, ((lines[index].rstrip(" \t"), endings[index]),)))
        previous_end = df.body_start
        blank_before = self._blank_before_from()
        for k, (node, start) in enumerate(zip(df.items, df.starts, strict=True)):
            gap = start - previous_end
            want = min(gap, 1)
            if k == 0 and not self._keep_leading_blank(node):
                want = 0
            if k in blank_before:
                want = 1
            if gap or want:  # (no chunk for the nothing between two items)
                # A blank line kept keeps its line ending (in a file of mixed endings, the
                # majority may change once blank lines are gone: again, nothing changes).
                ending = endings[previous_end] if gap else self.ending
                chunks.append(Chunk(previous_end, start, (("", ending),) * want))
            if isinstance(node, src.Verbatim):
                self.number += 1
                chunks.append(Chunk(start, start + 1, ((node.line, endings[start]),), True))
                previous_end = start + 1
                continue
            end = start + (node.line_count if isinstance(node, InstructionNode) else 1)
            chunks.append(self._item(node, start, end))
            previous_end = end
        chunks.append(Chunk(previous_end, len(lines), ()))
        return _final_newline(chunks, self.ending, df)

    def _keep_leading_blank(self, node: object) -> bool:
        """A blank line after the directives (or at the top, before a comment that would
        read as one) ends the directives: it stays. So does one before a line that starts
        with U+FEFF: on the first line that would read as a byte order mark."""
        df = self.file
        first = df.starts[0]
        if df.body_start > 0 or df.lines[first].startswith(BOM):
            return True
        if not isinstance(node, CommentNode):
            return False
        return bool(parse_directives([df.lines[first]])[0])

    def _blank_before_from(self) -> set[int]:
        if not self.options.blank_line_before_from:
            return set()
        items, starts = self.file.items, self.file.starts
        wanted: set[int] = set()
        seen_from = False
        for k, node in enumerate(items):
            if _keyword(node) == "FROM":
                if seen_from:
                    first = k
                    while first > 0 and isinstance(items[first - 1], CommentNode):
                        if starts[first] - starts[first - 1] > 1:
                            break
                        first -= 1
                    wanted.add(first)
                seen_from = True
        return wanted

    def _item(self, node: CommentNode | InstructionNode, start: int, end: int) -> Chunk:
        df = self.file
        if isinstance(node, CommentNode):
            content = df.lines[start].strip(" \t\v\f")
            return Chunk(start, end, ((content, df.endings[start]),), node=node)
        self.number += 1
        lines = df.lines[start:end]
        endings = df.endings[start:end]
        new = lay.layout(node, lines, self.style)
        if new is None:
            if node.problems:
                self.notes.append(f"line {start + 1}: {node.problems[0].message}: kept as written")
            return Chunk(start, end, tuple(zip(lines, endings, strict=True)), True, node)
        logical = node.segments[-1].line + 1
        rest = list(zip(lines[logical:], endings[logical:], strict=True))
        if self.shell is not None:
            new, rest = self.shell.instruction(node, new, rest, self.style)
        candidate = [(line, self.ending) for line in new] + rest
        as_written = Chunk(start, end, tuple(zip(lines, endings, strict=True)), True, node)
        if [c for c, _ in candidate] == lines:  # nothing but (maybe) line endings changed
            return as_written
        item = self._same(node, [c for c, _ in candidate])
        if item is None:
            self.notes.append(
                f"line {start + 1}: kept as written (its layout cannot change safely)"
            )
            return as_written
        self.changed.append((self.number, node, item))
        return Chunk(start, end, tuple(candidate), True, item)

    def _same(self, node: InstructionNode, new: Sequence[str]) -> InstructionNode | None:
        """The new lines lexed: one instruction, ending on the last line without a problem,
        that builds the same (None if not). Lexed without positions (nothing reads them:
        the node is only compared), which takes about half the time."""
        if not new or new[0].startswith(BOM) or not new[0].strip(SPACE):
            return None
        item, last = lex_item(new, 0, self.style.escape, located=False)
        if last != len(new) - 1 or not isinstance(item, InstructionNode) or item.problems:
            return None
        if sorted(c.text for c in item.comments) != sorted(c.text for c in node.comments):
            return None
        if safety.signature(item, self.key) != safety.signature(node, self.key):
            return None
        return item


def _lower(file: src.Source, options: FormatOptions) -> bool | None:
    if options.keyword_case == "keep":
        return None
    if options.keyword_case == "upper":
        return False
    # DF604's own count (BuildKit's rule), so the two agree; loaded only when asked for.
    from dfls.rules.df604_instruction_casing import majority_lower

    return majority_lower(file.nodes())


def _final_newline(chunks: list[Chunk], ending: str, file: src.Source) -> list[Chunk]:
    """One line ending after the last line (none in an empty file)."""
    for index in range(len(chunks) - 1, -1, -1):
        chunk = chunks[index]
        if not chunk.lines:
            continue
        content, old = chunk.lines[-1]
        if old == ending or (old and not chunk.instruction):
            return chunks
        last_node = file.items[-1] if file.items else None
        if isinstance(last_node, InstructionNode) and last_node.problems:
            return chunks  # an unterminated heredoc or continuation: its last line stays
        lines = (*chunk.lines[:-1], (content, old or ending))
        chunks[index] = Chunk(chunk.first, chunk.end, lines, chunk.instruction, chunk.node)
        return chunks
    return chunks


def _keyword(item: src.Item) -> str | None:
    if isinstance(item, src.Verbatim):
        return item.keyword.upper()
    return item.keyword if isinstance(item, InstructionNode) else None
