"""What to show when the user hovers a position: pure, in code points, no LSP types.

The most specific thing under the cursor comes first. The *token* is a parser directive,
an instruction keyword, a flag, a ``$VAR`` (its value at that line), an ARG/ENV name, or the
base image of a ``FROM`` (its size class and slimmer variants, from
:mod:`dfls.knowledge.images`). A finding covering the position is either:

- about that token or something smaller (its range is no wider than the token's), or there
  is no token: the rule's full docs, first, then the token's reference;
- about something wider than the token (DF501 spans the whole final ``FROM`` line): the
  token's reference first, then one short line naming the finding, with a link to the
  rule's docs. Hovering outside any token on that range shows the full docs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dfls.features import docs, graph
from dfls.knowledge import images as _images
from dfls.knowledge import reference, shellcheck
from dfls.knowledge.build_args import PREDEFINED_ARGS
from dfls.model import (
    Dockerfile,
    ImageRef,
    Instruction,
    Position,
    Span,
    key_values,
    variables_at,
)
from dfls.model.semantics import global_args
from dfls.rules import registry
from dfls.rules.api import Rule, Violation

SEPARATOR = "\n\n---\n\n"


@dataclass(frozen=True)
class HoverText:
    markdown: str
    span: Span | None

    @property
    def plain(self) -> str:
        return plain(self.markdown)


def _covers(span: Span, position: Position) -> bool:
    return span.start <= position <= span.end


def hover(
    dockerfile: Dockerfile,
    position: Position,
    violations: Sequence[Violation] = (),
    docs_url: str | None = None,
    target: str | None = None,
) -> HoverText | None:
    """What to show at ``position``; ``docs_url`` is the user's ``docs-url`` setting,
    ``target`` their ``target-stage`` (for the stage graph shown on a ``FROM`` line)."""
    token = _token(dockerfile, position)
    docs_parts: list[str] = []
    finding_lines: list[str] = []
    span: Span | None = None
    seen: set[str] = set()
    for violation in violations:
        if violation.code in seen or not _covers(violation.span, position):
            continue
        rule = registry.get(violation.code)
        if rule is None:
            if shellcheck.is_code(violation.code):  # its docs are ShellCheck's wiki
                seen.add(violation.code)
                finding_lines.append(_shellcheck_line(violation))
                span = span or violation.span
            continue
        seen.add(violation.code)
        if token is not None and _wider(violation.span, token[1]):
            finding_lines.append(_finding_line(rule, violation, docs_url))
        else:
            docs_parts.append(docs.render_markdown(rule, heading="###").rstrip())
            span = span or violation.span
    parts = docs_parts
    if token is not None:
        parts.append(token[0])
        span = token[1] if span is None else span
    if finding_lines:
        parts.append("\n\n".join(finding_lines))
    stages = _stage_graph(dockerfile, position, target)
    if stages:
        parts.append(stages)
    if not parts:
        return None
    return HoverText(SEPARATOR.join(parts), span)


def _stage_graph(dockerfile: Dockerfile, position: Position, target: str | None) -> str | None:
    """On a ``FROM`` line of a multi-stage file: the stage graph, in a few lines."""
    instruction = dockerfile.instruction_at(position.line)
    if instruction is None or instruction.keyword != "FROM" or instruction.stage is None:
        return None
    return graph.summary(dockerfile, instruction.stage, target)


def _wider(outer: Span, inner: Span) -> bool:
    """Whether ``outer`` contains ``inner`` and is larger."""
    return outer.start <= inner.start and inner.end <= outer.end and outer != inner


def _finding_line(rule: type[Rule], violation: Violation, docs_url: str | None) -> str:
    message = violation.message.rstrip(".")
    line = f"**{rule.code}** ({rule.name}): {message}."
    link = docs.url(rule, docs_url)
    return f"{line} [Rule docs]({link})" if link else line


def _shellcheck_line(violation: Violation) -> str:
    message = violation.message.rstrip(".")
    url = shellcheck.wiki_url(violation.code)
    return f"**{violation.code}** (ShellCheck): {message}. [ShellCheck wiki]({url})"


def _token(dockerfile: Dockerfile, position: Position) -> tuple[str, Span] | None:
    for found in dockerfile.directives:
        if _covers(found.span, position):
            text = reference.directive(found.name)
            return (text, found.span) if text else None
    instruction = dockerfile.instruction_at(position.line)
    if instruction is None:
        return None
    for candidate in (instruction, instruction.trigger):
        if candidate is None:
            continue
        found_text = _in_instruction(dockerfile, instruction, candidate, position)
        if found_text is not None:
            return found_text
    return None


def _in_instruction(
    dockerfile: Dockerfile, outer: Instruction, instruction: Instruction, position: Position
) -> tuple[str, Span] | None:
    if _covers(instruction.keyword_span, position):
        text = reference.instruction(instruction.keyword)
        return (text, instruction.keyword_span) if text else None
    found: list[tuple[str, Span]] = []
    for variable in instruction.variables:
        if _covers(variable.span, position):
            found.append((variable_text(dockerfile, outer, variable.name), variable.span))
            break
    if not found:
        for flag in instruction.flags:
            if _covers(flag.span, position):
                text = reference.flag(instruction.keyword, flag.name)
                return (text, flag.span) if text else None
    if instruction.keyword in ("ARG", "ENV") and instruction is outer:
        for pair in key_values(instruction, dockerfile.escape):
            if _covers(pair.key_span, position):
                return _declared(instruction.keyword, pair.key, pair.value), pair.key_span
    if instruction.keyword == "FROM" and instruction is outer and instruction.stage is not None:
        stage = dockerfile.stages[instruction.stage]
        if stage.image is not None and _covers(stage.image.span, position):
            found.append((_image(dockerfile, instruction.stage), stage.image.span))
    if not found:
        return None
    return SEPARATOR.join(text for text, _ in found), found[0][1]


def variable_text(dockerfile: Dockerfile, instruction: Instruction, name: str) -> str:
    """What ``$name`` is at ``instruction``: its value, or why it has none (also the
    documentation of a variable in completion)."""
    if instruction.keyword == "FROM" or instruction.stage is None:
        scope = global_args(dockerfile)
        where = "the global scope (before the first `FROM`)"
    else:
        scope = variables_at(dockerfile, instruction)
        where = f"line {instruction.line + 1}"
    if name in scope:
        value = scope[name]
        if value is None:
            return (
                f"**`${name}`** is declared without a default at {where}: its value comes "
                f"from `--build-arg {name}=...` (empty if none is given)."
            )
        shown = value if len(value) <= 200 else value[:200] + "…"
        return f"**`${name}`** = `{shown}` at {where}"
    if name in PREDEFINED_ARGS:
        return (
            f"**`${name}`** is predefined by BuildKit. Inside a stage, declare it with "
            f"`ARG {name}` (no value) before using it."
        )
    return (
        f"**`${name}`** is not set by this Dockerfile before {where}. It may come from the "
        "base image's environment (or the shell, in `RUN`); in other instructions an unset "
        "variable expands to an empty string."
    )


def _declared(keyword: str, key: str, value: str | None) -> str:
    if value is None:
        return f"**{keyword} `{key}`**: set with `--build-arg {key}=...` (no default)."
    return f"**{keyword} `{key}`** = `{value}`"


_SIZE_TEXT = {
    _images.SizeClass.SDK: "an SDK image, with compilers and build tools",
    _images.SizeClass.FULL: "a full distribution or language image",
    _images.SizeClass.SLIM: "a slim variant",
    _images.SizeClass.MINIMAL: "a minimal distribution that still has a shell",
    _images.SizeClass.DISTROLESS: "distroless: the runtime only, no shell or package manager",
    _images.SizeClass.EMPTY: "empty (`scratch`): nothing but what you copy in",
}


def _image(dockerfile: Dockerfile, stage_index: int) -> str:
    graph = dockerfile.stage_graph
    stage = graph.stages[stage_index]
    image = stage.image
    assert image is not None
    parent = graph.parent(stage)
    if parent is not None:
        return (
            f"**`{image.text}`** is the build stage on line {parent.from_instruction.line + 1}: "
            "this stage starts from its result."
        )
    return image_text(image)


def image_text(image: ImageRef) -> str:
    """What the tables say about an external base image (also the documentation of an
    image in completion)."""
    info = _images.classify(image)
    lines = [f"**`{image.resolved}`** (base image)"]
    if info.size is _images.SizeClass.UNKNOWN:
        lines.append("dfls has no size information about this image.")
        return "\n\n".join(lines)
    size = f"Size class: **{info.size.value}**, {_SIZE_TEXT.get(info.size, '')}"
    if info.size_text:
        size += f" ({info.size_text})"
    lines.append(size + ".")
    slimmer = info.slimmer
    if info.size.is_large and slimmer:
        extra = f" ({info.slim_size_text})" if info.slim_size_text and info.slim else ""
        lines.append(f"Slimmer: {slimmer}{extra}.")
    if info.is_sdk:
        lines.append(
            "Build in it, then copy the result into a small final stage: a multi-stage "
            "build keeps the compilers out of the image you ship."
        )
    if info.has_shell is False:
        lines.append(
            "It has no shell: shell-form `RUN`, `CMD` and `ENTRYPOINT` cannot run; use exec form."
        )
    if info.nonroot:
        lines.append("It runs as a non-root user by default.")
    elif info.user:
        lines.append(f"It has a non-root user you can switch to: `USER {info.user}`.")
    return "\n\n".join(lines)


def plain(markdown: str) -> str:
    """Markdown as readable plain text (for eglot, ALE and other plain-text clients)."""
    return docs.plain_text(markdown)
