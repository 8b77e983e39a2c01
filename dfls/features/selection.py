"""Selection ranges (expand selection): word -> flag or argument -> instruction -> stage.

For a position, :func:`selection_spans` gives the spans around it from the smallest to
the largest, each strictly containing the one before: a ``$VAR``; the word (a shell word
inside ``RUN``, a flag's value, a ``key=value``'s key or value); the flag, the
``key=value`` pair or the shell command; the instruction's arguments; the instruction;
its stage; the whole document. Pure: code points in, spans out.
"""

from __future__ import annotations

from dfls.model import Dockerfile, Instruction, Position, Span, key_values
from dfls.model.shell import scripts


def selection_spans(dockerfile: Dockerfile, position: Position) -> list[Span]:
    """The spans around ``position``, innermost first (at least the whole document)."""
    candidates: list[Span] = []
    instruction = dockerfile.instruction_at(position.line)
    if instruction is not None:
        for candidate in (instruction.trigger, instruction):
            if candidate is not None:
                candidates.extend(_inside(dockerfile, candidate, position))
        candidates.append(instruction.span)
        if instruction.stage is not None and instruction.stage < len(dockerfile.stages):
            candidates.append(dockerfile.stages[instruction.stage].span)
    else:
        for directive in dockerfile.directives:
            if _covers(directive.span, position):
                candidates += [directive.name_span, directive.value_span, directive.span]
        for comment in dockerfile.comments:
            if comment.span.start.line == position.line:
                candidates.append(comment.span)
    candidates.append(_document(dockerfile))
    return _nested(candidates, position)


def _document(dockerfile: Dockerfile) -> Span:
    last = len(dockerfile.lines) - 1
    return Span(Position(0, 0), Position(last, len(dockerfile.lines[last])))


def _covers(span: Span, position: Position) -> bool:
    return span.start <= position <= span.end


def _nested(candidates: list[Span], position: Position) -> list[Span]:
    """The candidates that contain ``position``, smallest first, each containing the last."""
    found: list[Span] = []
    for span in sorted(
        (s for s in candidates if _covers(s, position)),
        key=lambda s: (s.end.line - s.start.line, s.end.character - s.start.character),
    ):
        if not found or (
            span != found[-1] and span.start <= found[-1].start and found[-1].end <= span.end
        ):
            found.append(span)
    return found


def _inside(dockerfile: Dockerfile, instruction: Instruction, position: Position) -> list[Span]:
    """Spans within ``instruction`` that may hold ``position``."""
    found: list[Span] = [instruction.keyword_span]
    found += [v.span for v in instruction.variables if _covers(v.span, position)]
    for flag in instruction.flags:
        if _covers(flag.span, position):
            found.append(flag.span)
            if flag.value_span is not None:
                found.append(flag.value_span)
    for heredoc in instruction.heredocs:
        found.append(heredoc.marker_span)
        if heredoc.body_span is not None:
            found.append(heredoc.body_span)
    if instruction.keyword in ("ARG", "ENV", "LABEL"):
        for pair in key_values(instruction, dockerfile.escape):
            if _covers(pair.span, position):
                found += [pair.key_span, pair.span]
                if pair.value_span is not None:
                    found.append(pair.value_span)
    elif instruction.keyword in ("RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"):
        found += _shell(instruction, position)
    words = instruction.exec_form or instruction.words
    found += [w.span for w in words if _covers(w.span, position)]
    if instruction.exec_form:
        found.append(Span(words[0].span.start, words[-1].span.end))
    if instruction.args_span is not None:
        found.append(instruction.args_span)
    return found


def _shell(instruction: Instruction, position: Position) -> list[Span]:
    """The shell word and the simple command at ``position`` in a script of ``instruction``."""
    found: list[Span] = []
    for script in scripts(instruction):
        for command in script.commands:
            span = script.command_span(command)
            if not _covers(span, position):
                continue
            found.append(span)
            for word in (*command.assignments, *command.words):
                word_span = script.word_span(word)
                if _covers(word_span, position):
                    found.append(word_span)
    return found
