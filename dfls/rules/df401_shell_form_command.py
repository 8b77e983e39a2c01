"""DF401: CMD and ENTRYPOINT in shell form."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Instruction
from dfls.rules._api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)
from dfls.rules._exec_form import intended_exec_form
from dfls.rules._helpers import exec_form_json


class ShellFormCommand(InstructionRule):
    """## What it does
    Checks for `CMD` and `ENTRYPOINT` written in shell form (`CMD python app.py`) instead of
    exec form (`CMD ["python", "app.py"]`).

    ## Why is this bad?
    Shell form runs your command as `/bin/sh -c "..."`, so the shell becomes PID 1 and your
    process is its child. `docker stop` sends SIGTERM to PID 1; `sh` does not forward it,
    so your application never hears it, and after the grace period (10 seconds by default)
    Docker sends SIGKILL. In-flight requests are dropped and connections are not closed.
    Exec form starts your process directly as PID 1, where it can shut down cleanly.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    CMD python main.py
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    CMD ["python", "main.py"]
    ```

    ## Exceptions
    When you need shell features (variables, `&&`, pipes) keep shell form but start the
    last program with `exec`, or use an init such as tini (`ENTRYPOINT ["tini", "--"]`).
    An array that is not valid JSON (`CMD ['python', 'app.py']`) is reported by DF402
    instead. `HEALTHCHECK CMD` is not checked: the probe is not PID 1 and never gets
    SIGTERM, and the usual `curl -f ... || exit 1` needs a shell.

    ## Fix safety
    Unsafe: the fix turns the words into a JSON array. It is only offered when the command
    has no shell syntax (no variables, quotes, operators or globs), but the process is then
    started without a shell, which changes PID 1 and the environment it sees.

    ## References
    - [Dockerfile reference: shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
    - hadolint DL3025; BuildKit JSONArgsRecommended
    """

    code = "DF401"
    name = "shell-form-command"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3025",), "buildkit": ("JSONArgsRecommended",)}
    keywords = frozenset({"CMD", "ENTRYPOINT"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        span = instruction.args_span
        if instruction.exec_form is not None or span is None:
            return
        if intended_exec_form(instruction, ctx.dockerfile.escape) is not None:
            return  # a broken JSON array: DF402 reports what is actually wrong
        yield self.violation(
            span,
            f"{instruction.keyword} in shell form runs under /bin/sh, which does not pass "
            "SIGTERM to your process: use exec form",
            self._fix(instruction),
        )

    def _fix(self, instruction: Instruction) -> Fix | None:
        span = instruction.args_span
        converted = exec_form_json(instruction.args)
        if span is None or converted is None:
            return None
        return Fix.unsafe("Convert to exec form", Edit(span, converted))
