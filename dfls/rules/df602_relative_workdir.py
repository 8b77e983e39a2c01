"""DF602: WORKDIR with a relative path and no absolute WORKDIR before it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfls.model import Instruction, Stage
from dfls.rules.api import Edit, Fix, FixAvailability, RuleContext, Severity, StageRule, Violation

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:)?[\\/]")


def is_absolute(path: str) -> bool:
    """``/app``, ``C:\\app``, ``c:/app`` and ``\\app`` are absolute."""
    return path.startswith("/") or bool(_WINDOWS_ABSOLUTE.match(path))


class RelativeWorkdir(StageRule):
    """## What it does
    Checks for `WORKDIR` with a relative path (`WORKDIR app`) when no absolute `WORKDIR`
    was set before it in the stage (or in the stages it is built `FROM`).

    ## Why is this bad?
    A relative `WORKDIR` is resolved against the current working directory, which comes
    from the base image when the Dockerfile has not set one. `WORKDIR app` on one base
    image means `/app`, on another `/usr/src/app` or `/home/node/app`, and it changes when
    the base image changes. An absolute path says where your files are, whatever the
    base.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR app
    COPY . .
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    ```

    ## Exceptions
    After an absolute `WORKDIR /app`, a relative `WORKDIR src` is deliberate (it means
    `/app/src`) and is not flagged, as in BuildKit. Paths that start with a variable
    (`WORKDIR $HOME/app`) are not checked. Windows paths such as `C:\\app` are absolute.

    ## Fix safety
    Unsafe: the fix puts a `/` in front of the path. That keeps the meaning only when the
    base image's working directory is `/`, which is common but not universal.

    ## References
    - [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
    - hadolint DL3000; BuildKit WorkdirRelativePath
    """

    code = "DF602"
    name = "relative-workdir"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    aliases = {"hadolint": ("DL3000",), "buildkit": ("WorkdirRelativePath",)}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        anchored = ctx.dockerfile.stage_graph.ancestors_have(stage, "df602-anchors", _anchors)
        for instruction in stage.instructions:
            if instruction.keyword != "WORKDIR" or not instruction.words:
                continue
            if anchored or _anchors(instruction):
                anchored = True
                continue
            word = instruction.words[0]
            path = word.value
            yield self.violation(
                word.span,
                f"`WORKDIR {path}` is relative to the base image's working directory: "
                f"use an absolute path such as `/{path}`",
                Fix.unsafe(f"Use /{path}", Edit(word.span, "/" + word.text)),
            )


def _anchors(instruction: Instruction) -> bool:
    """A WORKDIR to an absolute path (a leading variable such as `$HOME` counts as one)."""
    words = instruction.words
    if instruction.keyword != "WORKDIR" or not words:
        return False
    path = words[0].value
    return path.startswith("$") or is_absolute(path)
