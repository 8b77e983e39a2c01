"""DF202: `apt-get install` that also installs every recommended package."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfls.knowledge.packages.commands import PackageCommand, analyse
from dfls.knowledge.stage_index import PACKAGES, WRITES, keyword
from dfls.model import Instruction
from dfls.rules.api import Fix, FixAvailability, Rule, RuleContext, Severity, Violation

_FLAG = "--no-install-recommends"
# `APT::Install-Recommends "0";` (or false) written by echo/printf/tee into apt.conf.d.
_CONFIG = re.compile(r"Install-Recommends\W{0,4}(0|false|no|off)\b", re.IGNORECASE)
_OFF = re.compile(r"^APT::Install-Recommends=(0|false|no|off)$", re.IGNORECASE)


class AptInstallRecommends(Rule):
    """## What it does
    Checks that `apt-get install` (and `apt install`) in a stage that ships passes
    `--no-install-recommends`.

    ## Why is this bad?
    By default apt installs a package's "Recommends" as well as its dependencies: manual
    pages, documentation tools, extra libraries, sometimes whole language runtimes. A
    container needs only what your application uses, and every extra package is size you
    ship and attack surface you patch. The guide's apt examples all pass
    `--no-install-recommends`, together with a `-slim` base (python:3.12-slim is ~150 MB
    where python:3.12 is ~1 GB).

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Exceptions
    - `-o APT::Install-Recommends=false` on the command counts as the flag. So does a RUN
      of the image (this one or an earlier one) that writes `APT::Install-Recommends "0";`
      into a file, or a file copied into `/etc/apt/apt.conf.d/` (its content is not known, so
      it gets the benefit of the doubt).
    - `apt-get install` with no package names (`apt-get install -f`) installs nothing new.
    - Only stages that ship are checked (the target stage and those it is built `FROM`):
      what a build stage installs does not reach the image. ONBUILD triggers are not checked.

    ## Fix safety
    Unsafe: the fix inserts `--no-install-recommends` after `install`, which changes what
    gets installed. Sometimes a recommended package is one you rely on: `curl` only
    recommends `ca-certificates`, and without it every HTTPS download fails. Add what you
    need by name when you apply the fix.

    ## References
    - [Docker docs: best practices for apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
    - hadolint DL3015
    - Guide: *Writing good Dockerfiles*, section "Reducing Image Size: Practical Techniques"
    """

    code = "DF202"
    name = "apt-install-recommends"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3015",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        configured = False
        # Findings are on package RUNs; what configures apt writes a file or copies one.
        tags = (PACKAGES, WRITES, keyword("COPY"), keyword("ADD"))
        for instruction in ctx.shipped_selected(*tags):
            configured = configured or _configures_apt(instruction)
            if instruction.keyword != "RUN" or configured:
                continue
            for command in analyse(instruction).find(family="apt", action="install"):
                if command.packages and not _declines(command):
                    yield self._violation(command)

    def _violation(self, command: PackageCommand) -> Violation:
        edit = command.insert_after_action(_FLAG)
        return self.violation(
            command.head_span,
            f"`{command.program.value} {command.action}` also installs recommended "
            f"packages: add `{_FLAG}`",
            Fix.unsafe(f"Add {_FLAG}", edit) if edit else None,
        )


def _configures_apt(instruction: Instruction) -> bool:
    """A RUN that writes an Install-Recommends setting, or a file copied into apt.conf.d."""
    if instruction.keyword == "RUN":
        bodies = [instruction.text, *(h.body for h in instruction.heredocs)]
        return any(_CONFIG.search(b) and (">" in b or "tee " in b) for b in bodies)
    if instruction.keyword in ("COPY", "ADD") and instruction.words:
        return instruction.words[-1].value.startswith("/etc/apt/apt.conf.d")
    return False


def _declines(command: PackageCommand) -> bool:
    if command.has_option(_FLAG):
        return True
    return any(_OFF.match(v.value) for v in command.option_values("-o", "--option"))
