"""DF303: COPY or ADD of a file that looks like it holds secrets."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from dfls.knowledge.copies import context_path, from_context, is_heredoc, is_url, sources
from dfls.model import Instruction, Word
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation

# File names (lower case, fnmatch patterns) that hold credentials or private keys.
_SECRET_NAMES = (
    ".env",
    ".env.*",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.jks",
    "*.keystore",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".git-credentials",
    ".pgpass",
    "credentials.json",
    "kubeconfig",
)
# `.pem` holds certificates (public) as often as keys: only names that say "key" count.
_PRIVATE_PEM = ("*key*.pem", "*priv*.pem")
# Directories whose whole content is credentials.
_SECRET_DIRS = frozenset({".ssh", ".aws", ".gnupg", ".kube", ".azure"})
# Committed placeholders for the real file.
_HARMLESS_SUFFIXES = (".example", ".sample", ".template", ".dist", ".defaults", ".pub")


def secret_reason(path: str) -> str | None:
    """Why a context path looks secret (``"`.npmrc` usually holds credentials"``), or None."""
    parts = [p for p in context_path(path).split("/") if p]
    if not parts:
        return None
    name = parts[-1]
    if name.lower().endswith(_HARMLESS_SUFFIXES):
        return None
    for part in parts:
        if part.lower() in _SECRET_DIRS:
            return f"`{part}/` holds credentials"
    if any(fnmatch.fnmatchcase(name.lower(), p) for p in (*_SECRET_NAMES, *_PRIVATE_PEM)):
        return f"`{name}` usually holds credentials or a private key"
    return None


class CopySecretFile(InstructionRule):
    """## What it does
    Checks `COPY` and `ADD` for sources that look like secrets: `.env` files, private keys
    (`id_rsa`, `id_ed25519`, `*.key`, `*key*.pem`, `*.p12`), registry and tool credentials
    (`.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `credentials.json`, `kubeconfig`)
    and credential directories (`.ssh/`, `.aws/`, `.kube/`, `.azure/`, `.gnupg/`).

    ## Why is this bad?
    Every `COPY` creates a layer, and layers are part of the image forever: anyone who can
    pull the image can read the file with `docker save` or `docker history`, even if a later
    `RUN rm` deletes it. Secrets needed during the build belong in a secret mount
    (`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`), which is never
    written to a layer; secrets needed at run time belong in the environment or a
    secret store of the platform that runs the container, not in the image.

    ## Example
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY .npmrc package.json package-lock.json ./
    RUN npm ci --omit=dev
    ```

    Use instead:
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev
    ```

    ## Exceptions
    Placeholders meant to be committed (`.env.example`, `.env.sample`, `*.template`) and
    public keys (`id_rsa.pub`) are fine, and so are certificates (`cert.pem`, `*.crt`).
    `COPY --from=...` copies from another stage, not from your machine, and is not
    checked. A whole-context `COPY . .` is covered by DF302 (the `.dockerignore` should
    exclude `.env`). Sources named through a variable are not checked.

    ## References
    - [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
    - [Dockerfile reference: RUN --mount=type=secret](https://docs.docker.com/reference/dockerfile/#run---mounttypesecret)
    - Guide: *Writing good Dockerfiles*, section "Common Pitfalls"
    """

    code = "DF303"
    name = "copy-secret-file"
    severity = Severity.WARNING
    keywords = frozenset({"COPY", "ADD", "ONBUILD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        # An ONBUILD COPY copies from the context of the child build: the same leak.
        target = instruction.trigger or instruction
        if target.keyword not in ("COPY", "ADD") or not from_context(target):
            return
        for word in sources(target):
            if "$" in word.value or is_url(word.value) or is_heredoc(word):
                continue
            reason = secret_reason(word.value)
            if reason is not None:
                yield self._found(target, word, reason)

    def _found(self, instruction: Instruction, word: Word, reason: str) -> Violation:
        return self.violation(
            word.span,
            f"{reason}, and {instruction.keyword} writes it into a layer that anyone who "
            "pulls the image can read: use a secret mount (`RUN --mount=type=secret`)",
        )
