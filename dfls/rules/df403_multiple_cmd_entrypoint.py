"""DF403: a stage with more than one CMD or more than one ENTRYPOINT."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Stage
from dfls.rules.api import Fix, FixAvailability, RuleContext, Severity, StageRule, Tag, Violation
from dfls.rules.instructions import delete_lines, overridden


class MultipleCmdEntrypoint(StageRule):
    """## What it does
    Checks for a stage with several `CMD` instructions, or several `ENTRYPOINT`
    instructions.

    ## Why is this bad?
    A container starts one command. Each `CMD` or `ENTRYPOINT` replaces the previous one,
    so only the last of each in a stage takes effect and the earlier ones are dead code.
    They usually mean something else was intended: two processes in one container (use
    two containers, or a process manager), or a setup step that should be a `RUN`.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    CMD ["python", "migrate.py"]
    CMD ["python", "app.py"]
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    RUN python migrate.py
    CMD ["python", "app.py"]
    ```

    ## Exceptions
    A stage built `FROM` an earlier stage may set its own `CMD`: that overrides the
    inherited one on purpose and is not flagged. `ONBUILD CMD` runs in another build and
    is not counted. One `CMD` plus one `ENTRYPOINT` is the normal way to give an
    entrypoint default arguments.

    ## Fix safety
    Safe: the fix deletes the earlier instructions, which the build ignores anyway, so the
    image's configuration does not change. Check first whether the earlier command should
    have been a `RUN`.

    ## References
    - [Dockerfile reference: CMD](https://docs.docker.com/reference/dockerfile/#cmd)
    - hadolint DL4003 (CMD) and DL4004 (ENTRYPOINT); BuildKit MultipleInstructionsDisallowed
    """

    code = "DF403"
    name = "multiple-cmd-entrypoint"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    aliases = {
        "hadolint": ("DL4003", "DL4004"),
        "buildkit": ("MultipleInstructionsDisallowed",),
    }
    tags = frozenset({Tag.UNNECESSARY})

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        for keyword in ("CMD", "ENTRYPOINT"):
            for instruction, _ in overridden(stage, keyword):
                # No line number in the message: stage findings are reused after edits
                # above them, and only their ranges move.
                yield self.violation(
                    instruction.span,
                    f"Only the last {keyword} of a stage takes effect: a later {keyword} "
                    "in this stage replaces this one",
                    Fix.safe(f"Remove the overridden {keyword}", delete_lines(instruction)),
                )
