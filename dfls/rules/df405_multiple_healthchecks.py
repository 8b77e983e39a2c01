"""DF405: a stage with more than one HEALTHCHECK."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Stage
from dfls.rules.api import Fix, FixAvailability, RuleContext, Severity, StageRule, Tag, Violation
from dfls.rules.instructions import delete_lines, overridden


class MultipleHealthchecks(StageRule):
    """## What it does
    Checks for a stage with more than one `HEALTHCHECK` instruction.

    ## Why is this bad?
    An image has one health check. Each `HEALTHCHECK` replaces the previous one, so only
    the last in a stage is used and the earlier ones are dead code. If you wanted two
    probes (say, the web server and the database connection), combine them into one
    command that fails when either fails.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    HEALTHCHECK CMD python -c "import socket; socket.create_connection(('localhost', 8000))"
    HEALTHCHECK --interval=30s CMD python healthcheck.py
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    HEALTHCHECK --interval=30s CMD python healthcheck.py
    ```

    ## Exceptions
    `HEALTHCHECK NONE` counts too: it switches off the check inherited from the base
    image, and a second `HEALTHCHECK` in the same stage replaces it. A stage built `FROM`
    an earlier stage may set its own health check; that is an override, not a duplicate.

    ## Fix safety
    Safe: the fix deletes the earlier `HEALTHCHECK` instructions, which the build ignores,
    so the image's configuration does not change.

    ## References
    - [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
    - hadolint DL3012; BuildKit MultipleInstructionsDisallowed
    """

    code = "DF405"
    name = "multiple-healthchecks"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    aliases = {"hadolint": ("DL3012",), "buildkit": ("MultipleInstructionsDisallowed",)}
    tags = frozenset({Tag.UNNECESSARY})

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        for instruction, _ in overridden(stage, "HEALTHCHECK"):
            yield self.violation(
                instruction.span,
                "Only the last HEALTHCHECK of a stage is used: a later HEALTHCHECK in this "
                "stage replaces this one",
                Fix.safe("Remove the overridden HEALTHCHECK", delete_lines(instruction)),
            )
