"""DF906: ARG, ENV and LABEL pairs BuildKit cannot read."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction, Word
from dfls.model.words import unterminated_quote
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation


class InvalidKeyValue(InstructionRule):
    """## What it does
    Checks the pairs of `ARG`, `ENV` and `LABEL`: each `name=value` needs a name, once
    one pair uses `=` every pair must, the legacy form `ENV NAME value` needs a value,
    and every quote must be closed.

    ## Why is this bad?
    BuildKit rejects these lines ("Syntax error - can't find = in ...", "ENV names can
    not be blank", "unexpected end of statement while looking for matching
    double-quote"), so nothing builds. The usual causes are a space around `=`
    (`ENV A = 1`), a value with a space that lost its quotes, and a quote closed on the
    wrong line.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ENV APP_HOME=/app MODE production
    LABEL "org.opencontainers.image.title=demo
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    ENV APP_HOME=/app MODE=production
    LABEL "org.opencontainers.image.title"=demo
    ```

    ## Exceptions
    `ARG NAME` without a value is valid (it declares the argument). The legacy form
    `ENV NAME value with spaces` is valid too (DF605 suggests `=`). Values with variables
    are read as written.

    ## References
    - [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
    - [Dockerfile reference: ARG](https://docs.docker.com/reference/dockerfile/#arg)
    - [Dockerfile reference: LABEL](https://docs.docker.com/reference/dockerfile/#label)
    """

    code = "DF906"
    name = "invalid-key-value"
    severity = Severity.ERROR
    keywords = frozenset({"ARG", "ENV", "LABEL", "ONBUILD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for target in (instruction, instruction.trigger):
            if target is not None and target.keyword in _PAIRS and target.words:
                yield from self._check(target, ctx.dockerfile.escape)

    def _check(self, instruction: Instruction, escape: str) -> Iterator[Violation]:
        keyword = instruction.keyword
        words = instruction.words
        last = words[-1]
        opened = unterminated_quote(last.text, escape)
        if opened is not None:
            quote = last.text[opened]
            yield self.violation(last.span, f"the {_QUOTES[quote]} quote is never closed")
            return
        if keyword == "ARG":
            for word in words:
                if word.value.startswith("="):
                    yield self.violation(word.span, _blank(keyword, word))
            return
        if "=" not in words[0].value:
            if len(words) == 1:
                yield self.violation(
                    words[0].span,
                    f"`{keyword} {words[0].value}` has no value: write `{words[0].value}=<value>`",
                )
            return
        for word in words:
            if "=" not in word.value:
                yield self.violation(
                    word.span, f"`{word.value}` has no `=`: every pair must be `name=value`"
                )
            elif word.value.startswith("="):
                yield self.violation(word.span, _blank(keyword, word))


def _blank(keyword: str, word: Word) -> str:
    return f"`{word.value}` has no name before `=`: {keyword} names cannot be blank"


_PAIRS = frozenset({"ARG", "ENV", "LABEL"})
_QUOTES = {'"': "double", "'": "single"}
