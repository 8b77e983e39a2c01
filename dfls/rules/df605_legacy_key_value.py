"""DF605: `ENV key value` and `LABEL key value` without `=`."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction
from dfls.model.words import split_words
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)


def key_equals_value(instruction: Instruction, escape: str) -> tuple[str, str | None] | None:
    """For a legacy ``ENV key value``: the key, and ``key=value`` text that means the same.

    None when the instruction is not in the legacy form; the text is None when no
    rewrite is certain to keep the value.
    """
    node = instruction.node
    words = split_words(node.text, node.args_offset, escape)
    if len(words) < 2 or "=" in words[0].text:
        return None
    key = words[0].text
    end = len(node.text.rstrip(" \t\r"))
    raw = node.text[words[1].start : end]
    if len(words) == 2:
        return key, f"{key}={raw}"  # one word: it is read exactly as before
    # Unquoted blanks: BuildKit keeps the rest of the line, blanks included, as the value.
    # Double quotes keep it too, and still expand `$VAR`, unless it has quotes or escapes.
    if any(ch in raw for ch in ("'", '"', escape)):
        return key, None
    return key, f'{key}="{raw}"'


class LegacyKeyValue(InstructionRule):
    """## What it does
    Checks for `ENV` and `LABEL` written in the old `key value` form instead of
    `key=value`.

    ## Why is this bad?
    In the old form everything after the first space is the value, so
    `ENV PATH /usr/local/bin $PATH` sets one variable to a string with a space in it, and
    there is no way to set two variables in one instruction. The `key=value` form reads
    the same way as a shell assignment, allows several pairs per instruction, and is the
    only form the Dockerfile reference still documents: the old one may be removed.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    ENV PYTHONUNBUFFERED 1
    LABEL description Web frontend
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    ENV PYTHONUNBUFFERED=1
    LABEL description="Web frontend"
    ```

    ## Exceptions
    None: BuildKit warns about every legacy pair. `ONBUILD ENV key value` is checked too.

    ## Fix safety
    Safe: the fix inserts `=` and, when the value has spaces, wraps it in double quotes,
    which keep the spaces and still expand `$VAR` as before. It is not offered when the
    value has spaces and also quotes or escape characters, where a rewrite could change
    it.

    ## References
    - [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
    - BuildKit LegacyKeyValueFormat
    """

    code = "DF605"
    name = "legacy-key-value"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"buildkit": ("LegacyKeyValueFormat",)}
    keywords = frozenset({"ENV", "LABEL", "ONBUILD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        target = instruction.trigger or instruction
        if target.keyword not in ("ENV", "LABEL") or target.args_span is None:
            return
        found = key_equals_value(target, ctx.dockerfile.escape)
        if found is None:
            return
        key, rewritten = found
        node = target.node
        start = node.args_offset
        span = target.span_of(start, len(node.text.rstrip(" \t\r")))
        fix = None
        if rewritten is not None:
            fix = Fix.safe(f"Use {key}=value", Edit(span, rewritten))
        yield self.violation(
            span,
            f"`{target.keyword} {key} value` is the legacy form: write `{key}=value`",
            fix,
        )
