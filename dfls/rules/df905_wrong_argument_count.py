"""DF905: an instruction with missing (or, for FROM and HEALTHCHECK, extra) arguments."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.exec_form import intended_exec_form
from dfls.model import Instruction, Span
from dfls.model.words import unterminated_quote
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation

# What each instruction needs at least, in BuildKit's parser.
_AT_LEAST_ONE = frozenset(
    {"ARG", "ENV", "LABEL", "EXPOSE", "VOLUME", "ONBUILD", "SHELL"}
    | {"MAINTAINER", "WORKDIR", "USER", "STOPSIGNAL"}
)
_SOURCE_AND_DESTINATION = frozenset({"COPY", "ADD"})
_WHAT = {
    "ARG": "a name",
    "ENV": "a name and a value",
    "LABEL": "a key and a value",
    "EXPOSE": "a port",
    "VOLUME": "a path",
    "ONBUILD": "an instruction",
    "SHELL": 'a JSON array such as `["/bin/bash", "-c"]`',
    "MAINTAINER": "a name",
    "WORKDIR": "a path",
    "USER": "a user",
    "STOPSIGNAL": "a signal such as `SIGTERM`",
}


class WrongArgumentCount(InstructionRule):
    """## What it does
    Checks that each instruction has the arguments it needs: `WORKDIR`, `USER`, `ENV`,
    `EXPOSE` and the like at least one, `COPY` and `ADD` a source and a destination,
    `FROM` an image (and, after `AS`, a stage name, and nothing else), `HEALTHCHECK`
    either `NONE` alone or `CMD` followed by a command, `SHELL` a JSON array.

    ## Why is this bad?
    BuildKit refuses the file ("WORKDIR requires exactly one argument", "COPY requires at
    least two arguments"), so nothing builds. An empty instruction is usually an edit left
    half done, or arguments that went to the next line without a `\\` at the end.

    ## Example
    ```dockerfile
    FROM alpine:3.20 AS
    COPY app.tar.gz
    WORKDIR
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20 AS runtime
    COPY app.tar.gz /opt/
    WORKDIR /opt
    ```

    ## Exceptions
    `RUN`, `CMD` and `ENTRYPOINT` may be empty (an empty `ENTRYPOINT` resets the
    inherited one). Arguments that end in a quote never closed are not counted (BuildKit
    stops at the quote). A `SHELL` that is not JSON is DF402's. Unknown instructions are
    DF603's.

    ## References
    - [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
    """

    code = "DF905"
    name = "wrong-argument-count"
    severity = Severity.ERROR
    keywords = _AT_LEAST_ONE | _SOURCE_AND_DESTINATION | {"FROM", "HEALTHCHECK"}

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for target in (instruction, instruction.trigger):
            if target is None or target.keyword not in self.keywords:
                continue
            if target is not instruction and target.keyword == "FROM":
                continue  # not a trigger at all: DF908's
            words = target.words
            if words and unterminated_quote(words[-1].text, ctx.dockerfile.escape) is not None:
                continue  # the arguments run into an open quote: that is the problem
            found = _problem(target)
            if found is None and target.keyword == "SHELL":
                found = _shell(target, ctx.dockerfile.escape)
            if found is not None:
                yield self.violation(*found)


def _arguments(instruction: Instruction) -> int:
    form = instruction.exec_form
    return len(form) if form is not None else len(instruction.words)


def _problem(instruction: Instruction) -> tuple[Span, str] | None:
    keyword = instruction.keyword
    count = _arguments(instruction)
    if keyword == "FROM":
        return _from(instruction)
    if keyword == "HEALTHCHECK":
        return _healthcheck(instruction)
    if count == 0 and keyword in _WHAT:
        return instruction.keyword_span, f"{keyword} needs {_WHAT[keyword]}"
    if keyword in _SOURCE_AND_DESTINATION and count < 2:
        if count == 0:
            return instruction.keyword_span, f"{keyword} needs a source and a destination"
        where = instruction.args_span if instruction.exec_form is not None else None
        where = where or instruction.words[0].span
        return where, f"{keyword} needs a destination after the source"
    return None


def _from(instruction: Instruction) -> tuple[Span, str] | None:
    words = instruction.words
    if not words:
        return instruction.keyword_span, "FROM needs an image"
    if len(words) == 1:
        return None
    extra = Span(words[1].span.start, words[-1].span.end)
    if words[1].value.upper() != "AS":
        return extra, "FROM takes an image and optionally `AS <name>`, nothing else"
    if len(words) == 2:
        return words[1].span, "a stage name is missing after `AS`"
    if len(words) > 3:
        return Span(words[3].span.start, words[-1].span.end), "only one stage name can follow `AS`"
    return None


def _healthcheck(instruction: Instruction) -> tuple[Span, str] | None:
    words = instruction.words
    if not words:
        return instruction.keyword_span, "HEALTHCHECK needs `CMD <command>` or `NONE`"
    kind = words[0].value.upper()
    if kind == "NONE":
        if len(words) > 1:
            return Span(
                words[1].span.start, words[-1].span.end
            ), "HEALTHCHECK NONE takes nothing more"
        return None
    if kind != "CMD":
        return words[0].span, f"HEALTHCHECK takes `CMD <command>` or `NONE`, not `{words[0].value}`"
    form = instruction.exec_form
    if (form is not None and not form) or (form is None and len(words) == 1):
        return words[0].span, "HEALTHCHECK CMD needs a command"
    return None


def _shell(instruction: Instruction, escape: str) -> tuple[Span, str] | None:
    """SHELL in shell form: BuildKit accepts only a JSON array (a broken one is DF402's)."""
    if instruction.exec_form is not None or instruction.args_span is None:
        return None
    if intended_exec_form(instruction, escape) is not None:
        return None
    return instruction.args_span, 'SHELL takes a JSON array, e.g. `SHELL ["/bin/bash", "-c"]`'
