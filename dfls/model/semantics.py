"""What the instructions mean together: stages, base images, ARG/ENV/LABEL pairs, scopes.

This is the one module that uses dockerfile-parse: its ``WordSplitter`` is the reference
for quote removal and ``$VAR``/``${VAR}`` substitution, which we apply to values whose
positions our lexer already knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from dockerfile_parse.util import WordSplitter

from dfls.model.nodes import Flag
from dfls.model.text import Span

if TYPE_CHECKING:
    from dfls.model.document import Dockerfile, Instruction


_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


class ImageRef(NamedTuple):
    """A base image reference: ``registry/repository:tag@digest``.

    ``resolved`` has global ARG defaults substituted; the parts come from it.
    """

    text: str
    resolved: str
    registry: str | None
    repository: str
    tag: str | None
    digest: str | None
    span: Span

    @property
    def name(self) -> str:
        """The last path component, e.g. ``python`` or ``static-debian12``."""
        return self.repository.rsplit("/", 1)[-1]

    @property
    def is_scratch(self) -> bool:
        return self.resolved.lower() == "scratch"

    @property
    def has_variables(self) -> bool:
        return "$" in self.resolved


def parse_image_ref(text: str, resolved: str, span: Span) -> ImageRef:
    rest = resolved
    digest = None
    if "@" in rest:
        rest, digest = rest.split("@", 1)
    registry = None
    first, slash, remainder = rest.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, rest = first, remainder
    tag = None
    path, colon, maybe_tag = rest.rpartition(":")
    if colon and "/" not in maybe_tag:
        rest, tag = path, maybe_tag
    return ImageRef(text, resolved, registry, rest, tag, digest, span)


class KeyValue(NamedTuple):
    """One ``key=value`` of ENV, LABEL or ARG (``value`` is None for ``ARG name``)."""

    key: str
    value: str | None
    key_span: Span
    value_span: Span | None
    span: Span
    legacy: bool


def key_values(instruction: Instruction, escape: str = "\\") -> list[KeyValue]:
    """The pairs of an ENV, LABEL or ARG instruction, values unquoted, not substituted."""
    words = instruction.words
    if not words:
        return []
    if instruction.keyword in ("ENV", "LABEL") and "=" not in words[0].value:
        key = words[0]
        if len(words) == 1:
            return [KeyValue(key.value, "", key.span, None, key.span, True)]
        value_span = Span(words[1].span.start, words[-1].span.end)
        start = instruction.args.find(words[1].text)
        raw = instruction.args[start:] if start >= 0 else words[1].text
        return [
            KeyValue(
                key.value,
                _unquote(raw, escape),
                key.span,
                value_span,
                Span(key.span.start, value_span.end),
                True,
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
            )
        )
    return pairs


def _unquote(raw: str, escape: str) -> str:
    if escape != "\\":
        return raw.replace('"', "").replace("'", "")
    try:
        return str(WordSplitter(raw).dequote())
    except Exception:  # the library must never take the parser down
        return raw


def substitute(value: str, variables: dict[str, str | None]) -> str:
    """Expand ``$VAR`` and ``${VAR}`` with the given values, as BuildKit would."""
    if "$" not in value:
        return value
    known = {k: v for k, v in variables.items() if v is not None}
    if any(name not in known for name in _REFERENCE.findall(value)):
        return value  # an unknown value stays visible as a reference, not as ""
    try:
        return str(WordSplitter(value, args=known, envs={}).dequote())
    except Exception:  # the library must never take the parser down
        return value


@dataclass(frozen=True)
class Stage:
    """One build stage: its FROM, base image, name and instructions (FROM included)."""

    index: int
    name: str | None
    name_span: Span | None
    image: ImageRef | None
    platform: Flag | None
    instructions: tuple[Instruction, ...]
    parent: int | None

    @property
    def from_instruction(self) -> Instruction:
        return self.instructions[0]

    @property
    def span(self) -> Span:
        return Span(self.instructions[0].span.start, self.instructions[-1].span.end)


def global_args(dockerfile: Dockerfile) -> dict[str, str | None]:
    """ARGs declared before the first FROM, with their defaults."""
    found: dict[str, str | None] = {}
    for instruction in dockerfile.instructions:
        if instruction.keyword == "FROM":
            break
        if instruction.keyword == "ARG":
            for pair in key_values(instruction):
                value = pair.value
                found[pair.key] = substitute(value, found) if value is not None else None
    return found


def build_stages(dockerfile: Dockerfile) -> tuple[Stage, ...]:
    globals_ = global_args(dockerfile)
    stages: list[Stage] = []
    grouped: list[list[Instruction]] = []
    for instruction in dockerfile.instructions:
        if instruction.stage is None:
            continue
        if instruction.keyword == "FROM":
            grouped.append([])
        grouped[-1].append(instruction)
    names: dict[str, int] = {}
    for index, group in enumerate(grouped):
        first = group[0]
        words = first.words
        image = None
        if words:
            image = parse_image_ref(
                words[0].value, substitute(words[0].value, globals_), words[0].span
            )
        name = name_span = None
        if len(words) >= 3 and words[1].value.lower() == "as":
            name, name_span = words[2].value, words[2].span
        parent = None
        if image is not None:
            parent = names.get(image.resolved.lower())
        stages.append(
            Stage(index, name, name_span, image, first.flag("platform"), tuple(group), parent)
        )
        if name:
            names.setdefault(name.lower(), index)
    return tuple(stages)


def variables_at(dockerfile: Dockerfile, instruction: Instruction) -> dict[str, str | None]:
    """ARG and ENV values visible to ``instruction`` (None: declared without a value)."""
    globals_ = global_args(dockerfile)
    if instruction.stage is None:
        return dict(globals_.items())
    return _stage_scope(dockerfile, instruction.stage, instruction.index, globals_, 0)


def _stage_scope(
    dockerfile: Dockerfile,
    stage_index: int,
    before: int,
    globals_: dict[str, str | None],
    depth: int,
) -> dict[str, str | None]:
    stage = dockerfile.stages[stage_index]
    scope: dict[str, str | None] = {}
    if stage.parent is not None and depth < 32:
        parent = dockerfile.stages[stage.parent]
        inherited = _stage_scope(dockerfile, stage.parent, 1 << 62, globals_, depth + 1)
        envs = {kv.key for i in parent.instructions if i.keyword == "ENV" for kv in key_values(i)}
        scope.update({k: v for k, v in inherited.items() if k in envs})
    for instruction in stage.instructions[1:]:
        if instruction.index >= before:
            break
        if instruction.keyword == "ARG":
            for pair in key_values(instruction):
                if pair.value is None:
                    scope[pair.key] = globals_.get(pair.key)
                else:
                    scope[pair.key] = substitute(pair.value, scope)
        elif instruction.keyword == "ENV":
            for pair in key_values(instruction):
                scope[pair.key] = substitute(pair.value or "", scope)
    return scope
