"""DF302: the whole build context is copied and .dockerignore misses .git, .env or node_modules."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.copies import whole_context_copies
from dfls.knowledge.dockerignore import is_ignored
from dfls.knowledge.ecosystems import uses_ecosystem
from dfls.rules.api import Rule, RuleContext, Severity, Violation


class DockerignoreIncomplete(Rule):
    """## What it does
    Checks, when the Dockerfile copies the whole build context (`COPY . .`), that
    `.dockerignore` excludes `.git`, `.env`, and for Node.js builds `node_modules`.

    ## Why is this bad?
    These three are the usual reasons a build context is large or dangerous. `.git` holds
    the whole history of the project (often hundreds of megabytes) and is sent to the
    builder on every build; `.env` holds local secrets, which `COPY . .` then bakes into a
    layer that anyone who pulls the image can read; a local `node_modules` is big, built
    for your machine's platform, and overwrites what `npm ci` installed in the image.

    ## Example
    ```dockerfile
    # .dockerignore contains only: *.log
    FROM node:20-alpine
    WORKDIR /app
    COPY . .
    RUN npm ci --omit=dev
    CMD ["node", "main.js"]
    ```

    Use instead:
    ```dockerfile
    # .dockerignore lists .git, .env and node_modules
    FROM node:20-alpine
    WORKDIR /app
    COPY . .
    RUN npm ci --omit=dev
    CMD ["node", "main.js"]
    ```

    ## Exceptions
    `node_modules` is only required for Node.js builds (a `node` base image, a copied
    `package.json`, or `npm`/`yarn`/`pnpm` in a `RUN`). Patterns are matched as BuildKit
    does: `.env*`, `**/.git` and an allow-list file (`*` followed by `!src`) all count.
    Builds that copy only named files are not checked, nor is a missing `.dockerignore`
    (that is DF301).

    There is no quick fix: the change belongs in `.dockerignore`, not in the Dockerfile,
    and dfls fixes only create files, they never rewrite one you already have. Add the
    missing lines by hand.

    ## References
    - [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    - Guide: *Writing good Dockerfiles*, section ".dockerignore"
    """

    code = "DF302"
    name = "dockerignore-incomplete"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        context = ctx.build_context
        patterns = context.dockerignore
        if not context.known or patterns is None:
            return
        copies = list(whole_context_copies(ctx.dockerfile))
        if not copies:
            return
        wanted = [".git", ".env"]
        if not is_ignored(patterns, "node_modules") and uses_ecosystem(ctx.dockerfile, "node"):
            wanted.append("node_modules")
        missing = [path for path in wanted if not is_ignored(patterns, path)]
        if not missing:
            return
        names = [f"`{path}`" for path in missing]
        listed = " and ".join((", ".join(names[:-1]), names[-1])) if len(names) > 1 else names[0]
        pronoun = "them" if len(names) > 1 else "it"
        for instruction, word in copies:
            yield self.violation(
                word.span,
                f"{context.dockerignore_name} does not exclude {listed}, so "
                f"{instruction.keyword} `{word.value}` sends {pronoun} to the builder and "
                "into the image",
            )
