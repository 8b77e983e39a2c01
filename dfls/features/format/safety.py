"""What must not change when a Dockerfile is formatted: the build it describes.

:func:`signature` reduces an instruction to what BuildKit reads from it: the keyword, the
flags and their values, the arguments (exec-form values; the words of arguments that are
split at whitespace, so only the blanks between words may change; the exact text of
arguments taken whole, such as ``WORKDIR``'s path or legacy ``ENV key value``) and the
heredocs, bodies byte for byte. :func:`file_signature` adds the parser directives and every
comment, so that formatting loses none. The formatter compares the input's and the
output's before it returns anything (:mod:`dfls.features.format`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from dfls.model.lexer import INSTRUCTIONS
from dfls.model.nodes import CommentNode, Directive, InstructionNode, Node

if TYPE_CHECKING:  # (the document model is not loaded to format a file)
    from dfls.model import Dockerfile

RAW_ARGUMENTS = frozenset({"WORKDIR", "USER", "STOPSIGNAL", "MAINTAINER"})
"""Instructions whose arguments are one string, blanks included."""

Signature = tuple[Any, ...]
ShellKey = Callable[[str], str | None]
"""A shell script's normal form (shfmt's minified print), or None when it does not parse."""


def raw_arguments(node: InstructionNode) -> bool:
    """Whether the arguments are read as one string (blanks inside them matter)."""
    keyword = node.keyword
    if keyword in RAW_ARGUMENTS:
        return True
    if keyword in ("ENV", "LABEL"):  # the legacy form `ENV key value with blanks`
        return bool(node.words) and "=" not in node.words[0].text
    return keyword not in _KNOWN


_KNOWN = INSTRUCTIONS - RAW_ARGUMENTS
"""Instructions whose arguments are split into words (or exec-form values)."""


def _words(node: InstructionNode) -> tuple[str, ...]:
    texts = tuple(w.text for w in node.words)
    if node.keyword == "FROM" and len(texts) > 1 and texts[1].upper() == "AS":
        return (texts[0], "AS", *texts[2:])  # `AS` is a keyword: its case does not matter
    return texts


def signature(node: InstructionNode, shell: ShellKey | None = None) -> Signature:
    """What the build reads from one instruction (see the module's docs).

    With ``shell``, a RUN's shell-form command and its shell-script heredocs are compared
    by their normal form instead of their text (shell formatting is on).
    """
    flags = tuple((f.name, f.value) for f in node.flags)
    if node.trigger is not None:
        return (node.keyword, flags, signature(node.trigger, shell))
    heredocs: tuple[Any, ...] = tuple(
        (h.delimiter, h.strip_tabs, h.quoted, _body(node, h.body, shell)) for h in node.heredocs
    )
    if node.exec_form is not None:
        prefix = tuple(w.text.upper() for w in node.words[: _exec_start(node)])
        arguments: Any = ("exec", prefix, tuple(w.value for w in node.exec_form))
    elif raw_arguments(node):
        arguments = ("raw", node.args)
    elif shell is not None and node.keyword == "RUN" and not node.heredocs:
        normal = shell(node.args)  # None: not shell that shfmt reads (PowerShell...)
        arguments = ("shell", normal) if normal is not None else ("words", _words(node))
    else:
        arguments = ("words", _words(node))
    return (node.keyword, flags, arguments, heredocs)


def _exec_start(node: InstructionNode) -> int:
    for index, word in enumerate(node.words):
        if word.text.startswith("["):
            return index
    return len(node.words)


def _body(node: InstructionNode, body: str, shell: ShellKey | None) -> str:
    if shell is None or node.keyword != "RUN" or not is_shell_script(body):
        return body
    return shell(body) or body


def is_shell_script(body: str) -> bool:
    """A heredoc body the shell runs: no shebang, or a shell's."""
    if not body.startswith("#!"):
        return True
    interpreter = body[2:].split("\n", 1)[0].strip()
    name = interpreter.split()[-1] if interpreter.startswith("/usr/bin/env") else interpreter
    return name.rsplit("/", 1)[-1] in ("sh", "bash", "dash", "ash", "mksh", "ksh", "busybox")


def file_signature(dockerfile: Dockerfile, shell: ShellKey | None = None) -> Signature:
    """The directives, every instruction's signature and every comment."""
    return items_signature(dockerfile.directives, dockerfile.escape, dockerfile.items, shell)


def items_signature(
    directives: Iterable[Directive],
    escape: str,
    items: Iterable[Node],
    shell: ShellKey | None = None,
) -> Signature:
    """:func:`file_signature` from a file's parts: its directives, escape and items."""
    comments: list[str] = []
    instructions = []
    for item in items:
        if isinstance(item, CommentNode):
            comments.append(item.comment.text)
        else:
            comments.extend(c.text for c in item.comments)
            instructions.append(signature(item, shell))
    return (
        tuple((d.name, d.value) for d in directives),
        escape,
        tuple(instructions),
        tuple(sorted(comments)),
    )


def items_difference(
    pairs: Iterable[tuple[int, Node, Node]], shell: ShellKey | None = None
) -> str | None:
    """Where the second item of a pair would build differently from the first, or loses
    or changes a comment (None: nowhere). The number is the instruction's, for the log."""
    for number, old, new in pairs:
        if isinstance(old, CommentNode) or isinstance(new, CommentNode):
            if not (isinstance(old, CommentNode) and isinstance(new, CommentNode)):
                return f"the item after instruction {number} would change"
            if old.comment.text != new.comment.text:
                return "a comment would be lost or changed"
        elif signature(old, shell) != signature(new, shell):
            return f"instruction {number} ({old.keyword}) would change"
        elif sorted(c.text for c in old.comments) != sorted(c.text for c in new.comments):
            return "a comment would be lost or changed"
    return None
