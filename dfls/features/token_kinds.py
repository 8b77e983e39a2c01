"""What each piece of one instruction is, for semantic highlighting: pure, node-relative.

:func:`node_tokens` reads one instruction node (its lines counted from its keyword's
line, as the node stores them) and returns its tokens, one line each, left to right,
without overlaps, in code points. Whether a ``--from`` or ``FROM`` value names a stage or
an image is the only fact that depends on the rest of the file: the caller passes it in
(``stages``), so a node's tokens can be kept as long as the node and that fact hold
(:mod:`dfls.features.semantic_tokens`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from dfls.features.token_legend import TOKEN_MODIFIERS as TOKEN_MODIFIERS
from dfls.features.token_legend import TOKEN_TYPES as TOKEN_TYPES
from dfls.knowledge.build_args import PREDEFINED_ARGS
from dfls.model import Instruction, Span, key_values
from dfls.model.nodes import Flag, InstructionNode
from dfls.model.shell import scripts
from dfls.model.shell_tokens import Kind, tokenize

(KEYWORD, PARAMETER, STRING, VARIABLE, COMMENT, MACRO, CLASS, TYPE, FUNCTION, OPERATOR) = range(10)
NUMBER, PROPERTY = 10, 11
DECLARATION, DEPRECATED, READONLY, DEFAULT_LIBRARY = 1, 2, 4, 8

SHELL_KINDS = {
    Kind.COMMAND: (FUNCTION, 0),
    Kind.OPTION: (PARAMETER, 0),
    Kind.STRING: (STRING, 0),
    Kind.VARIABLE: (VARIABLE, 0),
    Kind.ASSIGNED: (VARIABLE, DECLARATION),
    Kind.OPERATOR: (OPERATOR, 0),
    Kind.COMMENT: (COMMENT, 0),
    Kind.KEYWORD: (KEYWORD, 0),
    Kind.NUMBER: (NUMBER, 0),
}
_SHELL_INSTRUCTIONS = frozenset({"RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"})


class Token(NamedTuple):
    """One token on one line (relative to the node's first line), in code points."""

    line: int
    start: int
    end: int
    type: int
    modifiers: int


class _Painter:
    """Collects tokens; ``overlay`` ones cut the base tokens they fall inside."""

    __slots__ = ("base", "line_length", "overlay")

    def __init__(self, line_length: Callable[[int], int]) -> None:
        self.line_length = line_length
        self.base: list[Token] = []
        self.overlay: list[Token] = []

    def add(self, span: Span | None, kind: int, modifiers: int = 0, over: bool = False) -> None:
        if span is None:
            return
        (line, start), (last, end) = span
        out = self.overlay if over else self.base
        while line < last:  # one token per line: LSP tokens do not span lines
            length = self.line_length(line)
            if length > start:
                out.append(Token(line, start, length, kind, modifiers))
            line, start = line + 1, 0
        if end > start:
            out.append(Token(line, start, end, kind, modifiers))

    def tokens(self) -> list[Token]:
        base = self.base
        if self.overlay:
            holes: dict[int, list[Token]] = {}
            for token in self.overlay:
                holes.setdefault(token.line, []).append(token)
            base = [piece for token in base for piece in _cut(token, holes.get(token.line))]
            base.extend(self.overlay)
        base.sort()
        clean: list[Token] = []
        for token in base:  # never overlapping, whatever went before
            if clean and clean[-1].line == token.line and token.start < clean[-1].end:
                continue
            clean.append(token)
        return clean


def _cut(token: Token, holes: list[Token] | None) -> list[Token]:
    if not holes:
        return [token]
    pieces = [token]
    for hole in holes:
        next_pieces: list[Token] = []
        for piece in pieces:
            if hole.end <= piece.start or hole.start >= piece.end:
                next_pieces.append(piece)
                continue
            if hole.start > piece.start:
                next_pieces.append(piece._replace(end=hole.start))
            if hole.end < piece.end:
                next_pieces.append(piece._replace(start=hole.end))
        pieces = next_pieces
    return pieces


def node_tokens(
    node: InstructionNode,
    line_length: Callable[[int], int],
    escape: str,
    stages: Sequence[bool] = (),
) -> list[Token]:
    """The tokens of one instruction; ``line_length(n)`` is the length of its line ``n``,
    ``stages`` says, for each stage reference it makes (the ``FROM`` image, then each
    ``--from`` and ``from=`` in order), whether it names a stage."""
    painter = _Painter(line_length)
    view = Instruction(node, 0, 0, None)  # placed at line 0: its spans are the node's own
    _instruction(painter, view, escape, list(stages))
    return painter.tokens()


def comment_tokens(span: Span) -> list[Token]:
    (line, start), (_, end) = span
    return [Token(line, start, end, COMMENT, 0)] if end > start else []


def _instruction(painter: _Painter, view: Instruction, escape: str, stages: list[bool]) -> None:
    node = view.node
    keyword = node.keyword
    deprecated = DEPRECATED if keyword == "MAINTAINER" else 0
    painter.add(node.keyword_span, KEYWORD, deprecated)
    for flag in node.flags:
        _flag(painter, flag, stages)
    shell = keyword in _SHELL_INSTRUCTIONS
    if keyword == "FROM":
        _from(painter, view, stages)
    elif keyword in ("ARG", "ENV", "LABEL"):
        _pairs(painter, view, escape)
    elif shell:
        _shell(painter, view)
    elif keyword == "ONBUILD" and node.trigger is not None:
        _instruction(painter, Instruction(node.trigger, 0, 0, None), escape, [])
    else:
        _words(painter, view)
    for heredoc in node.heredocs:
        painter.add(heredoc.marker_span, OPERATOR)
        painter.add(heredoc.terminator_span, OPERATOR)
    for comment in node.comments:
        painter.add(comment.span, COMMENT)
    flag_spans = [flag.span for flag in node.flags]
    for variable in node.variables:
        if shell and not any(_inside(variable.span, span) for span in flag_spans):
            continue  # the shell's own tokens have it
        modifiers = DEFAULT_LIBRARY if variable.name in PREDEFINED_ARGS else 0
        painter.add(variable.span, VARIABLE, modifiers, over=True)


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _flag(painter: _Painter, flag: Flag, stages: list[bool]) -> None:
    painter.add(Span(flag.span.start, flag.name_span.end), PARAMETER)
    value, span = flag.value, flag.value_span
    if value is None or span is None:
        return
    name = flag.name.lower()
    if name == "from":
        painter.add(span, CLASS if (stages.pop(0) if stages else False) else TYPE)
    elif name == "mount" and span.start.line == span.end.line:
        _mount(painter, value, span, stages)
    else:
        painter.add(span, NUMBER if value.isdigit() else STRING)


def _mount(painter: _Painter, value: str, span: Span, stages: list[bool]) -> None:
    """``type=cache,target=/x,from=build``: keys as properties, values as strings."""
    line, column = span.start
    offset = 0
    for part in value.split(","):
        key, eq, rest = part.partition("=")
        start = column + offset
        if eq:
            painter.add(Span.on_line(line, start, start + len(key)), PROPERTY)
            begin = start + len(key) + 1
            kind = STRING
            if key.strip().lower() == "from":
                kind = CLASS if (stages.pop(0) if stages else False) else TYPE
            painter.add(Span.on_line(line, begin, begin + len(rest)), kind)
        offset += len(part) + 1


def _from(painter: _Painter, view: Instruction, stages: list[bool]) -> None:
    words = view.words
    if not words:
        return
    named_stage = stages.pop(0) if stages else False
    painter.add(words[0].span, CLASS if named_stage else TYPE)
    if len(words) >= 3 and words[1].value.upper() == "AS":
        painter.add(words[1].span, KEYWORD)
        painter.add(words[2].span, CLASS, DECLARATION)


def _pairs(painter: _Painter, view: Instruction, escape: str) -> None:
    label = view.keyword == "LABEL"
    for pair in key_values(view, escape):
        if label:
            painter.add(pair.key_span, PROPERTY)
        else:
            builtin = DEFAULT_LIBRARY if pair.key in PREDEFINED_ARGS else 0
            painter.add(pair.key_span, VARIABLE, DECLARATION | builtin)
        if pair.value_span is not None and pair.value_span.end > pair.value_span.start:
            painter.add(pair.value_span, STRING)


def _shell(painter: _Painter, view: Instruction) -> None:
    exec_form = view.exec_form
    if exec_form is not None:
        for element in exec_form:
            painter.add(element.span, STRING)
        return
    if view.keyword == "HEALTHCHECK":
        for word in view.words[:1]:
            if word.value.upper() in ("CMD", "NONE"):
                painter.add(word.span, KEYWORD)
    node = view.node
    if not node.heredocs and not node.flags and view.keyword != "HEALTHCHECK":
        # The common case, without splitting the script into commands as scripts() does.
        for token in tokenize(node.text, node.args_offset):
            kind, modifiers = SHELL_KINDS[token.kind]
            painter.add(node.span_of(token.start, token.end), kind, modifiers)
        return
    for script in scripts(view):
        for token in tokenize(script.source, script.start):
            kind, modifiers = SHELL_KINDS[token.kind]
            painter.add(script.locate(token.start, token.end), kind, modifiers)


def _words(painter: _Painter, view: Instruction) -> None:
    """Other instructions: quoted words are strings, ``EXPOSE`` ports numbers; exec-form
    elements (``SHELL``, ``VOLUME``) strings."""
    if view.exec_form is not None:
        for element in view.exec_form:
            painter.add(element.span, STRING)
        return
    expose = view.keyword == "EXPOSE"
    for word in view.words:
        text = word.text
        if text[:1] in ("'", '"'):
            painter.add(word.span, STRING)
        elif expose and text.split("/", 1)[0].replace("-", "").isdigit():
            painter.add(word.span, NUMBER)
