"""DF109: USER by name in a scratch image, which has no /etc/passwd."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.images import stage_image
from dfls.knowledge.users import split_user
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

_NOBODY = "65534"


class NamedUserInScratch(StageRule):
    """## What it does
    Checks for `USER` with a user or group name (not a number) in a stage built on
    `scratch`, unless the stage copies in an `/etc/passwd`.

    ## Why is this bad?
    `scratch` is empty: there is no `/etc/passwd` or `/etc/group` to turn a name into a
    numeric ID, so the container fails to start with "unable to find user". Numeric IDs
    need no lookup. The guide's production image uses `USER 65534`, the conventional
    `nobody` user.

    ## Example
    ```dockerfile
    FROM golang:1.22 AS build
    RUN CGO_ENABLED=0 go build -o /server .

    FROM scratch
    COPY --from=build /server /server
    USER appuser
    ENTRYPOINT ["/server"]
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22 AS build
    RUN CGO_ENABLED=0 go build -o /server .

    FROM scratch
    COPY --from=build /server /server
    USER 65534
    ENTRYPOINT ["/server"]
    ```

    ## Exceptions
    A `COPY` or `ADD` of a `passwd` file (or of `/etc/`) before the `USER`, in the stage or
    a stage it is built on, provides the names. Distroless images have an `/etc/passwd`
    with `root`, `nonroot` and `nobody`, so `USER nonroot` is fine there. Values from build
    arguments are not checked.

    ## Fix safety
    Unsafe: the fix replaces the name with UID (and GID) 65534, `nobody`. It starts, but
    files the application writes must be writable by that ID, which may not match the ID
    the name had where the files were prepared.

    ## References
    - [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
    - Guide: *Writing good Dockerfiles*, section "A Complete Production Dockerfile"
    """

    code = "DF109"
    name = "named-user-in-scratch"
    severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        if not stage_image(graph, stage).is_scratch:
            return
        passwd = graph.ancestors_have(stage, "df109-passwd", _copies_passwd)
        for instruction in stage.instructions[1:]:
            passwd = passwd or _copies_passwd(instruction)
            if instruction.keyword == "USER" and not passwd:
                yield from self._check(instruction)

    def _check(self, instruction: Instruction) -> Iterator[Violation]:
        if not instruction.words:
            return
        word = instruction.words[0]
        if "$" in word.value:
            return
        user, group = split_user(word.value)
        names = [part for part in (user, group) if part and not part.isdigit()]
        if not names:
            return
        new_user = user if user.isdigit() else _NOBODY
        new_group = group if group is None or group.isdigit() else _NOBODY
        replacement = new_user if new_group is None else f"{new_user}:{new_group}"
        yield self.violation(
            word.span,
            f"`scratch` has no /etc/passwd to look up `{names[0]}`, so the container "
            f"cannot start: use a numeric ID such as `{replacement}`",
            Fix.unsafe(f"Use `USER {replacement}`", Edit(word.span, replacement)),
        )


def _copies_passwd(instruction: Instruction) -> bool:
    if instruction.keyword not in ("COPY", "ADD"):
        return False
    return any(
        "passwd" in w.value or w.value.rstrip("/") in ("/etc", "etc") for w in instruction.words
    )
