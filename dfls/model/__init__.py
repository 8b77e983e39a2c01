"""The document model: what a Dockerfile is, with exact positions. Knows nothing of rules."""

from dfls.model.document import Dockerfile, parse
from dfls.model.instruction import Instruction
from dfls.model.nodes import Comment, Directive, Flag, Heredoc, Problem, VariableRef, Word
from dfls.model.semantics import KeyValue, key_values, variables_at
from dfls.model.stages import ImageRef, Stage, StageGraph
from dfls.model.text import Position, Span

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
