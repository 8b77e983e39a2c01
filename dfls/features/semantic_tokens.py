"""Semantic tokens of a document: full, a range of lines, and the delta between two.

The data is LSP's: five integers per token (line and start relative to the previous
token, length, type, modifiers), with columns in the client's units through ``column``
(code points without it). No LSP types here: the handler only wraps the lists.

Speed comes from the model reusing unchanged nodes as the same objects after an edit:
each node's encoded tokens are kept (:class:`TokenCache`), keyed by the node, so after
a keystroke only the edited instruction is tokenized again, and a full answer is the
concatenation of the kept lists. :func:`delta` compares two answers chunk by chunk (by
identity, see :func:`dfls.model.sequences.common_ends`), not integer by integer.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import NamedTuple

from dfls.features.token_kinds import (
    COMMENT,
    MACRO,
    STRING,
    TOKEN_MODIFIERS,
    TOKEN_TYPES,
    TYPE,
    Token,
    comment_tokens,
    node_tokens,
)
from dfls.model import Dockerfile, Instruction
from dfls.model.nodes import CommentNode, InstructionNode, Node
from dfls.model.sequences import common_ends

__all__ = ["TOKEN_MODIFIERS", "TOKEN_TYPES", "Delta", "TokenCache", "Tokens", "delta", "full"]

Column = Callable[[str, int], int]
"""``column(line, code_point_column)``: the column in the client's units."""


class _Chunk:
    """One node's encoded tokens: ``data[0]`` is the first token's line within the node
    (the caller replaces it with the distance from the token before); compared by
    identity."""

    __slots__ = ("context", "data", "first", "last", "node")

    def __init__(
        self, node: Node, context: tuple[bool, ...], data: list[int], first: int, last: int
    ) -> None:
        self.node = node
        self.context = context
        self.data = data
        self.first = first
        self.last = last


class Tokens(NamedTuple):
    """A full answer: the data, and per chunk its key and where it starts in the data."""

    data: list[int]
    keys: list[tuple[object, int]]
    offsets: list[int]


class Delta(NamedTuple):
    """Replace ``delete`` integers at ``start`` with ``data`` (one LSP SemanticTokensEdit)."""

    start: int
    delete: int
    data: list[int]


class TokenCache:
    """The encoded tokens of the nodes of one document's last version, by node."""

    def __init__(self, column: Column | None = None) -> None:
        self.column = column
        self._chunks: dict[int, _Chunk] = {}

    def chunk(
        self, dockerfile: Dockerfile, node: Node, start: int, context: tuple[bool, ...]
    ) -> _Chunk:
        chunks = self._chunks
        found = chunks.get(id(node))
        if found is None or found.node is not node or found.context != context:
            found = chunks[id(node)] = self._encode(dockerfile, node, start, context)
        return found

    def _encode(
        self, dockerfile: Dockerfile, node: Node, start: int, context: tuple[bool, ...]
    ) -> _Chunk:
        lines = dockerfile.lines
        if isinstance(node, CommentNode):
            tokens = comment_tokens(node.comment.span)
        else:

            def length(line: int) -> int:
                return len(lines[start + line]) if start + line < len(lines) else 0

            tokens = node_tokens(node, length, dockerfile.escape, context)
        data = encode(tokens, lambda line: lines[start + line], self.column)
        first = tokens[0].line if tokens else 0
        last = tokens[-1].line if tokens else 0
        return _Chunk(node, context, data, first, last)

    def keep(self, chunks: dict[int, _Chunk]) -> None:
        """Keep only ``chunks`` (those of the latest version)."""
        self._chunks = chunks

    def prune(self, dockerfile: Dockerfile) -> None:
        """Forget the nodes of older versions once they are as many as the current ones."""
        if len(self._chunks) > 2 * len(dockerfile.items) + 64:
            current = {id(node) for node in dockerfile.items}
            self._chunks = {k: v for k, v in self._chunks.items() if k in current}


def encode(
    tokens: list[Token], line_text: Callable[[int], str], column: Column | None
) -> list[int]:
    """LSP's relative encoding of ``tokens`` (sorted); the first token's line is absolute."""
    data: list[int] = []
    previous_line = 0
    previous_start = 0
    for line, start, end, kind, modifiers in tokens:
        if column is not None:
            text = line_text(line)
            if not text.isascii():
                start, end = column(text, start), column(text, end)
        delta_line = line - previous_line
        data += (
            delta_line,
            start - previous_start if not delta_line else start,
            end - start,
            kind,
            modifiers,
        )
        previous_line, previous_start = line, start
    return data


