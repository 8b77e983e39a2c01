"""DF205: `pip install` that keeps pip's download cache in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.packages.commands import analyse
from dfls.knowledge.packages.managers import BY_NAME
from dfls.knowledge.stage_index import PACKAGES
from dfls.model.environment import env_value
from dfls.rules.api import Fix, FixAvailability, Rule, RuleContext, Severity, Violation

_PIP = BY_NAME["pip"]


class PipCache(Rule):
    """## What it does
    Checks that `pip install` (also `pip3`, `python -m pip`) in a stage that ships passes
    `--no-cache-dir`.

    ## Why is this bad?
    pip keeps a copy of every wheel and source archive it downloads in `~/.cache/pip`, so
    that the next install on the same machine is faster. In an image there is no next
    install: the cache is dead weight in the layer, often as large as the packages
    themselves (a single large wheel such as a machine-learning framework can be hundreds
    of megabytes). The guide lists `--no-cache-dir` among its size techniques.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    ```

    ## Exceptions
    - `PIP_NO_CACHE_DIR` set (to any value pip accepts) by ENV or ARG in the stage or a stage
      it is built from, or on the command (`PIP_NO_CACHE_DIR=1 pip install ...`).
    - A `RUN --mount=type=cache` (or `tmpfs`) over the pip cache (`/root/.cache/pip` or a
      directory above it), an `rm -rf` of it or `pip cache purge` in the same RUN.
    - Stages that do not ship are not checked (a wheel-building stage may keep its cache).
      ONBUILD triggers are not checked.

    ## Fix safety
    Safe: the fix inserts `--no-cache-dir` after `install`. The same packages are installed;
    only the cache is not written.

    ## References
    - [pip docs: caching](https://pip.pypa.io/en/stable/topics/caching/)
    - hadolint DL3042
    - Guide: *Writing good Dockerfiles*, section "Reducing Image Size: Practical Techniques"
    """

    code = "DF205"
    name = "pip-cache"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3042",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for run in ctx.shipped_selected(PACKAGES):
            facts = analyse(run)
            if facts.cleans(_PIP):
                continue
            for command in facts.find("pip", action="install"):
                if command.has_option(*_PIP.no_cache_options):
                    continue
                if env_value(ctx.dockerfile, run, command.command, "PIP_NO_CACHE_DIR") is not None:
                    continue
                edit = command.insert_after_action("--no-cache-dir")
                yield self.violation(
                    command.head_span,
                    "pip keeps its download cache in this layer: add `--no-cache-dir`",
                    Fix.safe("Add --no-cache-dir", edit) if edit else None,
                )
