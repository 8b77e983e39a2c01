"""The document model: what a Dockerfile is, with exact positions. Knows nothing of rules.

The names below are loaded when first used (PEP 562): ``dfls format`` needs the lexer and
the nodes, not the document's semantics and stage graph, and starts faster without them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dfls.model.document import Dockerfile, parse
    from dfls.model.instruction import Instruction
    from dfls.model.nodes import Comment, Directive, Flag, Heredoc, Problem, VariableRef, Word
    from dfls.model.semantics import KeyValue, key_values, variables_at
    from dfls.model.stages import ImageRef, Stage, StageGraph
    from dfls.model.text import Position, Span

_WHERE = {
    "Dockerfile": "document",
    "parse": "document",
    "Instruction": "instruction",
    "Comment": "nodes",
    "Directive": "nodes",
    "Flag": "nodes",
    "Heredoc": "nodes",
    "Problem": "nodes",
    "VariableRef": "nodes",
    "Word": "nodes",
    "KeyValue": "semantics",
    "key_values": "semantics",
    "variables_at": "semantics",
    "ImageRef": "stages",
    "Stage": "stages",
    "StageGraph": "stages",
    "Position": "text",
    "Span": "text",
}

__all__ = [
    "Comment",
    "Directive",
    "Dockerfile",
    "Flag",
    "Heredoc",
    "ImageRef",
    "Instruction",
    "KeyValue",
    "Position",
    "Problem",
    "Span",
    "Stage",
    "StageGraph",
    "VariableRef",
    "Word",
    "key_values",
    "parse",
    "variables_at",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
