"""Completion: what fits at a position, as plain data (no LSP types).

:func:`complete` reads the line up to the cursor (the instruction's logical line, for
continuation lines) and decides the context: a parser directive or a suppression comment,
an instruction keyword, a flag or its value (``--mount`` options too), a ``$`` variable, a
base image, a tag or a stage. The items come from the knowledge hover reads
(:mod:`dfls.knowledge.reference`, :mod:`~dfls.knowledge.values`,
:mod:`~dfls.knowledge.image_catalog`, the rule registry) and from the model (stages,
:func:`dfls.model.variables_at`). :func:`documentation` gives the texts hover shows, for
``completionItem/resolve``; :mod:`.signature` is signature help.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

from dfls.features.completion import arguments, comments, keywords
from dfls.features.completion.docs import documentation
from dfls.features.completion.items import Completions, Item, Kind, snippet_to_text
from dfls.features.completion.text import in_heredoc, logical_args
from dfls.features.completion.variables import variables
from dfls.model import Dockerfile, Instruction, Position, Span

__all__ = ["Completions", "Item", "Kind", "complete", "documentation", "snippet_to_text"]

_VARIABLE = re.compile(r"\$(\{)?([A-Za-z_][A-Za-z0-9_]*)?$")
_WORD = re.compile(r"[A-Za-z]*$")


def complete(dockerfile: Dockerfile, position: Position, snippets: bool = True) -> Completions:
    """The completions at ``position`` (code points); empty where nothing fits."""
    lines = dockerfile.lines
    if not 0 <= position.line < len(lines):
        return Completions(Span(position, position), ())
    line = lines[position.line]
    character = min(position.character, len(line))
    before = line[:character]
    replaced, items = _dispatch(dockerfile, position.line, before, line[character:], snippets)
    replaced = min(replaced, character)
    typed = before[character - replaced :].lower()
    if typed:
        # Filtered here: clients such as Neovim's take a list with text edits as filtered.
        items = (item for item in items if _matches(item, typed))
    start = Position(position.line, character - replaced)
    return Completions(Span(start, Position(position.line, character)), tuple(items))


def _matches(item: Item, typed: str) -> bool:
    """Whether ``typed`` starts the item's filter text (or a part after ``/``, ``-``, ``.``,
    ``_`` or a space), in any case."""
    value = (item.filter_text or item.label).lower()
    if value.startswith(typed):
        return True
    return any(f"{sep}{typed}" in value for sep in "/-._ ")


_Found = tuple[int, Iterable[Item]]
_NOTHING: _Found = (0, ())


def _dispatch(dockerfile: Dockerfile, line: int, before: str, after: str, snippets: bool) -> _Found:
    instruction = dockerfile.instruction_at(line)
    if before.lstrip().startswith("#") and (instruction is None or instruction.line != line):
        if instruction is None and comments.in_directive_area(dockerfile.lines, line):
            found = comments.directives(before)
            if found is not None:
                return found
        return comments.pragma(before) or _NOTHING
    if instruction is None:
        word = before.lstrip()
        if _WORD.fullmatch(word):
            return len(word), keywords.keywords(dockerfile, line, snippets=snippets)
        return _NOTHING
    variable = _VARIABLE.search(before)
    if variable is not None:
        braced = variable.group(1) is not None
        closed = after.startswith("}")
        scoped = variables(dockerfile, instruction, braced, closed, snippets)
        return len(variable.group(2) or ""), scoped
    if in_heredoc(instruction, line):
        return _NOTHING
    if instruction.line == line and len(before) <= instruction.keyword_span.end.character:
        word = before.lstrip()
        if not _WORD.fullmatch(word):
            return _NOTHING
        return len(word), keywords.keywords(dockerfile, line, snippets=snippets)
    args = logical_args(dockerfile, instruction, line, before)
    return _arguments(dockerfile, instruction, instruction.keyword, args, snippets)


def _arguments(
    dockerfile: Dockerfile, instruction: Instruction, keyword: str, args: str, snippets: bool
) -> _Found:
    words = args.split()
    current = "" if not args or args[-1].isspace() else words.pop()
    if keyword == "ONBUILD":
        if not words:
            if not _WORD.fullmatch(current):
                return _NOTHING
            items = keywords.keywords(
                dockerfile, instruction.line, in_onbuild=True, snippets=snippets
            )
            return len(current), items
        inner = args.lstrip()[len(words[0]) :]
        return _arguments(dockerfile, instruction, words[0].upper(), inner, snippets)
    given = [w[2:].partition("=")[0].lower() for w in words if w.startswith("--")]
    in_flags = len(given) == len(words)
    if in_flags and current.startswith("--") and "=" in current:
        name, _, typed = current[2:].partition("=")
        items = arguments.flag_values(dockerfile, instruction, keyword, name.lower(), typed)
        if name.lower() == "mount":
            typed = typed.rsplit(",", 1)[-1].rpartition("=")[2]
        return len(typed), items
    if in_flags and current.startswith("-"):
        return len(current), arguments.flags(keyword, given, snippets)
    positional = len(words) - len(given)
    if keyword == "FROM":
        return _from(dockerfile, instruction, words[len(given) :], current, in_flags, snippets)
    if keyword == "HEALTHCHECK" and in_flags and _WORD.fullmatch(current):
        lower = keywords.lower_case(dockerfile)
        options = (
            Item(w.lower() if lower else w, Kind.KEYWORD, (w.lower() if lower else w) + " ", d)
            for w, d in _HEALTHCHECK_WORDS
        )
        flags = arguments.flags(keyword, given, snippets) if not current else ()
        return len(current), chain(options, flags)
    if in_flags and not current and positional == 0:
        return 0, arguments.flags(keyword, given, snippets)
    return _NOTHING


_HEALTHCHECK_WORDS = (("CMD", "the command that checks the container"), ("NONE", "no check"))


def _from(
    dockerfile: Dockerfile,
    instruction: Instruction,
    positional: list[str],
    current: str,
    in_flags: bool,
    snippets: bool,
) -> _Found:
    if not positional:
        repository, colon, tag = current.rpartition(":")
        if colon and "/" not in tag and not current.startswith("-"):
            return len(tag), arguments.image_tags(repository)
        found = arguments.base_images(dockerfile, instruction)
        if not current and in_flags:
            given = [] if instruction.flag("platform") is None else ["platform"]
            found = chain(found, arguments.flags("FROM", given, snippets))
        return len(current), found
    if len(positional) == 1 and _WORD.fullmatch(current):
        as_word = "as" if keywords.lower_case(dockerfile) else "AS"
        return len(current), (Item(as_word, Kind.KEYWORD, as_word + " ", "name this stage"),)
    return _NOTHING
