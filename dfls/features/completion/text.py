"""The text around the cursor, as the completion and signature contexts read it."""

from __future__ import annotations

from dfls.model import Dockerfile, Instruction

_MAX_LINES = 200  # how far back a continuation is followed


def in_heredoc(instruction: Instruction, line: int) -> bool:
    for heredoc in instruction.heredocs:
        body = heredoc.body_span
        if body is not None and body.start.line <= line <= body.end.line:
            return True
        end = heredoc.terminator_span
        if end is not None and end.start.line == line:
            return True
    return False


def logical_args(dockerfile: Dockerfile, instruction: Instruction, line: int, before: str) -> str:
    """The instruction's arguments up to the cursor, continuation lines joined as BuildKit
    joins them (escape and line end removed, comment lines inside dropped)."""
    lines = dockerfile.lines
    escape = dockerfile.escape
    parts = [before]
    for index in range(line - 1, max(instruction.line, line - _MAX_LINES) - 1, -1):
        text = lines[index]
        if index != instruction.line and text.lstrip().startswith("#"):
            continue
        text = text.rstrip()
        parts.append(text[:-1] if text.endswith(escape) else text)
    if line - instruction.line >= _MAX_LINES:
        return "".join(reversed(parts))
    joined = "".join(reversed(parts))
    return joined[instruction.keyword_span.end.character :]
