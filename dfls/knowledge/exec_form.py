"""Arguments that were meant as exec form (a JSON array) but are not valid JSON.

BuildKit parses ``CMD ['python', 'app.py']`` as shell form, because single quotes are not
JSON: the container then runs ``/bin/sh -c "['python', 'app.py']"`` and fails. DF402
reports these; DF401 (shell form) stays quiet about them so the user gets one precise
finding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dfls.model import Instruction, Span
from dfls.model.lexer import EXEC_FORM_INSTRUCTIONS
from dfls.model.shell import parse_commands
from dfls.model.words import split_words, take_flags

_BLANK = " \t"


@dataclass(frozen=True)
class Element:
    quote: str
    """``'``, ``"`` or ``""`` for a bare word."""
    raw: str


@dataclass(frozen=True)
class IntendedExecForm:
    """Where the broken array is, what is wrong with it, and its JSON when that is certain."""

    span: Span
    problem: str
    json: str | None


def _exec_start(instruction: Instruction, escape: str) -> int | None:
    """Offset in the logical line where the command (after flags, after ``CMD``) starts."""
    node = instruction.node
    _, rest = take_flags(split_words(node.text, node.args_offset, escape))
    if not rest:
        return None
    if instruction.keyword == "HEALTHCHECK":
        if rest[0].value.upper() != "CMD" or len(rest) < 2:
            return None
        return rest[1].start
    return rest[0].start


def _element(inner: str, i: int) -> tuple[Element, int] | None:
    """The quoted or bare element at ``inner[i]`` and the offset after it."""
    quote = inner[i]
    if quote in "'\"":
        j = i + 1
        while j < len(inner) and inner[j] != quote:
            j += 2 if inner[j] == "\\" and quote == '"' else 1
        if j >= len(inner):
            return None
        return Element(quote, inner[i : j + 1]), j + 1
    j = i
    while j < len(inner) and inner[j] != ",":
        j += 1
    bare = inner[i:j].strip(_BLANK)
    if not bare or any(ch in bare for ch in " \t'\"[]"):
        return None
    return Element("", bare), j


def _elements(inner: str) -> tuple[list[Element], int, bool] | None:
    """Parse ``a, 'b', "c",`` loosely: (elements, commas, trailing comma) or None."""
    elements: list[Element] = []
    commas = 0
    i = 0
    n = len(inner)
    while True:
        while i < n and inner[i] in _BLANK:
            i += 1
        if i >= n:
            return elements, commas, bool(elements) and commas == len(elements)
        found = _element(inner, i)
        if found is None:
            return None
        element, i = found
        elements.append(element)
        while i < n and inner[i] in _BLANK:
            i += 1
        if i < n:
            if inner[i] != ",":
                return None
            commas += 1
            i += 1


def _value(element: Element) -> str | None:
    """The string an element stands for, when that is unambiguous."""
    if element.quote == "'":
        body = element.raw[1:-1]
        return None if "\\" in body else body
    if element.quote == '"':
        try:
            value = json.loads(element.raw)
        except ValueError:
            return None
        return value if isinstance(value, str) else None
    return None  # bare words: the author did not say where quoting was meant


def _problem(elements: list[Element], trailing: bool) -> str:
    if any(e.quote == "'" for e in elements):
        return "uses single quotes"
    if any(not e.quote for e in elements):
        return "has unquoted elements"
    if trailing:
        return "has a trailing comma"
    return "is not valid JSON"


def intended_exec_form(instruction: Instruction, escape: str) -> IntendedExecForm | None:
    """The exec-form array ``instruction`` was meant to have, if it is broken JSON."""
    if (
        instruction.keyword not in EXEC_FORM_INSTRUCTIONS
        or instruction.exec_form is not None
        or instruction.heredocs
    ):
        return None
    start = _exec_start(instruction, escape)
    if start is None:
        return None
    text = instruction.node.text
    end = len(text.rstrip(_BLANK + "\r"))
    candidate = text[start:end]
    if len(candidate) < 2 or candidate[0] != "[" or candidate[-1] != "]":
        return None
    parsed = _elements(candidate[1:-1])
    if parsed is None:
        return None
    elements, commas, trailing = parsed
    # `[ "$a" ]` or `[ -f x ]` is the shell's test command. An array needs a comma, or a
    # lone quoted element right after the bracket (`CMD ['serve']`).
    lone = len(elements) == 1 and elements[0].quote and candidate[1] not in _BLANK
    if not elements or not (commas or lone):
        return None
    values = [_value(e) for e in elements]
    fixed = None
    if all(v is not None for v in values):
        fixed = json.dumps(values, ensure_ascii=False)
    return IntendedExecForm(instruction.span_of(start, end), _problem(elements, trailing), fixed)


# Characters that only a shell understands: variables, quoting, operators, globs, escapes.
_SHELL_SYNTAX = frozenset("$`|&;<>()*?[]{}~!#'\"\\\n")


def exec_form_json(command: str) -> str | None:
    """The shell-form ``command`` as a JSON exec-form array, when no shell is needed to run it.

    None when the command uses shell syntax (variables, quotes, operators, globs, escapes),
    sets variables, or is not exactly one simple command: only a shell can run it as written.
    """
    if any(ch in _SHELL_SYNTAX for ch in command):
        return None
    commands = parse_commands(command)
    if len(commands) != 1 or commands[0].assignments:
        return None
    return json.dumps(commands[0].argv, ensure_ascii=False)
