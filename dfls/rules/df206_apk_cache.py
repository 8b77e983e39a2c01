"""DF206: `apk add` that keeps the package index in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.packages.commands import analyse
from dfls.knowledge.packages.managers import BY_NAME
from dfls.knowledge.stage_index import PACKAGES
from dfls.rules.api import Fix, FixAvailability, Rule, RuleContext, Severity, Violation

_APK = BY_NAME["apk"]


class ApkCache(Rule):
    """## What it does
    Checks that `apk add` in a stage that ships passes `--no-cache`.

    ## Why is this bad?
    Without `--no-cache`, apk downloads the repository indexes into `/var/cache/apk` and
    leaves them there. On an image whose whole point is being small (alpine is ~7 MB) that
    is a measurable share of the layer, and it is stale the moment the build ends.
    `--no-cache` fetches the index into memory and writes nothing, which is why the guide's
    alpine examples use `apk --no-cache add`.

    ## Example
    ```dockerfile
    FROM alpine:3.19
    RUN apk add ca-certificates
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.19
    RUN apk --no-cache add ca-certificates
    ```

    ## Exceptions
    - `--no-cache` anywhere on the command (`apk --no-cache add` and `apk add --no-cache`).
    - `rm -rf /var/cache/apk/*` or `apk cache clean` in the same RUN, or a
      `RUN --mount=type=cache` (or `tmpfs`) over `/var/cache/apk` or `/etc/apk/cache`.
    - Stages that do not ship are not checked; ONBUILD triggers are not checked.

    ## Fix safety
    Safe: the fix inserts `--no-cache` after `add`. The same packages are installed from the
    same repositories; only the index is not kept.

    ## References
    - [Alpine wiki: apk, local cache](https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache)
    - hadolint DL3019
    - Guide: *Writing good Dockerfiles*, section "Reducing Image Size: Practical Techniques"
    """

    code = "DF206"
    name = "apk-cache"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3019",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for run in ctx.shipped_selected(PACKAGES):
            facts = analyse(run)
            if facts.cleans(_APK):
                continue
            for command in facts.find("apk", action="install"):
                if command.has_option(*_APK.no_cache_options):
                    continue
                edit = command.insert_after_action("--no-cache")
                yield self.violation(
                    command.head_span,
                    "`apk add` keeps the package index in /var/cache/apk: add `--no-cache`",
                    Fix.safe("Add --no-cache", edit) if edit else None,
                )
