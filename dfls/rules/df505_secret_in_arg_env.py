"""DF505: secrets in ARG or ENV (by name, or by a value that looks like a credential)."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator

from dfls.knowledge.secrets import credential_shape
from dfls.model import Instruction, KeyValue, Stage, key_values
from dfls.rules.api import RuleContext, Severity, StageRule, Violation

# Name words that always mean a secret, and word pairs that do (`API_KEY`, `PRIVATE_KEY`).
_SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pword",
        "passphrase",
        "secret",
        "secrets",
        "token",
        "credential",
        "credentials",
        "apikey",
        "privatekey",
    }
)
_SECRET_PAIRS = frozenset(
    {
        ("api", "key"),
        ("private", "key"),
        ("access", "key"),
        ("secret", "key"),
        ("client", "secret"),
        ("auth", "key"),
        ("encryption", "key"),
    }
)
# Words that make a secret-sounding name harmless: it names where a secret is, or about it.
_HARMLESS_WORDS = frozenset(
    {"file", "path", "dir", "url", "uri", "endpoint", "name", "id", "public", "version"}
    | {"length", "len", "header", "type", "mode", "enabled", "disabled"}
    | {"dummy", "placeholder"}
)
# Values that switch something on or off: no credential is one of these. An empty value is
# not one: `ENV API_TOKEN=` names a secret that is meant to be set later (BuildKit agrees).
_TRIVIAL_VALUES = frozenset({"0", "1", "true", "false", "yes", "no", "on", "off"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_RANDOM_LOOKING = re.compile(r"^[A-Za-z0-9+/=_\-.]{24,}$")


class SecretInArgOrEnv(StageRule):
    """## What it does
    Checks `ARG` and `ENV` for secrets: names that say they hold one (`PASSWORD`, `SECRET`,
    `TOKEN`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, ...) in the shipped stages, and, in any
    stage, values that look like real credentials (AWS `AKIA...` keys, GitHub `ghp_...`
    tokens, `-----BEGIN ... PRIVATE KEY-----`, long random strings in a `*_KEY`).

    ## Why is this bad?
    `ENV` values are part of the image configuration: anyone who can pull the image reads
    them with `docker inspect`. A build argument used by a `RUN` is recorded in the image
    history (`docker history`). A value written in the Dockerfile itself is also in your
    version control. Secrets should be passed with `RUN --mount=type=secret`, which makes
    them available to one step without storing them in any layer or in the image metadata.

    ## Example
    ```dockerfile
    FROM node:20-alpine
    ARG NPM_TOKEN
    RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    ```

    Use instead:
    ```dockerfile
    FROM node:20-alpine
    RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    ```

    ## Exceptions
    Names are split into words (`NPM_TOKEN`, `npmToken`, `api-key`), and only whole words
    count: `TOKENIZERS_PARALLELISM` is not a token. Names that point at a secret rather
    than hold one (`PASSWORD_FILE`, `SECRET_PATH`, `TOKEN_URL`) and names with `PUBLIC`
    are fine, and so are names with `DUMMY` or `PLACEHOLDER` (Rails' documented
    `SECRET_KEY_BASE_DUMMY=1`). An `ENV` value that is a switch (`0`, `1`, `true`,
    `false`, `yes`, `no`, `on`, `off`) is not a secret; an empty one is still a secret's
    name (`ENV API_TOKEN=` waits for the secret), as in BuildKit. An `ARG`'s default is
    not what it holds: the secret arrives with `--build-arg` and is recorded, so an `ARG`
    is judged by its name whatever its default. A bare `KEY` (`GPG_KEY`, `SIGNING_KEY` in
    official images hold public key fingerprints) is only reported when its value is empty
    or looks random and is not hexadecimal.
    Build stages may take secret build arguments (the guide allows build arguments for
    secrets), since their history is not shipped; a credential-shaped value is still
    reported there, because it is written in the Dockerfile.

    ## References
    - [Build secrets](https://docs.docker.com/build/building/secrets/)
    - BuildKit SecretsUsedInArgOrEnv; hadolint DL3064
    - Guide: *Writing good Dockerfiles*, section "Common Pitfalls"
    """

    code = "DF505"
    name = "secret-in-arg-env"
    severity = Severity.WARNING
    aliases = {"hadolint": ("DL3064",), "buildkit": ("SecretsUsedInArgOrEnv",)}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        return self._check_all(stage.instructions, ctx, ships=ctx.ships(stage))

    def check_globals(
        self, instructions: tuple[Instruction, ...], ctx: RuleContext
    ) -> Iterator[Violation]:
        # Global ARGs ship only through a stage that declares them again: names alone are
        # judged there; credential-shaped values are flagged here.
        return self._check_all(instructions, ctx, ships=False)

    def _check_all(
        self, instructions: tuple[Instruction, ...], ctx: RuleContext, ships: bool
    ) -> Iterator[Violation]:
        for instruction in instructions:
            if instruction.keyword not in ("ARG", "ENV"):
                continue
            for pair in key_values(instruction, ctx.dockerfile.escape):
                found = self._check(instruction, pair, ships)
                if found is not None:
                    yield found

    def _check(self, instruction: Instruction, pair: KeyValue, ships: bool) -> Violation | None:
        kind = instruction.keyword
        value = pair.value or ""
        shape = credential_shape(value)
        if shape is not None and pair.value_span is not None:
            return self.violation(
                pair.value_span,
                f"the value of {kind} `{pair.key}` looks like {shape}: it is stored in the "
                "Dockerfile and the image; pass it with `RUN --mount=type=secret`",
            )
        if not ships:
            return None
        if kind == "ENV" and value.strip().lower() in _TRIVIAL_VALUES:
            return None  # `ENV SECRET_KEY_BASE_DUMMY=1`: a flag, not a secret
        key_like = _key_name(pair.key) and (not value.strip() or _random(value))
        if _secret_name(pair.key) or key_like:
            where = "the image config" if kind == "ENV" else "the image history"
            return self.violation(
                pair.key_span,
                f"{kind} `{pair.key}` looks like a secret, and {kind} values end up in "
                f"{where}: use `RUN --mount=type=secret` instead",
            )
        return None


def _words(name: str) -> list[str]:
    spaced = _CAMEL.sub("_", name)
    return [w for w in re.split(r"[_\-.]+", spaced.lower()) if w]


def _secret_name(name: str) -> bool:
    words = _words(name)
    if any(w in _HARMLESS_WORDS for w in words):
        return False
    if any(w in _SECRET_WORDS for w in words):
        return True
    return any(pair in _SECRET_PAIRS for pair in itertools.pairwise(words))


def _key_name(name: str) -> bool:
    words = _words(name)
    return "key" in words and not any(w in _HARMLESS_WORDS for w in words)


def _random(value: str) -> bool:
    """A long, high-entropy, non-hexadecimal token (hex is what fingerprints and hashes are)."""
    if "$" in value or not _RANDOM_LOOKING.match(value) or _HEX.match(value):
        return False
    counts = Counter(value)
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
        )
    )
    return entropy >= 4.0 and classes >= 2
