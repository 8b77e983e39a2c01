"""DF305: ADD downloads a URL without verifying it with --checksum."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.copies import is_url, sources
from dfls.model import Instruction
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation


def is_git_source(value: str) -> bool:
    """Git repositories are pinned by the ref after ``#``, not by a file checksum."""
    lower = value.lower()
    base = lower.split("#", 1)[0]
    return lower.startswith(("git@", "git://")) or base.endswith(".git")


class AddUrlWithoutChecksum(InstructionRule):
    r"""## What it does
    Checks for `ADD https://...` without `--checksum=sha256:...`.

    ## Why is this bad?
    `ADD` downloads the URL at build time and trusts whatever comes back. If the file at
    that address changes (a new release uploaded under the same name, a compromised
    server, a redirect), the image silently changes too, and a cached build and a fresh
    one disagree. `--checksum` makes the build verify the download and fail if it is not
    the file you reviewed.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ADD https://example.com/tool-1.2.3-linux-amd64.tar.gz /tmp/
    ```

    Use instead:
    ```dockerfile
    # syntax=docker/dockerfile:1
    FROM alpine:3.20
    ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
        https://example.com/tool-1.2.3-linux-amd64.tar.gz /tmp/
    ```

    ## Exceptions
    Git sources (`https://github.com/org/repo.git#v1.2.3`, `git@...`) are pinned by the
    ref after `#`; use a commit hash there. `--checksum` needs Dockerfile syntax 1.6 or
    later (`# syntax=docker/dockerfile:1` gives you the latest). There is no quick fix:
    the hash has to come from the publisher or from a download you have verified.

    ## References
    - [Dockerfile reference: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
    """

    code = "DF305"
    name = "add-url-without-checksum"
    severity = Severity.WARNING
    keywords = frozenset({"ADD", "ONBUILD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        target = instruction.trigger or instruction
        if target.keyword != "ADD" or target.flag("checksum") is not None:
            return
        for word in sources(target):
            if is_url(word.value) and not is_git_source(word.value):
                yield self.violation(
                    word.span,
                    "ADD downloads this URL without `--checksum=sha256:...`, so a changed "
                    "or tampered file goes into the image unnoticed",
                )
