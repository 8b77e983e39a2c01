"""DF301: the whole build context is copied and there is no .dockerignore."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from dfls.knowledge.copies import explicit_sources
from dfls.knowledge.dockerignore import is_ignored
from dfls.knowledge.ecosystems import ContextUse, context_use, ecosystems, installs_node_modules
from dfls.model import Dockerfile
from dfls.rules.api import (
    Applicability,
    Fix,
    FixAvailability,
    NewFile,
    Rule,
    RuleContext,
    Severity,
    Violation,
)

# Files no build needs: version control, local secrets, editor and OS clutter, Docker's own.
_COMMON = (
    ("Version control and CI", (".git", ".github", ".gitlab-ci.yml")),
    ("Local secrets: never send them to the builder", (".env", ".env.*")),
    ("Editors and operating systems", (".vscode", ".idea", "*.swp", ".DS_Store")),
    ("Docker files", ("Dockerfile*", "*.Dockerfile", ".dockerignore", "docker-compose*.yml")),
)
# Caches and build output each ecosystem regenerates inside the image.
_ECOSYSTEM = {
    "python": (
        "Python caches and virtual environments",
        (
            "**/__pycache__",
            "**/*.py[cod]",
            ".venv",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
            ".tox",
            ".coverage",
            "htmlcov",
        ),
    ),
    "node": ("Node.js logs and test coverage", ("npm-debug.log*", "yarn-error.log*", "coverage")),
    "rust": ("Rust build output", ("target",)),
    "java": ("Java build output", ("target", "build", ".gradle")),
}


def template(dockerfile: Dockerfile, use: ContextUse | None = None) -> str:
    """A `.dockerignore` for this build, without any pattern that a COPY names on purpose."""
    if use is not None:
        return _render(use.explicit, use.ecosystems, use.installs_node_modules)
    kept = frozenset(explicit_sources(dockerfile))  # many COPYs name the same few files
    return _render(kept, ecosystems(dockerfile), installs_node_modules(dockerfile))


@lru_cache(maxsize=64)
def _render(kept: frozenset[str], found: frozenset[str], installs_node: bool) -> str:
    # Cached: the inputs rarely change between keystrokes, the pattern matching is costly.
    sections = list(_COMMON)
    sections.extend(_ECOSYSTEM[e] for e in sorted(found) if e in _ECOSYSTEM)
    if installs_node:
        sections.append(("Dependencies the build installs itself", ("node_modules",)))
    lines = ["# Created by dfls (DF301): paths the build never needs. Review and extend."]
    seen: set[str] = set()
    for title, patterns in sections:
        chosen = [
            p for p in patterns if p not in seen and not any(is_ignored((p,), s) for s in kept)
        ]
        seen.update(chosen)
        if chosen:
            lines.extend(["", f"# {title}", *chosen])
    return "\n".join(lines) + "\n"


class MissingDockerignore(Rule):
    """## What it does
    Checks for `COPY . .` (or `ADD .`, `COPY ./ /app`, `COPY * ./`) when the build context
    has no `.dockerignore` file.

    ## Why is this bad?
    Without a `.dockerignore`, the whole project directory is the build context: `.git`
    (often hundreds of megabytes), `node_modules`, virtual environments, editor settings
    and local `.env` files are sent to the builder on every build, and `COPY . .` puts all
    of it into a layer of your image. Builds get slower, images bigger, and a secret that
    was only meant for your machine ships to every registry the image is pushed to.
    A short `.dockerignore` fixes all three.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    CMD ["python", "main.py"]
    ```

    Use instead:
    ```dockerfile
    # with a .dockerignore next to the Dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    CMD ["python", "main.py"]
    ```

    ## Exceptions
    Builds that only copy named files (`COPY requirements.txt .`) are not flagged: they
    cannot pick up what they do not name. When dfls cannot see the build context (for
    example a Dockerfile opened from outside any folder) the rule stays silent. `COPY
    --from=...` reads another stage, not the context, and `ONBUILD COPY . .` runs in a
    different build, so neither counts.

    ## Fix safety
    Safe: the fix creates `.dockerignore` next to the Dockerfile and changes nothing in
    the Dockerfile. The file lists only what a build never needs: version control
    (`.git`, `.github`), local `.env` files, editor and OS files, Docker's own files, and,
    for the ecosystems the Dockerfile uses (from its base images, the manifests it copies
    and the tools it runs), caches and build output that are recreated inside the image
    (`__pycache__` and `.venv` for Python; `target` for Rust and Maven; `node_modules`
    only when a `RUN` installs the dependencies). A pattern is left out when a `COPY`
    names a file it would exclude (a `COPY .env.production .` keeps `.env.*` out of the
    file). The guide's fuller list also excludes `dist`, `*.md` and test files; those are
    not added automatically because some builds copy a prebuilt `dist` or a `README.md`
    that packaging needs. Review the file and extend it.

    ## References
    - [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    - Guide: *Writing good Dockerfiles*, sections ".dockerignore" and "Common Pitfalls"
    """

    code = "DF301"
    name = "missing-dockerignore"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        context = ctx.build_context
        if not context.known or context.dockerignore is not None:
            return
        use = context_use(ctx.dockerfile)
        if use.first_copy is None:
            return
        # One finding per Dockerfile, at the first copy: the problem is the missing file,
        # and one fix creates it for every COPY.
        instruction, word = use.first_copy
        name = context.dockerignore_name
        more = use.copies - 1
        also = f" (and {more} more COPY/ADD of the whole context)" if more else ""
        yield self.violation(
            word.span,
            f"{instruction.keyword} `{word.value}` sends the whole directory, .git and any "
            f".env included, because there is no {name}{also}",
            Fix(
                f"Create {name}",
                Applicability.SAFE,
                new_files=(NewFile(name, template(ctx.dockerfile, use)),),
            ),
        )
