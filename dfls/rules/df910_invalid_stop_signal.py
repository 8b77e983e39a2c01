"""DF910: a STOPSIGNAL Docker does not know."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.signals import NAMES, is_signal
from dfls.knowledge.spelling import close_match
from dfls.model import Instruction, Span
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)


class InvalidStopSignal(InstructionRule):
    """## What it does
    Checks that `STOPSIGNAL` names a signal: a name such as `SIGTERM` (any case, `SIG`
    optional) or a number other than 0.

    ## Why is this bad?
    The build stops with "invalid signal" at this line. A misspelt signal is easy to
    miss, and `docker stop` depends on it to shut the container down cleanly.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    STOPSIGNAL SIGQIUT
    ```

    Use instead:
    ```dockerfile
    FROM nginx:1.27
    STOPSIGNAL SIGQUIT
    ```

    ## Exceptions
    Values with variables (`STOPSIGNAL $SIGNAL`) are not checked. The names are Docker's
    Linux table; Windows containers accept fewer.

    ## Fix safety
    Unsafe: when a signal name is one typo away, the fix writes it; a guess, though
    almost always the intended one.

    ## References
    - [Dockerfile reference: STOPSIGNAL](https://docs.docker.com/reference/dockerfile/#stopsignal)
    """

    code = "DF910"
    name = "invalid-stop-signal"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    keywords = frozenset({"STOPSIGNAL", "ONBUILD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for target in (instruction, instruction.trigger):
            if target is None or target.keyword != "STOPSIGNAL" or target.args_span is None:
                continue
            value = " ".join(word.value for word in target.words)
            if "$" in value or is_signal(value):
                continue
            yield self._finding(target.args_span, value)

    def _finding(self, span: Span, value: str) -> Violation:
        upper = value.upper()
        prefixed = upper.startswith("SIG")
        match = close_match(upper.removeprefix("SIG"), sorted(NAMES))
        if match is None or " " in value:
            return self.violation(span, f"`{value}` is not a signal: use a name such as SIGTERM")
        suggestion = f"SIG{match}" if prefixed else match
        if value.islower():
            suggestion = suggestion.lower()
        return self.violation(
            span,
            f"`{value}` is not a signal: did you mean `{suggestion}`?",
            Fix.unsafe(f"Use {suggestion}", Edit(span, suggestion)),
        )
