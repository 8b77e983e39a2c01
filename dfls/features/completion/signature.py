"""Signature help: the syntax forms of the instruction at the cursor, the part the cursor is
on, and that part's documentation (from :mod:`dfls.knowledge.reference` and
:data:`dfls.knowledge.values.PLACEHOLDERS`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dfls.features.completion.text import in_heredoc, logical_args
from dfls.knowledge import reference, values
from dfls.model import Dockerfile, Position


@dataclass(frozen=True)
class Parameter:
    start: int
    """Where the parameter is in its signature's label (offsets, code points)."""
    end: int
    doc: str | None


@dataclass(frozen=True)
class Signature:
    label: str
    doc: str
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True)
class Signatures:
    signatures: tuple[Signature, ...]
    active_signature: int
    active_parameter: int | None
    parameters: tuple[int | None, ...] = ()
    """The active parameter of each signature (clients read it there first)."""


_PLACEHOLDER = re.compile(r"<\w+>")


def _parts(label: str) -> list[tuple[int, int]]:
    """The parameters of a syntax line: words after the keyword, a ``[...]`` group or a
    JSON array counting as one."""
    found: list[tuple[int, int]] = []
    i = label.find(" ")
    while 0 <= i < len(label):
        while i < len(label) and label[i] == " ":
            i += 1
        if i >= len(label):
            break
        if label[i] == "[":
            end = label.find("]", i) + 1 or len(label)
            while end < len(label) and label[end] != " ":
                end += 1
        else:
            end = label.find(" ", i)
            end = len(label) if end < 0 else end
        found.append((i, end))
        i = end
    return found


def _doc(keyword: str, text: str) -> str | None:
    flag = re.match(r"\[?--([a-z-]+)", text)
    if flag is not None:
        key = reference.flag_key(keyword, flag.group(1))
        return reference.FLAGS[key].summary if key else None
    if text in values.PLACEHOLDERS:
        return values.PLACEHOLDERS[text]
    placeholder = _PLACEHOLDER.search(text)
    return values.PLACEHOLDERS.get(placeholder.group(0)) if placeholder else None


@cache
def signatures(keyword: str) -> tuple[Signature, ...]:
    entry = reference.INSTRUCTIONS.get(keyword)
    if entry is None:
        return ()
    found = []
    for label in entry.syntax:
        parameters = tuple(
            Parameter(start, end, _doc(keyword, label[start:end])) for start, end in _parts(label)
        )
        found.append(Signature(label, entry.summary, parameters))
    return tuple(found)


def signature_help(dockerfile: Dockerfile, position: Position) -> Signatures | None:
    """The syntax of the instruction at ``position``, or None outside one."""
    lines = dockerfile.lines
    if not 0 <= position.line < len(lines):
        return None
    instruction = dockerfile.instruction_at(position.line)
    if instruction is None or in_heredoc(instruction, position.line):
        return None
    before = lines[position.line][: position.character]
    if instruction.line == position.line and len(before) < instruction.keyword_span.end.character:
        return None
    args = logical_args(dockerfile, instruction, position.line, before)
    keyword = instruction.keyword
    if keyword == "ONBUILD" and instruction.trigger is not None:
        inner = args.split(maxsplit=1)
        if not inner or (len(inner) < 2 and not args[-1:].isspace()):
            return _help(signatures("ONBUILD"), "ONBUILD", args)
        keyword = instruction.trigger.keyword
        args = args.lstrip()[len(inner[0]) :]
    return _help(signatures(keyword), keyword, args)


def _help(forms: tuple[Signature, ...], keyword: str, args: str) -> Signatures | None:
    if not forms:
        return None
    words = args.split()
    current = "" if not args or args[-1].isspace() else words.pop()
    stripped = args.lstrip()
    exec_form = stripped.startswith("[")
    none = stripped.upper().startswith("NONE")
    rests = [form.label.split(" ", 1)[-1] for form in forms]
    if none and "NONE" in rests:
        active = rests.index("NONE")
    else:
        active = next((i for i, r in enumerate(rests) if r.startswith('["') is exec_form), 0)
    each = tuple(_active(form, keyword, words, current) for form in forms)
    return Signatures(forms, active, each[active], each)


def _active(form: Signature, keyword: str, words: list[str], current: str) -> int | None:
    labels = [form.label[p.start : p.end] for p in form.parameters]
    if current.startswith("--"):
        name = current[2:].partition("=")[0].lower()
        for index, text in enumerate(labels):
            if text.lstrip("[").startswith(f"--{name}"):
                return index
        return None
    positional = [i for i, text in enumerate(labels) if not text.startswith("[--")]
    if not positional:
        return None
    count = sum(1 for w in words if not w.startswith("--"))
    variadic = next((n for n, i in enumerate(positional) if labels[i].endswith("...")), None)
    if variadic is not None and count > variadic:
        count = min(count, variadic + 1)
    return positional[min(count, len(positional) - 1)]
