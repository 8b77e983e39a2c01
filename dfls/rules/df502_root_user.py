"""DF502: the last USER of the shipped image is root."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.users import is_root, last_user, user_value
from dfls.rules.api import Rule, RuleContext, Severity, Violation


class RootUser(Rule):
    """## What it does
    Checks that the last `USER` of the shipped image (the target stage and the stages it
    is built `FROM`) is not root: `root`, `0`, `root:<group>` or `0:<group>`.

    ## Why is this bad?
    The last `USER` is the user the container runs as. Switching to root to install
    something is fine, but if the file ends there the application runs as root, and an
    exploit in it gets root inside the container, one container-escape bug away from the
    host. Switch back to a non-root user after the steps that need root.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN useradd --create-home app
    USER app
    COPY . /app
    USER root
    CMD ["python", "/app/main.py"]
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    RUN useradd --create-home app
    COPY . /app
    USER app
    CMD ["python", "/app/main.py"]
    ```

    ## Exceptions
    Only the shipped image is checked. hadolint's DL3002 flags the last `USER root` of
    every stage, but a build stage's user never runs in production, and build stages
    often need root for package managers; dfls does not report those. `USER` values from
    build arguments are not checked. An image that sets no `USER` at all is DF501's
    concern.

    ## References
    - [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
    - hadolint DL3002
    - Guide: *Writing good Dockerfiles*, section "Non-Root Users"
    """

    code = "DF502"
    name = "root-user"
    severity = Severity.WARNING
    aliases = {"hadolint": ("DL3002",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        instructions = tuple(i for stage in ctx.shipped_stages() for i in stage.instructions)
        user = last_user(instructions)
        if user is None:
            return
        value = user_value(user)
        if value is None or "$" in value or not is_root(value):
            return
        yield self.violation(
            user.words[0].span,
            f"the image runs as root: `USER {value}` is the last USER; switch to a "
            "non-root user after the steps that need root",
        )
