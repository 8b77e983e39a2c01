"""Semantic tokens of a document: full, a range of lines, and the delta between two.

The data is LSP's: five integers per token (line and start relative to the previous
token, length, type, modifiers), with columns in the client's units through ``column``
(code points without it). No LSP types here: the handler only wraps the lists.

Speed comes from the model reusing unchanged nodes as the same objects after an edit:
each node's encoded tokens are kept (:class:`TokenCache`), keyed by the node, as integers
and as JSON text, so after a keystroke only the edited instruction is tokenized again,
and a full answer is the concatenation of the kept texts. :func:`delta` compares two
answers chunk by chunk (by identity, see :func:`dfls.model.sequences.common_ends`), not
integer by integer.
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
from dfls.model import Directive, Dockerfile, Instruction
from dfls.model.nodes import CommentNode, InstructionNode, Node
from dfls.model.sequences import common_ends

__all__ = ["TOKEN_MODIFIERS", "TOKEN_TYPES", "Delta", "TokenCache", "Tokens", "delta", "full"]

Column = Callable[[str, int], int]
"""``column(line, code_point_column)``: the column in the client's units."""


class _Chunk:
    """The encoded tokens of one node (or of the parser directives): ``data[0]`` is the
    first token's line within the node, which the answer replaces with the distance from
    the token before; ``tail`` is ``data[1:]`` as JSON text, with a leading comma.
    Compared by identity."""

    __slots__ = ("context", "data", "first", "last", "node", "size", "tail")

    def __init__(
        self, node: object, context: tuple[bool, ...] | None, data: list[int], first: int
    ) -> None:
        self.node = node
        self.context = context
        """What the tokens depend on outside the node (None: nothing)."""
        self.data = data
        self.size = len(data)
        self.first = first
        self.last = sum(data[0::5]) if data else first
        self.tail = "," + ",".join(map(str, data[1:])) if data else ""


class Tokens(NamedTuple):
    """A full answer: per chunk its key (the chunk, and its first token's distance from
    the token before), where it starts in the data and the item it belongs to; the data's
    length; and what the next answer needs to patch this one rather than start again."""

    keys: list[tuple[_Chunk, int]]
    offsets: list[int]
    length: int
    key_items: list[int]
    """For each key, the index of its item (-1: the parser directives)."""
    item_keys: list[int]
    """For each item and one past the last, how many keys come before it."""
    items: list[Node]
    starts: list[int]
    signature: tuple[object, ...]
    """The directives and the stages' names and parents: what chunks depend on outside
    their node."""

    @property
    def data(self) -> list[int]:
        return _ints(self.keys)

    def json(self) -> str:
        """The data as a JSON array."""
        return "[" + ",".join([f"{gap}{chunk.tail}" for chunk, gap in self.keys]) + "]"


def _ints(keys: list[tuple[_Chunk, int]]) -> list[int]:
    data: list[int] = []
    for chunk, gap in keys:
        offset = len(data)
        data += chunk.data
        data[offset] = gap
    return data


class Delta(NamedTuple):
    """Replace ``delete`` integers at ``start`` with ``data`` (one LSP SemanticTokensEdit)."""

    start: int
    delete: int
    data: list[int]


class TokenCache:
    """The encoded tokens of the nodes of one document's last version, by node."""

    def __init__(self, column: Column | None = None) -> None:
        self.column = column
        self.kept: dict[int, _Chunk] = {}
        self._directives: _Chunk | None = None
        self.last: Tokens | None = None
        """The last full answer, which the next one patches."""

    def chunk(self, dockerfile: Dockerfile, node: Node, start: int, stage: int) -> _Chunk:
        """The chunk of ``node`` (at line ``start``, in stage ``stage``)."""
        chunks = self.kept
        found = chunks.get(id(node))
        if (
            found is None
            or found.node is not node
            or (
                found.context is not None
                and isinstance(node, InstructionNode)
                and found.context != _context(dockerfile, node, stage)
            )
        ):
            found = chunks[id(node)] = self._encode(dockerfile, node, start, stage)
        return found

    def _encode(self, dockerfile: Dockerfile, node: Node, start: int, stage: int) -> _Chunk:
        lines = dockerfile.lines
        context = None
        if isinstance(node, CommentNode):
            tokens = comment_tokens(node.comment.span)
        else:

            def length(line: int) -> int:
                return len(lines[start + line]) if start + line < len(lines) else 0

            if node.flags or node.keyword == "FROM":
                context = _context(dockerfile, node, stage)
            tokens = node_tokens(node, length, dockerfile.escape, context or ())
        data = encode(tokens, lambda line: lines[start + line], self.column)
        return _Chunk(node, context, data, tokens[0].line if tokens else 0)

    def directives(self, dockerfile: Dockerfile) -> _Chunk:
        found = self._directives
        if found is None or found.node != dockerfile.directives:
            data = _directives(dockerfile, self.column)
            found = self._directives = _Chunk(
                dockerfile.directives, None, data, data[0] if data else 0
            )
        return found

    def prune(self, dockerfile: Dockerfile) -> None:
        """Forget the nodes of older versions once they are as many as the current ones."""
        if len(self.kept) > 2 * len(dockerfile.items) + 64:
            current = {id(node) for node in dockerfile.items}
            self.kept = {k: v for k, v in self.kept.items() if k in current}


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


