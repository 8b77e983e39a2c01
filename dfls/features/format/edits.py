"""The formatter as editors want it: small edits, one range, the line after a ``\\``.

:func:`line_edits` turns a formatted text into the edits that make it from the original,
one per run of changed lines (a diff, not one whole-document replacement), so cursors,
marks and undo stay where they were. :func:`range_text` formats only the instructions
(and comment lines) that a range of lines touches. :func:`continuation_indent` answers
on-type formatting: the indentation of a new line typed after a line continuation.
"""

from __future__ import annotations

import difflib

from dfls.engine.format_options import FormatOptions
from dfls.features.format import Formatted
from dfls.model import Dockerfile
from dfls.model.edits import Edit
from dfls.model.lexer import BOM, SPACE
from dfls.model.text import Position, Span, split_lines


def _elements(text: str) -> list[str]:
    lines, endings = split_lines(text)
    return [line + ending for line, ending in zip(lines, endings, strict=True)]


def line_edits(old: str, new: str) -> list[Edit]:
    """The edits (whole lines each) that turn ``old`` into ``new``, in document order."""
    if old == new:
        return []
    before = _elements(old)
    after = _elements(new)
    last = len(before) - 1
    end_of_text = Position(last, len(split_lines(old)[0][last]))
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start = Position(i1, 0) if i1 <= last else end_of_text
        end = Position(i2, 0) if i2 <= last else end_of_text
        edits.append(Edit(Span(start, end), "".join(after[j1:j2])))
    return edits


def formatting_edits(formatted: Formatted) -> list[Edit]:
    """The edits of a whole-file formatting: one per item whose lines changed (the chunks
    say which lines each item's new lines replace), found without diffing the texts."""
    original = formatted.original
    if not formatted.changed:
        return []
    if original.startswith(BOM) or not formatted.chunks:
        return line_edits(original, formatted.text)
    lines, endings = split_lines(original)
    last = len(lines) - 1
    end_of_text = Position(last, len(lines[last]))
    edits: list[Edit] = []
    for chunk in formatted.chunks:
        old = [
            line + ending
            for line, ending in zip(
                lines[chunk.first : chunk.end], endings[chunk.first : chunk.end], strict=True
            )
        ]
        new = [content + ending for content, ending in chunk.lines]
        if "".join(old) == "".join(new):
            continue  # (the empty last line of a text that ends with a line ending)
        start = Position(chunk.first, 0) if chunk.first <= last else end_of_text
        end = Position(chunk.end, 0) if chunk.end <= last else end_of_text
        edits.append(Edit(Span(start, end), "".join(new)))
    return edits


def range_text(formatted: Formatted, first: int, last: int) -> str:
    """The original text with only the items on lines ``first``..``last`` formatted."""
    if formatted.refused is not None or not formatted.changed:
        return formatted.original
    original = formatted.original
    bom = BOM if original.startswith(BOM) else ""
    lines, endings = split_lines(original[len(bom) :])
    pieces = [line + ending for line, ending in zip(lines, endings, strict=True)]
    out: list[str] = []
    taken = 0
    for chunk in formatted.chunks:
        touched = chunk.first <= last and chunk.end - 1 >= first and chunk.end > chunk.first
        if not touched or not _is_item(chunk.first, chunk.end, lines):
            continue
        out.extend(pieces[taken : chunk.first])
        out.extend(content + ending for content, ending in chunk.lines)
        taken = chunk.end
    out.extend(pieces[taken:])
    return bom + "".join(out)


def _is_item(first: int, end: int, lines: list[str]) -> bool:
    """An instruction or a comment line, not the blank lines between them."""
    return any(line.strip(SPACE) for line in lines[first:end])


def continuation_indent(text: str, line: int, options: FormatOptions) -> Edit | None:
    """After Enter at the end of a line that continues an instruction (``\\``), the new
    line ``line`` gets the continuation indent (that of the line above, if it is itself a
    continuation line); None when nothing needs to change."""
    if line <= 0:
        return None
    dockerfile = Dockerfile.parse(text[1:] if text.startswith(BOM) else text)
    lines = dockerfile.lines
    if line >= len(lines):
        return None
    above = lines[line - 1]
    if not above.rstrip(" \t").endswith(dockerfile.escape):
        return None
    instruction = dockerfile.instruction_at(line - 1)
    if instruction is None:
        return None
    unit = "\t" if options.indent_style == "tab" else " " * options.indent_width
    indent = unit
    if instruction.line != line - 1:
        written = above[: len(above) - len(above.lstrip(SPACE))]
        indent = written or unit
    current = lines[line]
    present = current[: len(current) - len(current.lstrip(" \t"))]
    if present == indent:
        return None
    return Edit(Span(Position(line, 0), Position(line, len(present))), indent)
