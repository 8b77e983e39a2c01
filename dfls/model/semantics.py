"""What the instructions mean together: ARG/ENV/LABEL pairs, substitution, scopes, stages.

This is the one module that uses dockerfile-parse: its ``WordSplitter`` is the reference
for quote removal of ``key=value`` values, whose positions our lexer already knows.
Variable substitution is ours (:func:`substitute`), because ``WordSplitter`` gets
``${VAR:-default}`` wrong.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from operator import itemgetter
from typing import NamedTuple, Protocol

from dfls.model.instruction import Instruction
from dfls.model.nodes import Flag
from dfls.model.stages import ImageRef, Stage, StageGraph, parse_image_ref
from dfls.model.text import Span


class Document(Protocol):
    """What this module reads of a :class:`~dfls.model.document.Dockerfile` (which imports
    this module, so it is not imported here)."""

    @property
    def instructions(self) -> tuple[Instruction, ...]: ...

    @property
    def stages(self) -> tuple[Stage, ...]: ...

    @property
    def stage_graph(self) -> StageGraph: ...

    def by_keyword(self, *keywords: str) -> Iterator[Instruction]: ...


class KeyValue(NamedTuple):
    """One ``key=value`` of ENV, LABEL or ARG (``value`` is None for ``ARG name``).

    ``value`` has quotes removed; ``raw`` is the value as written (for substitution).
    """

    key: str
    value: str | None
    key_span: Span
    value_span: Span | None
    span: Span
    legacy: bool
    raw: str | None = None


def key_values(instruction: Instruction, escape: str = "\\") -> list[KeyValue]:
    """The pairs of an ENV, LABEL or ARG instruction, values unquoted, not substituted."""
    pairs = instruction.memoized(f"key_values{escape}", lambda: _key_values(instruction, escape))
    return list(pairs)


def _key_values(instruction: Instruction, escape: str) -> tuple[KeyValue, ...]:
    return tuple(_pairs(instruction, escape))


def _pairs(instruction: Instruction, escape: str) -> list[KeyValue]:
    words = instruction.words
    if not words:
        return []
    if instruction.keyword in ("ENV", "LABEL") and "=" not in words[0].value:
        key = words[0]
        if len(words) == 1:
            return [KeyValue(key.value, "", key.span, None, key.span, True, "")]
        value_span = Span(words[1].span.start, words[-1].span.end)
        start = instruction.args.find(words[1].text, len(key.text))
        raw = instruction.args[start:] if start >= 0 else words[1].text
        return [
            KeyValue(
                key.value,
                _unquote(raw, escape),
                key.span,
                value_span,
                Span(key.span.start, value_span.end),
                True,
                raw,
            )
        ]
    pairs: list[KeyValue] = []
    for word in words:
        name, eq, _ = word.text.partition("=")
        key_end = word.span.start.character + len(name)
        if word.span.start.line == word.span.end.line:
            key_span = Span.on_line(word.span.start.line, word.span.start.character, key_end)
        else:
            key_span = word.span
        if not eq:
            pairs.append(KeyValue(_unquote(name, escape), None, key_span, None, word.span, False))
            continue
        value_span = Span(
            key_span.end._replace(character=key_span.end.character + 1), word.span.end
        )
        raw_value = word.text[len(name) + 1 :]
        pairs.append(
            KeyValue(
                _unquote(name, escape),
                _unquote(raw_value, escape),
                key_span,
                value_span,
                word.span,
                False,
                raw_value,
            )
        )
    return pairs


def _unquote(raw: str, escape: str) -> str:
    if _PLAIN.isdisjoint(raw) and escape not in raw:
        return raw  # nothing to remove: skip the (slow) word splitter
    if escape != "\\":
        return raw.replace('"', "").replace("'", "")
    # Imported when first needed: it loads logging and shlex, which `dfls format` does not.
    from dockerfile_parse.util import WordSplitter

    try:
        return str(WordSplitter(raw).dequote())
    except Exception:  # the library must never take the parser down
        return raw


def substitute(
    value: str, variables: Mapping[str, str | None], escape: str = "\\", unset: str | None = None
) -> str:
    """Quote removal and ``$VAR``/``${VAR}``/``${VAR:-word}`` expansion of raw text, as BuildKit.

    ``value`` is the text as written (quotes included): single quotes stop expansion.
    A variable that is unknown, or declared without a value, stays as written (so callers
    can see the result is not fully known), except where a modifier says what to do with an
    unset variable (``${VAR:-default}`` gives ``default``); with ``unset=""`` an unset
    variable expands to nothing, as in a build. dockerfile-parse's
    ``WordSplitter`` is not used here: it drops unknown variables and misreads modifiers
    (``${TAG:-3.12}`` with ``TAG=1`` comes back as ``1:-3.12}``, measured).
    """
    if "$" not in value and "'" not in value and '"' not in value and escape not in value:
        return value
    try:
        return _Expander(value, variables, escape, unset).word(0, "")[0]
    except RecursionError:  # absurdly nested ${a:-${b:-...}}: leave it as written
        return value


class _Expander:
    """A small recursive scanner for one shell word (BuildKit's shell.Lex.ProcessWord)."""

    def __init__(
        self, text: str, variables: Mapping[str, str | None], escape: str, unset: str | None
    ) -> None:
        self.text = text
        self.variables = variables
        self.escape = escape
        self.unset = unset

    def word(self, i: int, stop: str) -> tuple[str, int]:
        """Expand from ``i`` up to the unquoted character ``stop`` (or the end)."""
        text, escape = self.text, self.escape
        n = len(text)
        out: list[str] = []
        while i < n:
            ch = text[i]
            if stop and ch == stop:
                return "".join(out), i
            if ch == escape:
                if i + 1 < n:
                    out.append(text[i + 1])
                i += 2
            elif ch == "'":
                close = text.find("'", i + 1)
                close = n if close < 0 else close
                out.append(text[i + 1 : close])
                i = close + 1
            elif ch == '"':
                i = self._double_quoted(i + 1, out)
            elif ch == "$":
                value, i = self._dollar(i)
                out.append(value)
            else:
                out.append(ch)
                i += 1
        return "".join(out), i

    def _double_quoted(self, i: int, out: list[str]) -> int:
        text, escape = self.text, self.escape
        n = len(text)
        while i < n:
            ch = text[i]
            if ch == '"':
                return i + 1
            if ch == "$":
                value, i = self._dollar(i)
                out.append(value)
                continue
            if ch == escape and i + 1 < n and text[i + 1] in ('"', "$", escape):
                i += 1
                ch = text[i]
            out.append(ch)
            i += 1
        return i

    def _dollar(self, i: int) -> tuple[str, int]:
        """Expand the reference at ``text[i] == "$"``; return its value and where it ends."""
        text = self.text
        if text.startswith("{", i + 1):
            match = _NAME.match(text, i + 2)
            if match is None:
                return "$", i + 1
            name = match.group()
            j = match.end()
            if j >= len(text):
                return text[i:], j
            if text[j] == "}":
                return self._value(name, text[i : j + 1]), j + 1
            modifier = _MODIFIER.match(text, j)
            if modifier is None:
                return text[i:j], j
            word, close = self.word(modifier.end(), "}")
            written = text[i : close + 1]
            return self._modified(name, modifier.group(), word, written), close + 1
        match = _NAME.match(text, i + 1)
        if match is None:
            return "$", i + 1
        return self._value(match.group(), text[i : match.end()]), match.end()

    def _value(self, name: str, written: str) -> str:
        value = self.variables.get(name)
        if value is None:
            return written if self.unset is None else self.unset
        return value

    def _modified(self, name: str, modifier: str, word: str, written: str) -> str:
        value = self.variables.get(name)
        unset = value is None
        empty = unset or value == ""
        if modifier in (":-", "-"):
            return word if (empty if modifier == ":-" else unset) else str(value)
        if modifier in (":+", "+"):
            return "" if (empty if modifier == ":+" else unset) else word
        if value is None:  # ${VAR?message}, patterns: nothing to apply them to
            return written if self.unset is None else self.unset
        if modifier in (":?", "?"):
            return value
        return _apply_pattern(value, modifier, word)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN = frozenset("'\"\\")
_MODIFIER = re.compile(r":[-+?]|[-+?]|##?|%%?|//?")


def _glob(pattern: str) -> str:
    """A shell glob as an unanchored regular expression."""
    translated = fnmatch.translate(pattern)  # "(?s:...)\\Z"
    return translated[: translated.rindex(")") + 1]


def _apply_pattern(value: str, modifier: str, pattern: str) -> str:
    """``${VAR#glob}``, ``##``, ``%``, ``%%`` (prefix/suffix removal), ``/`` and ``//``."""
    if modifier in ("/", "//"):
        find, _, replacement = pattern.partition("/")
        if not find:
            return value
        regex = re.compile(_glob(find))
        return regex.sub(lambda _: replacement, value, count=0 if modifier == "//" else 1)
    matcher = re.compile(_glob(pattern) + r"\Z")
    sizes = range(len(value) + 1)
    if modifier in ("##", "%%"):
        sizes = range(len(value), -1, -1)
    for size in sizes:
        if modifier.startswith("#") and matcher.match(value[:size]):
            return value[size:]
        if modifier.startswith("%") and matcher.match(value[len(value) - size :]):
            return value[: len(value) - size]
    return value


def global_args(dockerfile: Document, before: int | None = None) -> dict[str, str | None]:
    """ARGs declared before the first FROM (and before instruction ``before``), with defaults."""
    found: dict[str, str | None] = {}
    for instruction in dockerfile.instructions:
        if instruction.keyword == "FROM" or instruction.index == before:
            break
        if instruction.keyword == "ARG":
            for pair in key_values(instruction):
                raw = pair.raw
                found[pair.key] = substitute(raw, found) if raw is not None else None
    return found


def build_stages(dockerfile: Document) -> tuple[Stage, ...]:
    instructions = dockerfile.instructions
    froms = list(dockerfile.by_keyword("FROM"))
    globals_ = global_args(dockerfile)
    globals_key = tuple(globals_.items())
    stages: list[Stage] = []
    names: dict[str, int] = {}
    ends = [f.index for f in froms[1:]] + [len(instructions)] if froms else []
    for index, (first, end) in enumerate(zip(froms, ends, strict=True)):
        image, name, name_span, platform = _stage_head(first, globals_, globals_key)
        # FROM <name>: the first stage of that name, if it is an earlier one (the rule of
        # StageGraph.resolve with ``before``; tests/model/test_stages.py holds them equal)
        parent = names.get(image.resolved.lower()) if image is not None else None
        group = instructions[first.index : end]  # a slice: a stage's instructions are contiguous
        stages.append(Stage(index, name, name_span, image, platform, group, parent))
        if name:
            names.setdefault(name.lower(), index)
    return tuple(stages)


def patch_stages(
    old: tuple[Stage, ...],
    replaced: tuple[Instruction, ...],
    replacements: tuple[Instruction, ...],
    instructions: tuple[Instruction, ...],
) -> tuple[Stage, ...] | None:
    """The stages after ``replaced`` became ``replacements`` one for one (typing inside a
    line): the old stages, those holding the new instructions sliced again. None when a
    FROM or a global ARG is among them: names, images and parents may have changed."""
    for instruction in (*replaced, *replacements):
        if instruction.keyword == "FROM" or instruction.stage is None:
            return None
    stages = list(old)
    for index in {i.stage for i in replacements if i.stage is not None}:
        stage = stages[index]
        first = stage.instructions[0].index
        group = instructions[first : first + len(stage.instructions)]
        stages[index] = replace(stage, instructions=group)
    return tuple(stages)


_Head = tuple[ImageRef | None, str | None, Span | None, Flag | None]


def _stage_head(
    first: Instruction,
    globals_: dict[str, str | None],
    globals_key: tuple[tuple[str, str | None], ...],
) -> _Head:
    """A FROM's base image (global ARGs substituted), stage name and --platform.

    It depends only on the FROM and the global ARGs, so it is kept on the (reused)
    Instruction: a keystroke elsewhere does not parse every base image again.
    """

    def compute() -> tuple[tuple[tuple[str, str | None], ...], _Head]:
        return globals_key, _read_head(first, globals_)

    known, head = first.memoized("stage.head", compute)
    return head if known == globals_key else _read_head(first, globals_)


def _read_head(first: Instruction, globals_: dict[str, str | None]) -> _Head:
    words = first.words
    image = None
    if words:
        image = parse_image_ref(words[0].value, substitute(words[0].text, globals_), words[0].span)
    name = name_span = None
    if len(words) >= 3 and words[1].value.lower() == "as":
        name, name_span = words[2].value, words[2].span
    return image, name, name_span, first.flag("platform")


def variables_at(dockerfile: Document, instruction: Instruction) -> dict[str, str | None]:
    """ARG and ENV values visible to ``instruction`` (None: declared without a value).

    Before the first FROM and on a FROM line itself, that is the global ARGs; in a stage,
    the stage's own ARGs (an ``ARG name`` without a value takes the global default) and
    ENVs in order, after the ARGs and ENVs of the stage it is built from (transitively).
    """
    if instruction.stage is None:
        return global_args(dockerfile, instruction.index)
    globals_ = global_args(dockerfile)
    if instruction.keyword == "FROM":
        return globals_
    return _stage_scope(dockerfile, instruction.stage, instruction.index, globals_)


def _stage_scope(
    dockerfile: Document, stage_index: int, before: int, globals_: dict[str, str | None]
) -> dict[str, str | None]:
    """The variables before instruction ``before`` of a stage: those of its own ARGs and
    ENVs, after the ARGs and ENVs of the stages it is built on."""
    stage = dockerfile.stages[stage_index]
    scope, envs = _entry_scope(dockerfile, stage, globals_)
    _declare(stage, before, scope, envs, globals_)
    return scope


def _entry_scope(
    dockerfile: Document, stage: Stage, globals_: dict[str, str | None]
) -> tuple[dict[str, str | None], set[str]]:
    """The variables ``stage`` starts with (the ARGs and ENVs of the stages it is built on:
    BuildKit passes both on to a child stage, moby/buildkit#5381), and the names among
    them that are ENVs."""
    scope: dict[str, str | None] = {}
    envs: set[str] = set()
    *parents, _ = dockerfile.stage_graph.nearest(stage, _INHERITED + 1)
    for parent in parents:
        _declare(parent, sys.maxsize, scope, envs, globals_)
    return scope, envs


def value_at(dockerfile: Document, instruction: Instruction, name: str) -> str | None:
    """``variables_at(dockerfile, instruction).get(name)``, without building the scope.

    Per stage and name, the value's changes are found in one pass over the stage and kept
    with the stage graph, so asking at every instruction of a long stage stays linear.
    """
    if instruction.stage is None or instruction.keyword == "FROM":
        return variables_at(dockerfile, instruction).get(name)
    graph = dockerfile.stage_graph
    stage = dockerfile.stages[instruction.stage]
    start, changes = graph.memoized(
        ("value", stage.index, name), lambda: _timeline(dockerfile, stage, name)
    )
    position = bisect_left(changes, instruction.index, key=itemgetter(0))
    return changes[position - 1][1] if position else start


_Timeline = tuple[str | None, tuple[tuple[int, str | None], ...]]


def _timeline(dockerfile: Document, stage: Stage, name: str) -> _Timeline:
    """The value of ``name`` when ``stage`` starts, and after each instruction that changes
    it (by index)."""
    graph = dockerfile.stage_graph
    globals_ = graph.memoized(("global args",), lambda: global_args(dockerfile))
    scope, envs = _entry_scope(dockerfile, stage, globals_)
    start = current = scope.get(name)
    changes: list[tuple[int, str | None]] = []

    def record(instruction: Instruction) -> None:
        nonlocal current
        value = scope.get(name)
        if value != current:
            changes.append((instruction.index, value))
            current = value

    _declare(stage, sys.maxsize, scope, envs, globals_, record)
    return start, tuple(changes)


_INHERITED = 32
"""How many stages up the chain ARGs and ENVs are inherited from: a bound for absurd files."""


def _declare(
    stage: Stage,
    before: int,
    scope: dict[str, str | None],
    envs: set[str],
    globals_: dict[str, str | None],
    declared: Callable[[Instruction], None] | None = None,
) -> None:
    """Add the ARGs and ENVs of ``stage`` before instruction ``before`` to ``scope``
    (calling ``declared`` after each)."""
    for instruction in stage.instructions[1:]:
        if instruction.index >= before:
            break
        if instruction.keyword == "ARG":
            for pair in key_values(instruction):
                if pair.raw is None:
                    scope[pair.key] = globals_.get(pair.key)
                else:
                    scope[pair.key] = substitute(pair.raw, scope)
        elif instruction.keyword == "ENV":
            # ENV a=1 b=$a: every value sees the variables from before the instruction
            values = [(p.key, substitute(p.raw or "", scope)) for p in key_values(instruction)]
            for key, value in values:
                scope[key] = value
                envs.add(key)
        else:
            continue
        if declared is not None:
            declared(instruction)
