"""DF304: ADD of local files, where COPY does the same without hidden behaviour."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.copies import is_url, sources
from dfls.model import Instruction
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)

# ADD unpacks local tar archives (plain, gzip, bzip2, xz; zstd in recent BuildKit). It
# decides by content, not by name, so any compressed-looking name may be wanted unpacked.
# Zip files are never unpacked: ADD copies them exactly as COPY would.
ARCHIVE_SUFFIXES = (
    ".tar",
    ".tgz",
    ".tbz",
    ".tbz2",
    ".txz",
    ".tzst",
    ".gz",
    ".bz2",
    ".xz",
    ".zst",
    ".lz4",
)
# Flags both instructions accept with the same meaning; anything else is an ADD feature.
_SHARED_FLAGS = frozenset({"chown", "chmod", "link", "exclude"})


def may_be_archive(value: str) -> bool:
    return value.lower().endswith(ARCHIVE_SUFFIXES)


class AddInsteadOfCopy(InstructionRule):
    """## What it does
    Checks for `ADD` used to copy local files or directories, which `COPY` does.

    ## Why is this bad?
    `ADD` has behaviour that is easy to trigger by accident: given a URL it downloads, and
    given a local tar archive it unpacks it into the destination. A reader of `ADD app.tar.gz
    /srv/` or `ADD config /etc/app/` has to know which one happens. `COPY` only copies, so
    it says what it does; keep `ADD` for the cases where you want its extra features.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    ADD requirements.txt .
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    ```

    ## Exceptions
    Not flagged: URLs and git repositories (see DF305 for checksums), sources that may be
    tar archives (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst` and other
    compressed names, since ADD unpacks them), sources given through a variable (they may
    be archives), and `ADD` with flags that only `ADD` has (`--checksum`,
    `--keep-git-dir`, `--unpack`). A `.zip` is flagged: ADD does not unpack zip files.

    ## Fix safety
    Safe: the fix renames the keyword to `COPY` (keeping its case and every flag). It is
    only offered when every source is a local, non-archive path and every flag means the
    same for `COPY` (`--chown`, `--chmod`, `--link`, `--exclude`), so the build copies the
    same files.

    ## References
    - [Dockerfile reference: ADD](https://docs.docker.com/reference/dockerfile/#add)
    - [Best practices: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
    - hadolint DL3020
    - Guide: *Writing good Dockerfiles*, section "Common Pitfalls"
    """

    code = "DF304"
    name = "add-instead-of-copy"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    aliases = {"hadolint": ("DL3020",)}
    keywords = frozenset({"ADD", "ONBUILD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        target = instruction.trigger or instruction
        if target.keyword != "ADD":
            return
        if any(flag.name.lower() not in _SHARED_FLAGS for flag in target.flags):
            return
        words = sources(target)
        if not words:
            return
        for word in words:
            value = word.value
            if "$" in value or is_url(value) or may_be_archive(value):
                return
        keyword = "copy" if target.keyword_text.islower() else "COPY"
        yield self.violation(
            target.keyword_span,
            "ADD of local files: use COPY, which only copies (ADD also downloads URLs "
            "and unpacks archives)",
            Fix.safe("Replace ADD with COPY", Edit(target.keyword_span, keyword)),
        )
