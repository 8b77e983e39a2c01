"""DF404: a HEALTHCHECK that calls curl or wget, which the shipped image does not have."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence

from dfls.knowledge.copies import sources
from dfls.knowledge.images import ImageInfo, stage_image
from dfls.knowledge.packages.commands import analyse
from dfls.model import Instruction, Span, Stage
from dfls.model.shell import Command, Script, scripts
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    Rule,
    RuleContext,
    Severity,
    Violation,
)

PROBE_TOOLS = ("curl", "wget")
# Packages that put the tool on the PATH.
_PROVIDERS = {"curl": frozenset({"curl"}), "wget": frozenset({"wget", "busybox"})}
_VERSION_SUFFIX = re.compile(r"[=<>@~:].*$")
_URL = re.compile(r"^https?://")
_LOCAL = re.compile(r"^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:[0-9$][^/]*)?(/|$)")
# Characters a URL may have to be pasted into `python -c "...'URL'..."` unchanged.
_SAFE_URL = re.compile(r"^[A-Za-z0-9:/._~%?&=+@,#\[\]${}-]+$")


def effective_healthcheck(stages: Sequence[Stage]) -> Instruction | None:
    """The HEALTHCHECK the image ends up with: the last one in the shipped stages."""
    found = [i for stage in stages for i in stage.instructions if i.keyword == "HEALTHCHECK"]
    return found[-1] if found else None


def provided(stages: Sequence[Stage], tool: str) -> bool:
    """Whether a RUN installs ``tool`` or a COPY brings the binary into the shipped stages."""
    wanted = _PROVIDERS[tool]
    for stage in stages:
        for instruction in stage.instructions:
            if instruction.keyword == "RUN":
                for command in analyse(instruction).find(action="install"):
                    names = {_VERSION_SUFFIX.sub("", p.value) for p in command.packages}
                    if names & wanted:
                        return True
            elif instruction.keyword in ("COPY", "ADD"):
                words = [*sources(instruction), *instruction.words[-1:]]
                if any(w.value.rstrip("/").rsplit("/", 1)[-1] == tool for w in words):
                    return True
    return False


def probe_url(command: Command) -> str | None:
    """The URL a curl/wget health probe requests (``localhost:8000/x`` gets ``http://``)."""
    for word in command.words[1:]:
        value = word.value
        if _URL.match(value):
            url = value
        elif _LOCAL.match(value):
            url = "http://" + value
        else:
            continue
        # `$PORT` is fine only where the shell expanded it before too (an unquoted word).
        if _SAFE_URL.match(url) and ("$" not in url or word.text == word.value):
            return url
        return None
    return None


def native_probe(info: ImageInfo, url: str) -> list[str] | None:
    """A command that requests ``url`` with the image's own runtime and fails on an error."""
    if info.runtime == "python":
        python = "python" if info.family == "python" else "python3"
        return [python, "-c", f"import urllib.request; urllib.request.urlopen('{url}')"]
    if info.runtime == "node":
        module = "https" if url.startswith("https") else "http"
        return [
            "node",
            "-e",
            f"require('{module}').get('{url}', r => process.exit(r.statusCode < 400 ? 0 : 1))"
            ".on('error', () => process.exit(1))",
        ]
    return None


class HealthcheckToolMissing(Rule):
    """## What it does
    Checks that a `HEALTHCHECK` calling `curl` or `wget` runs in an image that has the
    tool: a base image that ships it, or a `RUN` that installs it in the stages that
    ship.

    ## Why is this bad?
    Minimal images leave these tools out on purpose: the `-slim` Debian images (python,
    node, ruby) have neither `curl` nor `wget`, alpine's busybox has `wget` but not
    `curl`, and distroless and `scratch` images have nothing. The probe then fails with
    "not found" every time, Docker marks a working container `unhealthy`, and Compose or
    Swarm act on it. Installing curl just for the probe makes the image bigger again; a
    probe written in the runtime the image already has costs nothing.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    HEALTHCHECK --interval=30s --timeout=5s CMD curl -f http://localhost:8000/health || exit 1
    CMD ["python", "-m", "uvicorn", "main:app", "--host", "0.0.0.0"]
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    HEALTHCHECK --interval=30s --timeout=5s \\
      CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')" || exit 1
    CMD ["python", "-m", "uvicorn", "main:app", "--host", "0.0.0.0"]
    ```

    ## Exceptions
    Only the health check the image ends up with is checked: the last `HEALTHCHECK` in the
    final stage (or the configured target) and the stages it is built `FROM`. The tool
    counts as present when the base image is known to ship it (the full `python`, `node`
    and `golang` images do), when a `RUN` in those stages installs it with a package
    manager (`apt-get install curl`, `apk add curl`; `busybox` provides `wget`), or when a
    `COPY` brings in a file named `curl` or `wget`. Images dfls does not know are not
    flagged.

    ## Fix safety
    Unsafe: for Python and Node.js images the fix replaces the `curl`/`wget` command with a
    probe in the image's own language that requests the same URL, keeping the rest of the
    check (`|| exit 1`). The new probe fails on HTTP errors (status 400 and above) and
    does not copy the tool's other options (headers, timeouts, `--insecure`), so review
    it. It is offered only when the URL can be read from the command.

    ## References
    - [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
    - Guide: *Writing good Dockerfiles*, section "Health Checks"
    """

    code = "DF404"
    name = "healthcheck-tool-missing"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        target = ctx.target_stage
        shipped = ctx.shipped_stages()
        healthcheck = effective_healthcheck(shipped)
        if target is None or healthcheck is None:
            return
        info = stage_image(ctx.dockerfile.stage_graph, target)
        for script in scripts(healthcheck):
            for command in script.commands:
                probe = command.unwrapped()
                tool = probe.name
                if tool not in PROBE_TOOLS or info.ships(tool) is not False:
                    continue
                if provided(shipped, tool):
                    continue
                yield self.violation(
                    script.word_span(probe.words[0]),
                    f"`{tool}` is not in `{info.reference}` and no RUN installs it, so this "
                    "health check always fails and the container is reported unhealthy",
                    self._fix(healthcheck, script, probe, info),
                )

    def _fix(
        self, healthcheck: Instruction, script: Script, probe: Command, info: ImageInfo
    ) -> Fix | None:
        url = probe_url(probe)
        argv = native_probe(info, url) if url else None
        if argv is None:
            return None
        title = f"Probe with {argv[0]} instead of {probe.name}"
        form = healthcheck.exec_form
        if form is None:
            # Shell form: swap the probe command, keep `|| exit 1` and the rest.
            words = [argv[0], argv[1], json.dumps(argv[2], ensure_ascii=False)]
            return Fix.unsafe(title, Edit(script.command_span(probe), " ".join(words)))
        if len(script.commands) == 1 and form[0].value == probe.words[0].value:
            # Exec form whose only command is the probe: rewrite the elements.
            span = Span(form[0].span.start, form[-1].span.end)
            return Fix.unsafe(
                title, Edit(span, ", ".join(json.dumps(a, ensure_ascii=False) for a in argv))
            )
        return None
