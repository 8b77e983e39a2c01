"""DF108: shell form in an image that has no shell (scratch, distroless)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.exec_form import exec_form_json
from dfls.knowledge.images import shell_less, stage_image
from dfls.model import Instruction, Span, Stage
from dfls.model.shell import scripts
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    RuleContext,
    Severity,
    StageRule,
    Violation,
)

_COMMANDS = frozenset({"RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"})


class ShellFormWithoutShell(StageRule):
    """## What it does
    Checks for shell-form `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` in stages built
    on an image with no shell: `scratch`, distroless images (other than the `:debug`
    tags), Chainguard runtime images (other than `-dev`) and chiseled images.

    ## Why is this bad?
    Shell form means "run this through `/bin/sh -c`". `scratch` is empty and distroless
    images leave the shell out on purpose, so there is no `/bin/sh` to run: a `RUN` fails
    the build, a shell-form `CMD` or `ENTRYPOINT` makes the container fail at start, and a
    shell-form `HEALTHCHECK` marks a healthy container unhealthy. Exec form
    (`CMD ["/server"]`) starts the program directly and works in any image.

    ## Example
    ```dockerfile
    FROM golang:1.22 AS build
    RUN CGO_ENABLED=0 go build -o /server .

    FROM scratch
    COPY --from=build /server /server
    CMD /server --port 8080
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22 AS build
    RUN CGO_ENABLED=0 go build -o /server .

    FROM scratch
    COPY --from=build /server /server
    CMD ["/server", "--port", "8080"]
    ```

    ## Exceptions
    A `SHELL` instruction earlier in the stage (or a stage it is built on), or a `COPY` that
    brings in a shell or busybox, means the author supplied a shell: nothing is reported.
    `CMD`, `ENTRYPOINT` and `HEALTHCHECK` are checked in the shipped stages only; `RUN` in
    every stage, since it breaks the build wherever it is. Images the rule does not know
    are assumed to have a shell.

    ## Fix safety
    Safe: a shell-form command cannot run at all in an image without a shell, so turning
    it into exec form cannot break anything that worked. The fix is offered only when the
    command is one simple command without shell syntax (no variables, quotes, operators or
    globs), so the array holds exactly the words the shell would have passed. A `RUN` gets
    no fix: move the step into a build stage.

    ## References
    - [Dockerfile reference: shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
    - [Distroless images](https://github.com/GoogleContainerTools/distroless)
    - Guide: *Writing good Dockerfiles*, section "Distroless & Scratch Bases"
    - BuildKit JSONArgsRecommended (a shell-form `CMD` or `ENTRYPOINT` this rule reports
      is that check's finding, and DF401 leaves it to this rule; hence the alias)
    """

    code = "DF108"
    name = "shell-form-without-shell"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"buildkit": ("JSONArgsRecommended",)}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        image = stage_image(graph, stage).reference or "this image"
        for instruction in shell_less(graph, stage):
            if instruction.keyword not in _COMMANDS:
                continue
            if instruction.keyword != "RUN" and not ctx.ships(stage):
                continue
            found = self._check(instruction, image)
            if found is not None:
                yield found

    def _check(self, instruction: Instruction, image: str) -> Violation | None:
        keyword = instruction.keyword
        if instruction.exec_form is not None or instruction.args_span is None:
            return None
        if keyword == "RUN":
            return self.violation(
                instruction.args_span,
                f"RUN needs /bin/sh, which `{image}` does not have, so the build fails: "
                "run this step in a build stage and copy its result",
            )
        command = _command(instruction)
        if command is None:
            return None  # HEALTHCHECK NONE, or nothing after CMD
        span, text = command
        effect = (
            "the health check always fails"
            if keyword == "HEALTHCHECK"
            else "the container cannot start"
        )
        converted = exec_form_json(text)
        fix = None
        if converted is not None:
            fix = Fix.safe("Convert to exec form", Edit(span, converted))
        return self.violation(
            span,
            f"shell-form {keyword} runs /bin/sh, which `{image}` does not have, so {effect}: "
            "use exec form",
            fix,
        )


def _command(instruction: Instruction) -> tuple[Span, str] | None:
    """The shell-form command (after flags, and after HEALTHCHECK's ``CMD``): span and text."""
    if instruction.keyword == "HEALTHCHECK":
        first = instruction.words[0].value.upper() if instruction.words else "NONE"
        if first != "CMD":
            return None  # HEALTHCHECK NONE runs nothing
    found = scripts(instruction)
    if not found or not found[0].commands or not found[0].commands[0].words:
        return None  # HEALTHCHECK NONE, or no command at all
    script = found[0]
    words = script.commands[0].words
    if instruction.keyword == "HEALTHCHECK" and words[0].value.upper() == "CMD":
        words = words[1:]  # the script may start at the CMD word rather than after it
        if not words:
            return None
    start = words[0].start
    end = len(script.source.rstrip())
    return script.span(start, end), script.source[start:end]
