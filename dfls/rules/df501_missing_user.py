"""DF501: the shipped image never sets USER, so it runs as root."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.images import ImageInfo, classify
from dfls.model import Dockerfile, Position, Span, Stage
from dfls.rules.api import Edit, Fix, FixAvailability, Rule, RuleContext, Severity, Violation
from dfls.rules.instructions import open_at_end

_STARTS = frozenset({"CMD", "ENTRYPOINT"})
_WINDOWS_SHELLS = ("powershell", "pwsh", "cmd")


class MissingUser(Rule):
    """## What it does
    Checks that the shipped stage (the target stage, or the stages it is built `FROM`)
    sets a `USER`, unless its base image already runs as a non-root user.

    ## Why is this bad?
    Without `USER`, the process in the container runs as root. If an attacker exploits the
    application they are root inside the container, and one container-escape bug away from
    root on the host. The guide puts it plainly: run as a non-root user, with no exceptions
    in production. Many images ship a user for this: `node` in the Node.js images,
    `nonroot` in distroless; on `scratch` use a numeric ID such as `65534` (`nobody`).

    ## Example
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY . .
    CMD ["node", "main.js"]
    ```

    Use instead:
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY . .
    USER node
    CMD ["node", "main.js"]
    ```

    ## Exceptions
    Build stages are not checked: they need root to install packages and never run in
    production. Bases whose default user is not root are fine without `USER`: distroless
    `:nonroot` tags, Chainguard images, chiseled .NET images, `nginx-unprivileged`.
    Windows images and Windows-style files (backtick escape, PowerShell or cmd `SHELL`)
    are skipped: their users are not Linux users. A `scratch` stage with no `CMD` or
    `ENTRYPOINT` is an export stage (binaries for `docker build --output`) that never
    runs. A `USER` in a stage that the target is built `FROM` counts; whether it is root
    is DF502's concern.

    ## Fix safety
    Unsafe, and only offered when the base image has a known non-root user: `USER node`
    for Node.js images, `USER nonroot` for distroless, `USER 65534` for `scratch`. It is
    inserted before the stage's `CMD`/`ENTRYPOINT` (or at the end of the stage). The
    process then cannot write files that were copied in as root, nor bind ports below 1024.

    ## References
    - [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
    - [Docker Hub: node image, non-root user](https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md#non-root-user)
    - Guide: *Writing good Dockerfiles*, section "Non-Root Users"
    """

    code = "DF501"
    name = "missing-user"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        chain = ctx.shipped_stages()
        if not chain or chain[0].image is None:
            return
        if any(i.keyword == "USER" for stage in chain for i in stage.instructions):
            return
        info = classify(chain[0].image)
        if info.nonroot or (info.nonroot is None and info.is_distroless):
            return
        if info.is_windows or _windows_file(ctx.dockerfile, chain):
            return
        if info.is_scratch and not any(i.keyword in _STARTS for s in chain for i in s.instructions):
            return  # an export stage (binaries for `--output`): nothing runs in it
        target = chain[-1]
        base = chain[0].image.text
        if info.nonroot is None:
            why = f"so the image runs as root unless `{base}` itself sets a non-root user"
        else:
            why = f"and `{base}` starts as root, so the image runs as root"
        yield self.violation(
            target.from_instruction.span,
            f"no USER is set, {why}: add a USER with a non-root user",
            _fix(ctx.dockerfile, target, info),
        )


def _fix(dockerfile: Dockerfile, stage: Stage, info: ImageInfo) -> Fix | None:
    user = info.user
    if user is None:
        return None
    keyword = "USER" if stage.from_instruction.keyword_text.isupper() else "user"
    title = f"Add `USER {user}`"
    rest = stage.instructions[1:]
    last_run = max((n for n, i in enumerate(rest) if i.keyword == "RUN"), default=-1)
    start = next((i for i in rest[last_run + 1 :] if i.keyword in _STARTS), None)
    if start is not None:
        line = start.span.start.line
        indent = dockerfile.lines[line][: start.span.start.character]
        ending = dockerfile.endings[line] or "\n"
        at = Position(line, 0)
        return Fix.unsafe(title, Edit(Span(at, at), f"{indent}{keyword} {user}{ending}"))
    if open_at_end(stage.instructions[-1]):
        return None
    last = stage.instructions[-1].last_line
    # The last line of a file may have no ending: use the one the file uses elsewhere.
    ending = next((e for e in reversed(dockerfile.endings[: last + 1]) if e), "\n")
    at = Position(last, len(dockerfile.lines[last]))
    return Fix.unsafe(title, Edit(Span(at, at), f"{ending}{keyword} {user}"))


def _windows_file(dockerfile: Dockerfile, chain: tuple[Stage, ...]) -> bool:
    """A Windows Dockerfile: backtick escape, or a PowerShell/cmd SHELL."""
    if dockerfile.escape == "`":
        return True
    for stage in chain:
        for instruction in stage.instructions:
            form = instruction.exec_form if instruction.keyword == "SHELL" else None
            if form and form[0].value.lower().startswith(_WINDOWS_SHELLS):
                return True
    return False