def _context(dockerfile: Dockerfile, instruction: Instruction) -> tuple[bool, ...]:
    """For each stage reference of ``instruction`` (see ``node_tokens``): is it a stage?"""
    found: list[bool] = []
    graph = dockerfile.stage_graph
    for flag in instruction.node.flags:
        name = flag.name.lower()
        if name == "from" and flag.value is not None:
            found.append(graph.resolve(flag.value) is not None)
        elif name == "mount" and flag.value and "from=" in flag.value.lower():
            for part in flag.value.split(","):
                key, eq, value = part.partition("=")
                if eq and key.strip().lower() == "from":
                    found.append(graph.resolve(value) is not None)
    if instruction.keyword == "FROM" and instruction.stage is not None:
        stages = dockerfile.stages
        if instruction.stage < len(stages):
            found.append(stages[instruction.stage].parent is not None)
    return tuple(found)


def _directives(dockerfile: Dockerfile, column: Column | None) -> list[int]:
    tokens: list[Token] = []
    for directive in dockerfile.directives:
        name, value = directive.name_span, directive.value_span
        line = directive.span.start.line
        if directive.span.start.character < name.start.character:
            tokens.append(
                Token(line, directive.span.start.character, name.start.character, COMMENT, 0)
            )
        tokens.append(Token(line, name.start.character, name.end.character, MACRO, 0))
        if value.end.character > value.start.character:
            kind = TYPE if directive.name == "syntax" else STRING
            tokens.append(Token(line, value.start.character, value.end.character, kind, 0))
    return encode(tokens, lambda line: dockerfile.lines[line], column)


def full(dockerfile: Dockerfile, cache: TokenCache) -> Tokens:
    """Every token of the document, the cache updated to this version's nodes."""
    data = _directives(dockerfile, cache.column)
    keys: list[tuple[object, int]] = [(tuple(dockerfile.directives), 0)] if data else []
    offsets: list[int] = [0] if data else []
    previous = data_last_line(dockerfile) if data else 0
    chunks: dict[int, _Chunk] = {}
    instructions = dockerfile.instructions
    ordinal = 0
    for node, start in zip(dockerfile.items, dockerfile.starts, strict=True):
        context: tuple[bool, ...] = ()
        if type(node) is InstructionNode:
            if node.flags or node.keyword == "FROM":
                context = _context(dockerfile, instructions[ordinal])
            ordinal += 1
        chunk = cache.chunk(dockerfile, node, start, context)
        chunks[id(node)] = chunk
        if not chunk.data:
            continue
        gap = start + chunk.first - previous
        keys.append((chunk, gap))
        offsets.append(len(data))
        data += chunk.data
        data[offsets[-1]] = gap
        previous = start + chunk.last
    cache.keep(chunks)
    return Tokens(data, keys, offsets)


def data_last_line(dockerfile: Dockerfile) -> int:
    return dockerfile.directives[-1].span.start.line if dockerfile.directives else 0


def in_range(dockerfile: Dockerfile, cache: TokenCache, first: int, last: int) -> list[int]:
    """The tokens of the items with a line in ``first..last`` (whole items: a client asks
    for the visible lines and a little more), encoded from line 0."""
    data: list[int] = []
    previous = 0
    if dockerfile.directives and first <= data_last_line(dockerfile):
        data = _directives(dockerfile, cache.column)
        previous = data_last_line(dockerfile)
    starts = dockerfile.starts
    low = max(bisect_right(starts, first) - 1, 0)
    high = bisect_right(starts, last)
    instructions = dockerfile.instructions
    ordinal = bisect_left(instructions, starts[low], key=_line) if low < len(starts) else 0
    for index in range(low, high):
        node, start = dockerfile.items[index], starts[index]
        if start + node.line_count - 1 < first:
            if type(node) is InstructionNode:
                ordinal += 1
            continue
        context: tuple[bool, ...] = ()
        if type(node) is InstructionNode:
            if node.flags or node.keyword == "FROM":
                context = _context(dockerfile, instructions[ordinal])
            ordinal += 1
        chunk = cache.chunk(dockerfile, node, start, context)
        if not chunk.data:
            continue
        offset = len(data)
        data += chunk.data
        data[offset] = start + chunk.first - previous
        previous = start + chunk.last
    cache.prune(dockerfile)
    return data


def _line(instruction: Instruction) -> int:
    return instruction.line


def delta(old: Tokens, new: Tokens) -> list[Delta]:
    """The edits that turn ``old.data`` into ``new.data``: none, or one replacing what lies
    between the chunks the two share at either end."""
    prefix, suffix = common_ends(old.keys, new.keys)
    size = len(new.keys)
    if prefix == size and suffix == 0 and len(old.keys) == size:
        return []
    begin = new.offsets[prefix] if prefix < size else len(new.data)
    tail = len(new.data) - new.offsets[size - suffix] if suffix else 0
    old_end = len(old.data) - tail
    if old_end == begin and len(new.data) - tail == begin:
        return []
    return [Delta(begin, old_end - begin, new.data[begin : len(new.data) - tail])]
