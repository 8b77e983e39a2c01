"""Assertions and hypothesis strategies shared by the model's property tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from dfls.model import Dockerfile, Position, Span
from dfls.model.export import dockerfile_json
from dfls.model.nodes import InstructionNode
from dfls.model.stages import Stage


def assert_well_formed(dockerfile: Dockerfile, text: str) -> None:
    """Invariants of any parse: round trip, ordered items, spans inside the document."""
    assert dockerfile.text == text
    lines = dockerfile.lines
    assert len(lines) == len(dockerfile.endings) >= 1

    def inside(span: Span) -> None:
        assert span.start <= span.end, span
        for position in span:
            assert 0 <= position.line < len(lines), (span, len(lines))
            assert 0 <= position.character <= len(lines[position.line]), span

    previous_end = dockerfile.body_start - 1
    assert len(dockerfile.items) == len(dockerfile.starts)
    for node, start in zip(dockerfile.items, dockerfile.starts, strict=True):
        assert start > previous_end, "items overlap or are out of order"
        previous_end = start + node.line_count - 1
        assert previous_end < len(lines)
    for instruction in dockerfile.instructions:
        inside(instruction.span)
        inside(instruction.keyword_span)
        assert instruction.span.start.line >= instruction.line
        assert instruction.span.end.line == instruction.last_line
        for flag in instruction.flags:
            inside(flag.span)
            inside(flag.name_span)
        for word in instruction.words:
            inside(word.span)
        for heredoc in instruction.heredocs:
            inside(heredoc.marker_span)
            for part in (heredoc.body_span, heredoc.terminator_span):
                if part is not None:
                    inside(part)
        for variable in instruction.variables:
            inside(variable.span)
    for problem in dockerfile.problems:
        inside(problem.span)
    for directive in dockerfile.directives:
        inside(directive.span)
    for comment in dockerfile.comments:
        inside(comment.span)
    dockerfile_json(dockerfile)  # stages, images, every located view: must not raise


def assert_same_parse(incremental: Dockerfile, fresh: Dockerfile) -> None:
    """An incrementally updated model equals a fresh parse of the same text."""
    assert incremental.text == fresh.text
    assert incremental.lines == fresh.lines
    assert incremental.endings == fresh.endings
    assert incremental.directives == fresh.directives
    assert incremental.escape == fresh.escape
    assert incremental.body_start == fresh.body_start
    assert incremental.starts == fresh.starts
    assert incremental.items == fresh.items
    assert incremental.problems == fresh.problems
    assert incremental.comments == fresh.comments
    assert [(i.node, i.line, i.index, i.stage) for i in incremental.instructions] == [
        (i.node, i.line, i.index, i.stage) for i in fresh.instructions
    ]
    # Views derived from the instructions (patched, not rebuilt, after typing in a line).
    assert [_stage_view(s) for s in incremental.stages] == [_stage_view(s) for s in fresh.stages]
    keywords = {i.keyword for i in fresh.instructions}
    for keyword in keywords | {"FROM", "RUN", "COPY"}:
        assert [(i.node, i.line, i.index) for i in incremental.by_keyword(keyword)] == [
            (i.node, i.line, i.index) for i in fresh.by_keyword(keyword)
        ]


def _stage_view(stage: Stage) -> tuple[object, ...]:
    lines = tuple((i.node, i.line, i.index, i.stage) for i in stage.instructions)
    return (
        stage.index,
        stage.name,
        stage.name_span,
        stage.image,
        stage.platform,
        stage.parent,
        lines,
    )


def clamp(dockerfile: Dockerfile, position: Position) -> int:
    """The text offset of ``position``, clamped the way ``apply_edit`` documents it."""
    lines, endings = dockerfile.lines, dockerfile.endings
    if position.line < 0:
        return 0
    if position.line >= len(lines):
        return len(dockerfile.text)
    before = sum(len(lines[i]) + len(endings[i]) for i in range(position.line))
    return before + max(0, min(position.character, len(lines[position.line])))


def edited_text(dockerfile: Dockerfile, span: Span, new_text: str) -> str:
    """The text ``apply_edit(span, new_text)`` must produce, computed independently."""
    start, end = sorted((clamp(dockerfile, span.start), clamp(dockerfile, span.end)))
    text = dockerfile.text
    return text[:start] + new_text + text[end:]


# Pieces that change how the lexer reads what follows: continuations, heredocs, comments,
# directives, quotes, line ends of every kind.
FRAGMENTS = (
    "\n",
    "\r\n",
    "\r",
    "\\",
    "\\\n",
    "`",
    " ",
    "\t",
    "#",
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "<<EOF",
    "<<-EOF",
    "<<'EOF'",
    "EOF",
    "\tEOF",
    "\nEOF\n",
    "'",
    '"',
    "RUN ",
    "run ",
    "FROM alpine AS a\n",
    "COPY --from=a /x /y",
    "ONBUILD RUN <<EOF\n",
    "${A:-b}",
    '["sh", "-c"]',
    "x",
    "\ufeff",
    "\u00a0",
)

fragment_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=4
).map("".join)

LINES = (
    "FROM alpine:3.20 AS build",
    "from scratch",
    "ARG A=1",
    "ENV B=${A:-2} C='$A'",
    "RUN apt-get update && \\",
    "    apt-get install -y curl \\",
    "    # a comment in a continuation",
    "",
    "    && rm -rf /var/lib/apt/lists/*",
    "RUN <<EOF",
    "RUN <<-EOF cat <<'END'",
    "COPY <<EOF /etc/x.conf",
    "ONBUILD ADD <<EOF /x",
    "echo body",
    "EOF",
    "\tEOF",
    "END",
    "# a comment",
    "# escape=`",
    "# syntax=docker/dockerfile:1",
    "RUN dir c:\\ `",
    'CMD ["python", "-m", \\',
    '  "app"]',
    "COPY a C:\\\\",
    "\\",
    "USER app",
)


@st.composite
def dockerfiles(draw: st.DrawFn) -> str:
    """Dockerfile-like text: real lines in random order with every kind of line end."""
    lines = draw(st.lists(st.sampled_from(LINES), max_size=25))
    ends = draw(st.lists(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]), min_size=len(lines)))
    return "".join(line + end for line, end in zip(lines, ends, strict=False)) + draw(
        st.sampled_from(["", "EOF", "RUN x \\"])
    )


@st.composite
def edits(draw: st.DrawFn, dockerfile: Dockerfile) -> tuple[Span, str]:
    """A random edit, sometimes reversed or reaching past the end of a line or the file."""

    def position() -> Position:
        line = draw(st.integers(-1, dockerfile.line_count + 1))
        length = len(dockerfile.lines[line]) if 0 <= line < dockerfile.line_count else 5
        return Position(line, draw(st.integers(-1, length + 2)))

    start = position()
    if draw(st.booleans()):  # mostly small, local edits, like typing
        end = Position(start.line, start.character + draw(st.integers(0, 3)))
    else:
        end = position()
    return Span(start, end), draw(fragment_text)


def read_corpus_file(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def is_instruction(node: object) -> bool:
    return isinstance(node, InstructionNode)
