"""DF207: yum, dnf, microdnf, tdnf and zypper installs that leave their cache in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.packages.commands import PackageCommand, analyse
from dfls.knowledge.packages.edits import append_command
from dfls.knowledge.stage_index import PACKAGES
from dfls.rules.api import Fix, FixAvailability, Rule, RuleContext, Severity, Violation


class RpmCache(Rule):
    """## What it does
    Checks that a `RUN` in a stage that ships, which installs packages with `yum`, `dnf`,
    `microdnf`, `tdnf` or `zypper`, also cleans that tool's cache before it ends
    (`yum clean all`, `dnf clean all`, `zypper clean --all`, ...).

    ## Why is this bad?
    These tools download repository metadata and packages into `/var/cache/yum`,
    `/var/cache/dnf` or `/var/cache/zypp`: tens to hundreds of megabytes that nothing in
    the container will read. A file deleted by a later `RUN` still ships in the layer that
    wrote it, so the cleanup has to happen in the same `RUN`, as the guide does for apt.

    ## Example
    ```dockerfile
    FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
    RUN microdnf install -y shadow-utils
    ```

    Use instead:
    ```dockerfile
    FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
    RUN microdnf install -y shadow-utils && microdnf clean all
    ```

    ## Exceptions
    - `clean all` by any of yum, dnf, microdnf and tdnf counts for all of them (on current
      distributions `yum` is `dnf`); `zypper clean` or `zypper cc` for zypper.
    - `rm -rf` of the tool's cache directory in the same RUN, or a `RUN --mount=type=cache`
      (or `tmpfs`) over it.
    - Stages that do not ship are not checked; ONBUILD triggers are not checked.

    ## Fix safety
    Safe: the fix appends `&& <tool> clean all` (`zypper clean --all`) to the RUN. The
    installed packages are unchanged; later installs download fresh metadata, which these
    tools do on their own.

    ## References
    - [dnf docs: clean command](https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command)
    - hadolint DL3032 (yum), DL3040 (dnf), DL3036 (zypper)
    - Guide: *Writing good Dockerfiles*, section "Reducing Image Size: Practical Techniques"
    """

    code = "DF207"
    name = "rpm-cache"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3032", "DL3036", "DL3040")}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for run in ctx.shipped_selected(PACKAGES):
            facts = analyse(run)
            installs = [*facts.find(family="rpm", action="install")]
            installs += facts.find(family="zypper", action="install")
            for command in installs:
                if facts.cleans(command.manager):
                    continue
                clean = _clean_command(command)
                edit = append_command(run, clean)
                yield self.violation(
                    command.head_span,
                    f"`{command.manager.name} {command.action}` leaves its cache in this "
                    f"layer: add `&& {clean}` to the same RUN",
                    Fix.safe(f"Add {clean}", edit) if edit else None,
                )
                break  # one finding per RUN: one cleanup fixes it


def _clean_command(command: PackageCommand) -> str:
    if command.manager.family == "zypper":
        return "zypper clean --all"
    return f"{command.manager.name} clean all"