def _context(dockerfile: Dockerfile, node: InstructionNode, stage: int) -> tuple[bool, ...]:
    """For each stage reference of ``node`` (see ``node_tokens``): does it name a stage?"""
    found: list[bool] = []
    graph = dockerfile.stage_graph
    for flag in node.flags:
        name = flag.name.lower()
        if name == "from" and flag.value is not None:
            found.append(graph.resolve(flag.value) is not None)
        elif name == "mount" and flag.value and "from=" in flag.value.lower():
            for part in flag.value.split(","):
                key, eq, value = part.partition("=")
                if eq and key.strip().lower() == "from":
                    found.append(graph.resolve(value) is not None)
    if node.keyword == "FROM":
        stages = dockerfile.stages
        found.append(0 <= stage < len(stages) and stages[stage].parent is not None)
    return tuple(found)


def _directives(dockerfile: Dockerfile, column: Column | None) -> list[int]:
    tokens: list[Token] = []
    for directive in dockerfile.directives:
        tokens += _directive(directive)
    return encode(tokens, lambda line: dockerfile.lines[line], column)


def _directive(directive: Directive) -> list[Token]:
    name, value = directive.name_span, directive.value_span
    line = directive.span.start.line
    tokens: list[Token] = []
    if directive.span.start.character < name.start.character:
        tokens.append(Token(line, directive.span.start.character, name.start.character, COMMENT, 0))
    tokens.append(Token(line, name.start.character, name.end.character, MACRO, 0))
    if value.end.character > value.start.character:
        kind = TYPE if directive.name == "syntax" else STRING
        tokens.append(Token(line, value.start.character, value.end.character, kind, 0))
    return tokens


def full(dockerfile: Dockerfile, cache: TokenCache) -> Tokens:
    """Every token of the document: the cache's last answer patched where the document
    changed since, or collected from the kept chunks."""
    last = cache.last
    tokens = None
    if last is not None and last.items is not dockerfile.items:
        tokens = _patched(dockerfile, cache, last)
    elif last is not None and last.signature == _signature(dockerfile):
        tokens = last
    if tokens is None:
        tokens = _collect(dockerfile, cache, 0, len(dockerfile.items), True)
        cache.prune(dockerfile)
    cache.last = tokens
    return tokens


def in_range(dockerfile: Dockerfile, cache: TokenCache, first: int, last: int) -> list[int]:
    """The tokens of the items with a line in ``first..last`` (whole items: a client asks
    for the visible lines and a little more), encoded from line 0."""
    starts = dockerfile.starts
    low = max(bisect_right(starts, first) - 1, 0)
    if low < len(starts) and starts[low] + dockerfile.items[low].line_count - 1 < first:
        low += 1
    high = bisect_right(starts, last)
    tokens = _collect(dockerfile, cache, low, high, first <= _directives_end(dockerfile))
    cache.prune(dockerfile)
    return tokens.data


def _directives_end(dockerfile: Dockerfile) -> int:
    return dockerfile.directives[-1].span.start.line if dockerfile.directives else -1


def _collect(dockerfile: Dockerfile, cache: TokenCache, low: int, high: int, head: bool) -> Tokens:
    """The chunks of ``items[low:high]`` (and of the directives with ``head``)."""
    keys: list[tuple[_Chunk, int]] = []
    offsets: list[int] = []
    key_items: list[int] = []
    length = 0
    previous = 0
    if head and dockerfile.directives:
        chunk = cache.directives(dockerfile)
        if chunk.data:
            keys.append((chunk, chunk.data[0]))
            offsets.append(0)
            key_items.append(-1)
            length = len(chunk.data)
            previous = chunk.last
    item_keys = [0] * low
    length = _window(
        dockerfile, cache, low, high, previous, (keys, offsets, key_items, item_keys), length
    )
    item_keys.append(len(keys))
    return Tokens(
        keys,
        offsets,
        length,
        key_items,
        item_keys,
        dockerfile.items,
        dockerfile.starts,
        _signature(dockerfile),
    )


_Lists = tuple[list[tuple[_Chunk, int]], list[int], list[int], list[int]]


def _window(
    dockerfile: Dockerfile,
    cache: TokenCache,
    low: int,
    high: int,
    previous: int,
    lists: _Lists,
    length: int,
) -> int:
    """Append the keys of ``items[low:high]`` to ``lists`` (keys, offsets, key items, item
    keys); ``previous`` is the line of the token before; the data's new length."""
    keys, offsets, key_items, item_keys = lists
    if low >= high:
        return length
    items, starts = dockerfile.items, dockerfile.starts
    stage = _stage_before(dockerfile, low)
    kept = cache.kept
    for index in range(low, high):
        node = items[index]
        item_keys.append(len(keys))
        if type(node) is InstructionNode and node.keyword == "FROM":
            stage += 1
        found = kept.get(id(node))
        if found is None or found.node is not node or found.context is not None:
            chunk = cache.chunk(dockerfile, node, starts[index], stage)  # new, or it depends
        else:
            chunk = found
        if chunk.size:
            begin = starts[index]
            keys.append((chunk, begin + chunk.first - previous))
            offsets.append(length)
            key_items.append(index)
            length += chunk.size
            previous = begin + chunk.last
    return length


