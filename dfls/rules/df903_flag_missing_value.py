"""DF903: a flag written without the value it needs (``HEALTHCHECK --timeout CMD ...``)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.reference import BOOLEAN_FLAGS, accepted_flags, flag_entry
from dfls.model import Flag, Instruction
from dfls.model.lexer import INSTRUCTIONS
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation
from dfls.rules.instructions import flag_targets


class FlagMissingValue(InstructionRule):
    """## What it does
    Checks that every flag that takes a value has one: `--timeout=30s`, not `--timeout`,
    and that a switch such as `--link` is not followed by an empty `=`.

    ## Why is this bad?
    BuildKit stops with "missing a value on flag" before it builds anything. A flag
    without its value is usually a half-finished edit, or a space where the `=` belongs
    (`--from build`, which also turns `build` into the first source).

    ## Example
    ```dockerfile
    FROM alpine:3.20
    HEALTHCHECK --timeout CMD ["wget", "-q", "--spider", "http://localhost/"]
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    HEALTHCHECK --timeout=5s CMD ["wget", "-q", "--spider", "http://localhost/"]
    ```

    ## Exceptions
    The switches `--link`, `--parents`, `--keep-git-dir` and `--unpack` need no value.
    Flags the instruction does not accept are DF608's, and flags BuildKit ignores (on
    `ARG`, `STOPSIGNAL` and `HEALTHCHECK NONE`) are not checked.

    ## References
    - [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
    """

    code = "DF903"
    name = "flag-missing-value"
    severity = Severity.ERROR
    keywords = INSTRUCTIONS

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for target in flag_targets(instruction):
            accepted = accepted_flags(target.keyword)
            for flag in target.flags:
                if flag.name in accepted and _missing(flag):
                    yield self.violation(flag.span, _message(target.keyword, flag))


_LONGEST = 32
"""A flag's syntax longer than this is not quoted whole (``--mount=type=...``)."""


def _missing(flag: Flag) -> bool:
    if flag.name in BOOLEAN_FLAGS:
        return flag.value == ""
    return flag.value is None


def _message(keyword: str, flag: Flag) -> str:
    if flag.name in BOOLEAN_FLAGS:
        return f"`--{flag.name}=` has no value: write `--{flag.name}` or `--{flag.name}=false`"
    entry = flag_entry(keyword, flag.name)
    syntax = entry.syntax[0] if entry else ""
    if not syntax or len(syntax) > _LONGEST:
        syntax = f"--{flag.name}=<value>"
    return f"`--{flag.name}` needs a value: `{syntax}`"
