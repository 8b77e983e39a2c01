"""The edit package fixes make at the end of a RUN: `` && <command>`` appended to its script.

(Edits at a package command's own words are
:meth:`~dfls.knowledge.packages.commands.PackageCommand.insert_after_action`.)
"""

from __future__ import annotations

from dfls.model import Instruction, Span
from dfls.model.edits import Edit
from dfls.model.shell import scripts, scripts_complete


def append_command(instruction: Instruction, text: str) -> Edit | None:
    """An edit that appends `` && text`` to a shell-form RUN, when that is well-formed.

    None for exec form, heredoc RUNs, scripts ending with an operator or a comment, and
    incomplete scripts (an unterminated quote or ``$(``: the text would land inside it).
    """
    span = instruction.args_span
    if instruction.exec_form is not None or instruction.heredocs or span is None:
        return None
    if not scripts_complete(instruction):
        return None
    if not instruction.words:
        return None
    (script, *_) = scripts(instruction)
    if not script.commands:
        return None
    tail = script.source[script.commands[-1].end :]
    if "#" in tail or script.source.rstrip().endswith((";", "&", "|", "\\", "`")):
        return None
    return Edit(Span(span.end, span.end), f" && {text}")
