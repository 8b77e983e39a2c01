"""DF201: `apt-get update` whose package lists stay in the layer."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.packages.commands import analyse
from dfls.knowledge.packages.edits import append_command
from dfls.knowledge.packages.index import update_alone
from dfls.knowledge.stage_index import PACKAGES, program
from dfls.model import Instruction
from dfls.rules.api import Fix, FixAvailability, Rule, RuleContext, Severity, Violation

LISTS = "/var/lib/apt/lists"
_CLEANUP = "rm -rf /var/lib/apt/lists/*"
_READS_INDEX = frozenset(
    {"install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source"}
    | {"download", "satisfy"}
)


class AptListsNotRemoved(Rule):
    """## What it does
    Checks that a `RUN` that runs `apt-get update` (or `apt update`) in a stage that ships
    also deletes the package lists it downloaded, `/var/lib/apt/lists/*`, before it ends.

    ## Why is this bad?
    `apt-get update` downloads the index of every package in every configured repository,
    often tens of megabytes. Each `RUN` is a layer, and a file written in one layer and
    deleted in a later one is still shipped in the first. Removing the lists in the same
    `RUN` that downloaded them is the only way to keep them out of the image: the guide's
    apt examples all end with `rm -rf /var/lib/apt/lists/*`. The official Debian and Ubuntu
    images ship without lists for the same reason.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends libpq5
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    RUN apt-get update && \\
        apt-get install -y --no-install-recommends libpq5 && \\
        rm -rf /var/lib/apt/lists/*
    ```

    ## Exceptions
    - Build stages that the target stage does not build `FROM` are not checked: their layers
      are not part of the image (hadolint does the same for DL3009).
    - A `RUN --mount=type=cache` or `type=tmpfs` over `/var/lib/apt/lists` (or `/var/lib/apt`)
      keeps the lists out of the layer. A cache mount over `/var/cache/apt` alone does not:
      it holds downloaded `.deb` files, not the lists.
    - A `RUN` that updates but installs nothing is left to DF210 (update-alone): its lists
      are there for a later `RUN`'s install, and removing them at its end would break that
      install. Update and install in one `RUN`, then remove the lists there.
    - ONBUILD triggers run in another build and are not checked.

    ## Fix safety
    Safe: the fix appends `&& rm -rf /var/lib/apt/lists/*` to the RUN. It is only offered when
    no later RUN of the image uses apt without running `apt-get update` first (that RUN
    would need the lists), and when the script ends in a way that `&&` can follow.

    ## References
    - [Docker docs: best practices for apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
    - hadolint DL3009
    - Guide: *Writing good Dockerfiles*, section "Reducing Image Size: Practical Techniques"
    """

    code = "DF201"
    name = "apt-lists-not-removed"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3009",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        runs = list(ctx.shipped_selected(PACKAGES, program("apt-cache")))
        # needed_later[i]: some RUN after runs[i] uses the lists without updating them.
        needed_later = [False] * len(runs)
        for position in range(len(runs) - 2, -1, -1):
            later = runs[position + 1]
            needed_later[position] = needed_later[position + 1] or _needs_lists(later)
        for position, run in enumerate(runs):
            facts = analyse(run)
            update = next(facts.find(family="apt", action="update"), None)
            if update is None or facts.keeps_out(LISTS) or update_alone(facts, "apt"):
                continue  # an update alone is DF210's: its lists are for a later install
            fix = None
            if not needed_later[position]:
                edit = append_command(run, _CLEANUP)
                fix = Fix.safe("Remove the apt lists in the same RUN", edit) if edit else None
            yield self.violation(
                update.head_span,
                f"`{update.program.value} update` leaves the package lists in this layer: "
                f"add `&& {_CLEANUP}` to the same RUN",
                fix,
            )


def _needs_lists(run: Instruction) -> bool:
    """True if ``run`` uses apt's index without refreshing it itself."""
    facts = analyse(run)
    if any(True for _ in facts.find(family="apt", action="update")):
        return False
    if any(command.name == "apt-cache" for _, command in facts.commands):
        return True
    return any(c.action in _READS_INDEX for c in facts.find(family="apt"))
