"""DF306: COPY or ADD of a path that .dockerignore leaves out of the context (CopyIgnoredFile)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.copies import context_path, from_context, is_heredoc, is_url, sources
from dfls.knowledge.dockerignore import is_ignored
from dfls.model import Instruction
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation

# Patterns that exclude every entry of the context root, so that `COPY . .` copies nothing.
_WHOLE_ROOT = frozenset({"*", "**", "**/*"})


class CopyIgnoredFile(InstructionRule):
    """## What it does
    Checks `COPY` and `ADD` sources from the build context against the `.dockerignore`
    beside the Dockerfile (`<Dockerfile name>.dockerignore` first, as Docker reads it).

    ## Why is this bad?
    A path the `.dockerignore` excludes is not sent to the builder: `COPY` of it fails with
    "not found", or, for a directory, silently copies less than it says. Either the
    `.dockerignore` line or the `COPY` is wrong.

    ## Example
    The `.dockerignore` holds `*.log`:
    ```dockerfile
    FROM alpine:3.20
    COPY app.yaml seed.log /srv/
    ```

    Use instead (or take `*.log` out of the `.dockerignore`):
    ```dockerfile
    FROM alpine:3.20
    COPY app.yaml /srv/
    ```

    ## Exceptions
    As BuildKit: nothing is checked when the `.dockerignore` has `!` exceptions (a file may
    be re-included below an excluded directory), `COPY --from` reads a stage or image, URLs
    and here-documents are not context paths, and `COPY . .` is only reported when a
    pattern (`*`, `**`) excludes everything. Sources with variables are not checked.
    Nothing is reported when the build context is not known.

    ## Fix safety
    No fix: either the `.dockerignore` or the instruction has to change.

    ## References
    - [Dockerfile reference: .dockerignore file](https://docs.docker.com/build/concepts/context/#dockerignore-files)
    - BuildKit CopyIgnoredFile
    """

    code = "DF306"
    name = "copy-ignored-file"
    severity = Severity.WARNING
    aliases = {"buildkit": ("CopyIgnoredFile",)}
    keywords = frozenset({"COPY", "ADD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        context = ctx.build_context
        patterns = context.dockerignore
        if not context.known or not patterns or any(p.startswith("!") for p in patterns):
            return
        if not from_context(instruction):
            return
        for word in sources(instruction):
            value = word.value
            if "$" in value or is_url(value) or is_heredoc(word):
                continue
            path = context_path(value)
            if path == "":
                ignored = any(p in _WHOLE_ROOT for p in patterns)
            else:
                ignored = is_ignored(patterns, path)
            if ignored:
                yield self.violation(
                    word.span,
                    f"`{value}` is excluded by {context.dockerignore_name}, so it is not in "
                    f"the build context: {instruction.keyword} cannot find it",
                )
