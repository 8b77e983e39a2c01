"""DF208: npm and yarn installs that leave their download cache in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.packages.commands import PackageCommand, RunFacts, analyse
from dfls.knowledge.packages.edits import append_command
from dfls.knowledge.stage_index import PACKAGES
from dfls.rules.api import Fix, FixAvailability, Rule, RuleContext, Severity, Violation

_CLEAN = {"npm": "npm cache clean --force", "yarn": "yarn cache clean"}
_CACHE_OPTIONS = ("--cache", "--cache-folder")


class NpmCache(Rule):
    """## What it does
    Checks that a `RUN` in a stage that ships, which installs packages with `npm` (`npm ci`,
    `npm install`) or `yarn`, also empties their download cache before it ends.

    ## Why is this bad?
    npm stores a copy of every package tarball it fetches in `~/.npm/_cacache` (yarn in its
    own cache folder). The packages are already unpacked in `node_modules`; the cache is a
    second copy that only helps the next install on the same machine, and in an image there
    is none. Since a file deleted by a later `RUN` still ships in the layer that wrote it,
    `npm cache clean --force` has to run in the same `RUN`. It complements the guide's
    production advice for Node.js (`npm ci --omit=dev`).

    ## Example
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci --omit=dev
    ```

    Use instead:
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci --omit=dev && npm cache clean --force
    ```

    ## Exceptions
    - A `RUN --mount=type=cache` (or `tmpfs`) over the cache (`/root/.npm`,
      `/home/node/.npm`, yarn's cache folder), or an `rm -rf` of it in the same RUN. A cache
      placed elsewhere with `--cache`/`--cache-folder` counts when that directory is removed
      or mounted.
    - Only stages that ship are checked: in the guide's multi-stage Node example the
      install runs in the build stage and only `node_modules` is copied out, which is fine.
      ONBUILD triggers are not checked.

    ## Fix safety
    Safe: the fix appends `&& npm cache clean --force` (`&& yarn cache clean`) to the RUN.
    `node_modules` is untouched; only the cache is emptied.

    ## References
    - [npm docs: npm cache](https://docs.npmjs.com/cli/commands/npm-cache)
    - hadolint DL3060 (yarn)
    - Guide: *Writing good Dockerfiles*, section "Reducing Image Size: Practical Techniques"
    """

    code = "DF208"
    name = "npm-cache"
    severity = Severity.INFO
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3060",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for run in ctx.shipped_selected(PACKAGES):
            facts = analyse(run)
            for command in facts.find("npm", "yarn", action="install"):
                if _cache_kept_out(facts, command):
                    continue
                clean = _CLEAN[command.manager.name]
                edit = append_command(run, clean)
                yield self.violation(
                    command.head_span,
                    f"`{command.manager.name} {command.action}` leaves its download cache in "
                    f"this layer: add `&& {clean}` to the same RUN",
                    Fix.safe(f"Add {clean}", edit) if edit else None,
                )
                break  # one cleanup at the end of the RUN covers every install in it


def _cache_kept_out(facts: RunFacts, command: PackageCommand) -> bool:
    if facts.cleans(command.manager):
        return True
    elsewhere = command.option_values(*_CACHE_OPTIONS)
    return bool(elsewhere) and all(facts.keeps_out(word.value) for word in elsewhere)
