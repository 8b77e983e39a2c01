"""The documentation of a completion item, filled in by ``completionItem/resolve``: the
same texts hover shows (:mod:`dfls.features.hover`, :mod:`dfls.knowledge.reference`)."""

from __future__ import annotations

from collections.abc import Sequence

from dfls.features import docs as rule_docs
from dfls.features import hover
from dfls.knowledge import reference
from dfls.model import Dockerfile, Position, Span
from dfls.model.stages import parse_image_ref
from dfls.rules import registry

_NOWHERE = Span(Position(0, 0), Position(0, 0))


def documentation(
    key: Sequence[str], dockerfile: Dockerfile | None = None, line: int = 0
) -> str | None:
    """Markdown for an item's ``doc`` key; ``dockerfile`` and ``line`` (where completion
    was asked) for the keys that depend on the file (variables, stages)."""
    what, *rest = key
    if what == "instruction" and len(rest) == 1:
        return reference.instruction(rest[0])
    if what == "flag" and len(rest) == 2:
        return reference.flag(rest[0], rest[1])
    if what == "directive" and len(rest) == 1:
        return reference.directive(rest[0])
    if what == "rule" and len(rest) == 1:
        rule = registry.get(rest[0])
        return rule_docs.render_markdown(rule, heading="###").rstrip() if rule else None
    if what == "image" and len(rest) == 1:
        return hover.image_text(parse_image_ref(rest[0], rest[0], _NOWHERE))
    if dockerfile is None or len(rest) != 1:
        return None
    if what == "variable":
        instruction = dockerfile.instruction_at(line)
        if instruction is None:
            return None
        return hover.variable_text(dockerfile, instruction, rest[0])
    if what == "stage" and rest[0].isdigit() and int(rest[0]) < len(dockerfile.stages):
        stage = dockerfile.stages[int(rest[0])]
        image = stage.image.text if stage.image else "?"
        name = f" `{stage.name}`" if stage.name else ""
        return (
            f"**Stage {stage.index}**{name}: `FROM {image}`, line "
            f"{stage.from_instruction.line + 1}."
        )
    return None
