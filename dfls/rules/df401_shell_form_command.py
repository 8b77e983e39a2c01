"""DF401: CMD and ENTRYPOINT in shell form."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.exec_form import exec_form_json, intended_exec_form
from dfls.knowledge.images import shell_less, stage_image
from dfls.knowledge.shells import parent_shell
from dfls.model import Instruction, Stage
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    RuleContext,
    Severity,
    StageRule,
    Violation,
)

_KEYWORDS = frozenset({"CMD", "ENTRYPOINT"})


class ShellFormCommand(StageRule):
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
    A command that starts with `exec` (`CMD exec python app.py`) is not reported: the
    shell replaces itself with the program, which becomes PID 1. As in BuildKit, nothing
    is reported once the stage, or a stage it is built on, sets `SHELL`: the author chose
    the shell that runs the command. The message names the shell: `/bin/sh -c`, or
    `cmd /S /C` on a Windows base image.
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
    - Guide: *Writing good Dockerfiles*, section "Signal Handling: The PID 1 Problem"
    """

    code = "DF401"
    name = "shell-form-command"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3025",), "buildkit": ("JSONArgsRecommended",)}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        if parent_shell(graph, stage) is not None:
            return  # a stage it is built on chose the shell (BuildKit is quiet too)
        # Where the shipped image has no shell at all, DF108 reports the same CMD as an
        # error with the same fix; one finding per problem.
        no_shell = {id(i) for i in shell_less(graph, stage)} if ctx.ships(stage) else set()
        shell = "cmd /S /C" if stage_image(graph, stage).is_windows else "/bin/sh"
        for instruction in stage.instructions:
            if instruction.keyword == "SHELL":
                return  # the stage chose its shell: what follows runs as the author meant
            if instruction.keyword in _KEYWORDS and id(instruction) not in no_shell:
                yield from self._check(instruction, ctx, shell)

    def _check(self, instruction: Instruction, ctx: RuleContext, shell: str) -> Iterator[Violation]:
        span = instruction.args_span
        if instruction.exec_form is not None or span is None:
            return
        if intended_exec_form(instruction, ctx.dockerfile.escape) is not None:
            return  # a broken JSON array: DF402 reports what is actually wrong
        words = instruction.words
        if words and words[0].value == "exec":
            return  # `CMD exec python app.py`: the shell replaces itself, as Exceptions advise
        yield self.violation(
            span,
            f"{instruction.keyword} in shell form runs under {shell}, which does not pass "
            "SIGTERM to your process: use exec form",
            self._fix(instruction),
        )

    def _fix(self, instruction: Instruction) -> Fix | None:
        span = instruction.args_span
        converted = exec_form_json(instruction.args)
        if span is None or converted is None:
            return None
        return Fix.unsafe("Convert to exec form", Edit(span, converted))