def _signature(dockerfile: Dockerfile) -> tuple[object, ...]:
    stages = dockerfile.stages
    return (
        dockerfile.directives,
        tuple(s.name.lower() if s.name else None for s in stages),
        tuple(s.parent for s in stages),
    )


_PATCH_LIMIT = 256
"""A change of more items than this is collected again rather than patched."""


def _patched(dockerfile: Dockerfile, cache: TokenCache, last: Tokens) -> Tokens | None:
    """``last`` with the items that changed since replaced: the work is proportional to
    the edit, not to the file. None when that is not safe (stages renamed, added or
    removed, the directives changed) or not worth it."""
    items, old_items = dockerfile.items, last.items
    prefix = min(common_ends(old_items, items)[0], common_ends(last.starts, dockerfile.starts)[0])
    suffix = _common_suffix(old_items, items, min(len(old_items), len(items)) - prefix)
    old_end, new_end = len(old_items) - suffix, len(items) - suffix
    if new_end - prefix > _PATCH_LIMIT or _froms(old_items, prefix, old_end) != _froms(
        items, prefix, new_end
    ):
        return None
    if last.signature != _signature(dockerfile):
        return None
    first_key, end_key = last.item_keys[prefix], last.item_keys[old_end]
    keys = last.keys[:first_key]
    offsets = last.offsets[:first_key]
    key_items = last.key_items[:first_key]
    item_keys = last.item_keys[:prefix]
    previous = 0
    if first_key:
        chunk = keys[-1][0]
        index = key_items[-1]
        previous = chunk.last + (dockerfile.starts[index] if index >= 0 else 0)
    length = last.offsets[first_key] if first_key < len(last.keys) else last.length
    lists = (keys, offsets, key_items, item_keys)
    length = _window(dockerfile, cache, prefix, new_end, previous, lists, length)
    shift = len(keys) - end_key
    if end_key < len(last.keys):
        _follow(dockerfile, last, (end_key, new_end - old_end, length), lists)
        length += last.length - last.offsets[end_key]
    item_keys += [k + shift for k in last.item_keys[old_end:]]
    cache.prune(dockerfile)
    return last._replace(
        keys=keys,
        offsets=offsets,
        length=length,
        key_items=key_items,
        item_keys=item_keys,
        items=items,
        starts=dockerfile.starts,
    )


def _common_suffix(old: list[Node], new: list[Node], limit: int) -> int:
    """How many trailing items ``old`` and ``new`` share, at most ``limit`` (the nodes after
    an edit are the same objects, moved: their lines are not compared)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle :] == new[len(new) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def _follow(
    dockerfile: Dockerfile, last: Tokens, where: tuple[int, int, int], lists: _Lists
) -> None:
    """Append ``last``'s keys from ``end_key`` on (the unchanged items after the edit):
    the first one's gap counted again, the others as they were, moved by ``moved`` items
    and to start at ``length``."""
    end_key, moved, length = where
    keys, offsets, key_items, _ = lists
    chunk = last.keys[end_key][0]
    item = last.key_items[end_key] + moved
    previous = 0
    if keys:
        index = key_items[-1]
        previous = keys[-1][0].last + (dockerfile.starts[index] if index >= 0 else 0)
    keys.append((chunk, dockerfile.starts[item] + chunk.first - previous))
    keys += last.keys[end_key + 1 :]
    shift = length - last.offsets[end_key]
    offsets += [o + shift for o in last.offsets[end_key:]]
    key_items += [k + moved for k in last.key_items[end_key:]]


def _froms(items: list[Node], low: int, high: int) -> int:
    return sum(1 for i in range(low, high) if getattr(items[i], "keyword", None) == "FROM")


def _stage_before(dockerfile: Dockerfile, index: int) -> int:
    """The index of the stage the items before ``items[index]`` end in (-1: none yet)."""
    instructions = dockerfile.instructions
    before = bisect_left(instructions, dockerfile.starts[index], key=_line) - 1 if index else -1
    stage = instructions[before].stage if before >= 0 else None
    return -1 if stage is None else stage


def _line(instruction: Instruction) -> int:
    return instruction.line


def delta(old: Tokens, new: Tokens) -> list[Delta]:
    """The edits that turn ``old``'s data into ``new``'s: none, or one replacing what lies
    between the chunks the two share at either end."""
    prefix, suffix = common_ends(old.keys, new.keys)
    size = len(new.keys)
    if prefix == size == len(old.keys):
        return []
    begin = new.offsets[prefix] if prefix < size else new.length
    tail = new.length - new.offsets[size - suffix] if suffix else 0
    old_end = old.length - tail
    changed = _ints(new.keys[prefix : size - suffix])
    if old_end == begin and not changed:
        return []
    return [Delta(begin, old_end - begin, changed)]
