"""DF908: ONBUILD with a trigger BuildKit does not allow (FROM, MAINTAINER, ONBUILD)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation

_NOT_TRIGGERS = frozenset({"ONBUILD", "FROM", "MAINTAINER"})


class InvalidOnbuildTrigger(InstructionRule):
    """## What it does
    Checks that an `ONBUILD` does not wrap `FROM`, `MAINTAINER` or another `ONBUILD`.

    ## Why is this bad?
    BuildKit rejects these triggers ("Chaining ONBUILD via `ONBUILD ONBUILD` isn't
    allowed", "FROM isn't allowed as an ONBUILD trigger"): a trigger runs inside the
    stage of the image built on this one, which already has its `FROM`, and a trigger
    that adds triggers would never end.

    ## Example
    ```dockerfile
    FROM node:22-slim
    ONBUILD ONBUILD COPY . /app
    ```

    Use instead:
    ```dockerfile
    FROM node:22-slim
    ONBUILD COPY . /app
    ```

    ## Exceptions
    None: BuildKit rejects these triggers when it reads the file, before the image is
    ever used as a base.

    ## References
    - [Dockerfile reference: ONBUILD](https://docs.docker.com/reference/dockerfile/#onbuild)
    - hadolint DL3043
    """

    code = "DF908"
    name = "invalid-onbuild-trigger"
    severity = Severity.ERROR
    aliases = {"hadolint": ("DL3043",)}
    keywords = frozenset({"ONBUILD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        trigger = instruction.trigger
        if trigger is None or trigger.keyword not in _NOT_TRIGGERS:
            return
        if trigger.keyword == "ONBUILD":
            message = "ONBUILD cannot trigger another ONBUILD"
        else:
            message = f"{trigger.keyword} cannot be an ONBUILD trigger"
        yield self.violation(trigger.keyword_span, message)
