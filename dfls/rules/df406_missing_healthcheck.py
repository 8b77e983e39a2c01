"""DF406: the shipped image has no HEALTHCHECK (off by default)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.rules.api import Rule, RuleContext, Severity, Violation


class MissingHealthcheck(Rule):
    """## What it does
    Checks that the image that ships (the final stage, or the configured target stage,
    together with the stages it is built `FROM`) declares a `HEALTHCHECK`. Off by
    default.

    ## Why is this bad?
    Without a health check, Docker only knows whether the process is running, not whether
    it works: a server that is deadlocked or has lost its database looks as healthy as
    one that answers. With a `HEALTHCHECK`, `docker ps` shows `unhealthy`, Compose can
    wait for `service_healthy` before starting dependants, and Swarm replaces failing
    tasks.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    COPY . /app
    CMD ["python", "-m", "uvicorn", "main:app", "--host", "0.0.0.0"]
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    COPY . /app
    HEALTHCHECK --interval=30s --timeout=5s --retries=3 \\
      CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')" || exit 1
    CMD ["python", "-m", "uvicorn", "main:app", "--host", "0.0.0.0"]
    ```

    ## Exceptions
    This rule is off by default: Kubernetes ignores `HEALTHCHECK` and uses the liveness
    and readiness probes of the pod spec instead, so images deployed there gain nothing
    from it. Enable it (`extend-select = ["DF406"]`) when your images run under Docker,
    Compose or Swarm. `HEALTHCHECK NONE` is a deliberate choice and counts as declared, as
    does a `HEALTHCHECK` in a stage the final one is built `FROM`. A health check that the
    base image defines cannot be seen from the Dockerfile.

    ## References
    - [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
    - hadolint DL3057 (also off by default)
    - Guide: *Writing good Dockerfiles*, section "Health Checks"
    """

    code = "DF406"
    name = "missing-healthcheck"
    severity = Severity.INFO
    enabled_by_default = False
    aliases = {"hadolint": ("DL3057",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        stage = ctx.target_stage
        if stage is None:
            return
        for shipped in ctx.shipped_stages():
            if any(i.keyword == "HEALTHCHECK" for i in shipped.instructions):
                return
        name = f"stage `{stage.name}`" if stage.name else "the final stage"
        yield self.violation(
            stage.from_instruction.span,
            f"The image built by {name} has no HEALTHCHECK, so Docker cannot tell a "
            "running but broken container from a working one",
        )
