"""Folding ranges: each stage, each instruction over several lines (continuations, heredocs),
each heredoc body inside a longer instruction, each run of consecutive comment lines.

Pure: lines of the model in, plain :class:`Fold` values out (code points; the handler
drops the characters for clients that fold whole lines only). A fold that would start on
the same line as a larger one is left out, since editors keep one fold per start line.
"""

from __future__ import annotations

from typing import NamedTuple

from dfls.model import Dockerfile
from dfls.model.nodes import CommentNode, InstructionNode

COMMENT = "comment"
REGION = "region"


class Fold(NamedTuple):
    start_line: int
    end_line: int
    kind: str | None
    """``comment``, ``region`` (a stage) or None (an instruction)."""
    end_character: int | None = None
    """Where the folded text ends on ``end_line`` (None: the whole line)."""


def folding_ranges(dockerfile: Dockerfile) -> list[Fold]:
    """The folds of the document, ordered by start line (then larger first)."""
    folds: list[Fold] = _comment_blocks(dockerfile)
    taken: set[int] = set()
    for stage in dockerfile.stages:
        span = stage.span
        if span.end.line > span.start.line:
            folds.append(Fold(span.start.line, span.end.line, REGION, span.end.character))
            taken.add(span.start.line)
    for node, start in zip(dockerfile.items, dockerfile.starts, strict=True):
        if type(node) is not InstructionNode or node.line_count < 2:
            continue
        end = start + node.line_count - 1
        if start not in taken:
            folds.append(Fold(start, end, None, node.span.end.character))
        for heredoc in node.heredocs:
            terminator = heredoc.terminator_span
            marker = heredoc.marker_span.start.line + start
            if terminator is not None and marker != start and marker < terminator.end.line + start:
                folds.append(Fold(marker, terminator.end.line + start, None))
    folds.sort(key=lambda f: (f.start_line, -f.end_line))
    return folds


def _comment_blocks(dockerfile: Dockerfile) -> list[Fold]:
    """Runs of two or more comment lines in a row (the parser directives count)."""
    lines = [d.span.start.line for d in dockerfile.directives]
    ends = {d.span.start.line: d.span.end.character for d in dockerfile.directives}
    for node, start in zip(dockerfile.items, dockerfile.starts, strict=True):
        if type(node) is CommentNode:
            lines.append(start)
            ends[start] = node.comment.span.end.character
    folds: list[Fold] = []
    first = previous = -2
    for line in lines:
        if line != previous + 1:
            if previous > first >= 0:
                folds.append(Fold(first, previous, COMMENT, ends[previous]))
            first = line
        previous = line
    if previous > first >= 0:
        folds.append(Fold(first, previous, COMMENT, ends[previous]))
    return folds
