"""DF402: an exec-form array that is not valid JSON, so Docker runs it as shell form."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.exec_form import intended_exec_form
from dfls.model import Instruction
from dfls.model.lexer import EXEC_FORM_INSTRUCTIONS
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)


class ExecFormNotJson(InstructionRule):
    """## What it does
    Checks for arguments written as an array that is not valid JSON, such as
    `CMD ['python', 'app.py']` (single quotes), `ENTRYPOINT [gunicorn, app:app]` (no
    quotes) or `CMD ["serve",]` (a trailing comma). It checks every instruction that has
    an exec form: `CMD`, `ENTRYPOINT`, `RUN`, `SHELL`, `HEALTHCHECK CMD`, `COPY`, `ADD` and
    `VOLUME`.

    ## Why is this bad?
    Exec form must be a JSON array, and JSON strings use double quotes. Anything else is
    not an error to Docker: it silently treats the text as shell form and runs
    `/bin/sh -c "['python', 'app.py']"`, where `[` is the shell's test command, so the
    container exits at start-up with a confusing message, or in an image without a shell
    cannot start at all. `VOLUME ['/data']` quietly creates a volume with quotes in its
    name. Even when nothing fails, you lose what exec form was chosen for: the process is
    not PID 1, so it never receives `docker stop`'s SIGTERM and is killed after the
    10-second grace period.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    CMD ['python', 'app.py']
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    CMD ["python", "app.py"]
    ```

    ## Exceptions
    The shell's test command is not an array: `RUN [ -f /etc/app.conf ]` and
    `RUN [ "$MODE" = prod ]` are not flagged. An array needs a comma between elements, or
    a single quoted element right after the bracket (`CMD ['serve']`). Shell-form
    findings (DF401) are not reported for these instructions, since this one says what
    is actually wrong.

    ## Fix safety
    Safe: the fix rewrites the array as JSON with the same strings, which is what the
    author wrote the brackets for (the current shell-form reading cannot work). It is only
    offered when every element is quoted and its value is unambiguous: unquoted elements
    and single-quoted strings containing backslashes are left for you to fix.

    ## References
    - [Dockerfile reference: shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
    - hadolint DL3025 and BuildKit JSONArgsRecommended report these only as shell form
      (a `CMD` or `ENTRYPOINT` this rule reports is BuildKit's JSONArgsRecommended, which
      is its alias: `# check=skip=JSONArgsRecommended` skips it too)
    - Guide: *Writing good Dockerfiles*, section "Signal Handling: The PID 1 Problem"
    """

    code = "DF402"
    name = "exec-form-not-json"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    keywords = frozenset({*EXEC_FORM_INSTRUCTIONS, "ONBUILD"})
    aliases = {"buildkit": ("JSONArgsRecommended",)}

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        target = instruction.trigger or instruction
        found = intended_exec_form(target, ctx.dockerfile.escape)
        if found is None:
            return
        fix = None
        if found.json is not None:
            fix = Fix.safe("Rewrite as a JSON array", Edit(found.span, found.json))
        yield self.violation(
            found.span,
            f"This {target.keyword} array {found.problem}, so it is not JSON and Docker "
            "runs it as a shell command: write it with double quotes",
            fix,
        )
