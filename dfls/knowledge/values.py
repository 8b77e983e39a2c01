"""The values Dockerfile flags, ``--mount`` options and parser directives take.

Facts for completion and signature help (and any rule that wants to check a value): which
flags may be given more than once, the choices of the enumerated flags, the options of each
``--mount`` type, the platforms and ``syntax=`` frontends worth offering, and what each
placeholder of an instruction's syntax (``<src>``, ``<dest>``...) means. Written from the
Dockerfile reference in our own words; nothing here is read from the network.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple


class Choice(NamedTuple):
    """A value to offer, and what it does (one line)."""

    value: str
    summary: str


# Flags that may be given more than once on one instruction (keyed as in reference.FLAGS).
REPEATABLE = frozenset({("RUN", "mount"), ("*", "exclude"), ("RUN", "device")})

_BOOLEAN = (Choice("true", "on"), Choice("false", "off"))
_DURATIONS = (
    Choice("30s", "thirty seconds (the default of --interval and --timeout)"),
    Choice("10s", "ten seconds"),
    Choice("5s", "five seconds"),
    Choice("1m", "one minute"),
)

PLATFORMS = (
    Choice("linux/amd64", "64-bit x86"),
    Choice("linux/arm64", "64-bit ARM (Apple silicon, Graviton)"),
    Choice("linux/arm/v7", "32-bit ARM (Raspberry Pi 2 and later)"),
    Choice("linux/arm/v6", "32-bit ARM v6"),
    Choice("linux/386", "32-bit x86"),
    Choice("linux/ppc64le", "POWER, little-endian"),
    Choice("linux/s390x", "IBM Z"),
    Choice("linux/riscv64", "64-bit RISC-V"),
    Choice("windows/amd64", "Windows containers"),
    Choice("$BUILDPLATFORM", "the platform of the machine running the build"),
    Choice("$TARGETPLATFORM", "the platform being built for (the default)"),
)

# Values of the flags whose value is one of a few words, keyed as in reference.FLAGS.
FLAG_VALUES: MappingProxyType[tuple[str, str], tuple[Choice, ...]] = MappingProxyType(
    {
        ("RUN", "network"): (
            Choice("default", "the default network"),
            Choice("none", "no network access: the step must be hermetic"),
            Choice("host", "the host's network (needs the network.host entitlement)"),
        ),
        ("RUN", "security"): (
            Choice("insecure", "privileged, like docker run --privileged (needs an entitlement)"),
            Choice("sandbox", "the default sandbox"),
        ),
        ("FROM", "platform"): PLATFORMS,
        ("*", "chmod"): (
            Choice("755", "rwxr-xr-x: executables and directories"),
            Choice("644", "rw-r--r--: ordinary files"),
            Choice("600", "rw-------: private to the owner"),
            Choice("+x", "add the executable bit"),
        ),
        ("*", "chown"): (
            Choice("1000:1000", "the first regular user and group on most images"),
            Choice("65532:65532", "distroless nonroot"),
            Choice("root:root", "root (the default)"),
        ),
        ("*", "link"): _BOOLEAN,
        ("COPY", "parents"): _BOOLEAN,
        ("ADD", "keep-git-dir"): _BOOLEAN,
        ("ADD", "unpack"): _BOOLEAN,
        ("ADD", "checksum"): (Choice("sha256:", "the SHA-256 of the file, in hex"),),
        ("HEALTHCHECK", "interval"): _DURATIONS,
        ("HEALTHCHECK", "timeout"): _DURATIONS,
        ("HEALTHCHECK", "start-period"): _DURATIONS,
        ("HEALTHCHECK", "start-interval"): _DURATIONS,
        ("HEALTHCHECK", "retries"): (Choice("3", "the default"),),
    }
)

# -- RUN --mount ------------------------------------------------------------------------------

MOUNT_TYPES = (
    Choice("cache", "a persistent cache directory shared between builds, never in the image"),
    Choice("bind", "files from the build context or another stage (the default type)"),
    Choice("tmpfs", "a temporary in-memory filesystem"),
    Choice("secret", "a secret file or variable, never written to a layer"),
    Choice("ssh", "access to the SSH agent of the client, e.g. for private Git repositories"),
)

MOUNT_OPTIONS: MappingProxyType[str, Choice] = MappingProxyType(
    {
        option.value: option
        for option in (
            Choice("type", "the kind of mount: bind, cache, tmpfs, secret or ssh"),
            Choice("target", "where the mount appears in the build container"),
            Choice("source", "the path to mount, in the context, stage or cache"),
            Choice("from", "the stage or image to mount from (default: the build context)"),
            Choice("id", "the secret, SSH key or cache to use"),
            Choice("sharing", "how concurrent builds share the cache: shared, private, locked"),
            Choice("mode", "file mode of the mount (octal)"),
            Choice("uid", "user id of the mount's owner"),
            Choice("gid", "group id of the mount's owner"),
            Choice("ro", "mount read-only"),
            Choice("rw", "allow writes (they are discarded after the step)"),
            Choice("required", "fail the build when the secret or SSH key is missing"),
            Choice("size", "the size limit of the tmpfs (bytes, or with a unit such as 64m)"),
            Choice("env", "also expose the secret as this environment variable"),
        )
    }
)

# The options each type accepts, in the order they are offered.
MOUNT_TYPE_OPTIONS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "bind": ("target", "source", "from", "rw"),
        "cache": ("target", "id", "sharing", "from", "source", "ro", "mode", "uid", "gid"),
        "tmpfs": ("target", "size"),
        "secret": ("id", "target", "env", "required", "mode", "uid", "gid"),
        "ssh": ("id", "target", "required", "mode", "uid", "gid"),
    }
)

# Other spellings BuildKit accepts for an option.
MOUNT_OPTION_ALIASES: MappingProxyType[str, str] = MappingProxyType(
    {
        "dst": "target",
        "destination": "target",
        "src": "source",
        "readonly": "ro",
        "readwrite": "rw",
    }
)

MOUNT_VALUES: MappingProxyType[str, tuple[Choice, ...]] = MappingProxyType(
    {
        "type": MOUNT_TYPES,
        "sharing": (
            Choice("shared", "concurrent builds use the cache together (the default)"),
            Choice("private", "a concurrent build gets its own cache"),
            Choice("locked", "a concurrent build waits until the cache is free"),
        ),
        "ro": _BOOLEAN,
        "rw": _BOOLEAN,
        "required": _BOOLEAN,
        "mode": (Choice("0400", "read-only for the owner"), Choice("0755", "rwxr-xr-x")),
        "uid": (Choice("0", "root"), Choice("1000", "the first regular user")),
        "gid": (Choice("0", "root"), Choice("1000", "the first regular group")),
        "size": (Choice("64m", "64 MiB"), Choice("1g", "1 GiB")),
    }
)

# Cache directories worth mounting, by the tool that fills them.
CACHE_TARGETS = (
    Choice("/var/cache/apt", "apt's downloaded packages (with sharing=locked)"),
    Choice("/var/lib/apt/lists", "apt's package lists (with sharing=locked)"),
    Choice("/root/.cache/pip", "pip"),
    Choice("/root/.cache/uv", "uv"),
    Choice("/root/.npm", "npm"),
    Choice("/usr/local/share/.cache/yarn", "yarn"),
    Choice("/root/.cache/go-build", "the Go build cache"),
    Choice("/go/pkg/mod", "Go modules"),
    Choice("/usr/local/cargo/registry", "Cargo's registry"),
    Choice("/root/.m2", "Maven"),
    Choice("/root/.gradle", "Gradle"),
    Choice("/var/cache/apk", "apk"),
)

# -- parser directives ------------------------------------------------------------------------

DIRECTIVE_VALUES: MappingProxyType[str, tuple[Choice, ...]] = MappingProxyType(
    {
        "syntax": (
            Choice("docker/dockerfile:1", "the latest stable 1.x frontend (recommended)"),
            Choice("docker/dockerfile:1.12", "pinned to 1.12.x"),
            Choice("docker/dockerfile:1.7", "pinned to 1.7.x"),
            Choice("docker/dockerfile:1-labs", "the latest 1.x with labs features"),
            Choice("docker/dockerfile:1.7-labs", "1.7 with labs features"),
        ),
        "escape": (
            Choice("\\", "backslash (the default)"),
            Choice("`", "backtick, for Windows paths"),
        ),
        "check": (
            Choice("skip=", "turn the named checks off (or all)"),
            Choice("error=true", "make check warnings fail the build"),
        ),
    }
)

# BuildKit's 22 build checks (checked against moby/buildkit's linter ruleset by
# tests/rules/test_buildkit_checks.py), the names ``# check=skip=`` takes (those dfls has a rule for are
# also that rule's ``buildkit`` alias).
BUILDKIT_CHECKS: MappingProxyType[str, str] = MappingProxyType(
    {
        "ConsistentInstructionCasing": "instruction keywords all in one case",
        "CopyIgnoredFile": "COPY or ADD of a path the .dockerignore excludes",
        "DuplicateStageName": "two stages with the same name",
        "ExposeInvalidFormat": "EXPOSE with an IP address or a host port",
        "ExposeProtoCasing": "EXPOSE protocol not in lower case",
        "FromAsCasing": "AS in another case than FROM",
        "FromPlatformFlagConstDisallowed": "FROM --platform with a constant value",
        "InvalidBaseImagePlatform": "base image without the requested platform",
        "InvalidDefaultArgInFrom": "a global ARG default that makes FROM invalid",
        "InvalidDefinitionDescription": "a description comment not in the expected form",
        "JSONArgsRecommended": "CMD or ENTRYPOINT in shell form",
        "LegacyKeyValueFormat": "ENV or LABEL in the old key value form",
        "MaintainerDeprecated": "the deprecated MAINTAINER instruction",
        "MultipleInstructionsDisallowed": "several CMD, ENTRYPOINT or HEALTHCHECK in a stage",
        "NoEmptyContinuation": "an empty line inside a continuation",
        "RedundantTargetPlatform": "--platform=$TARGETPLATFORM, which is the default",
        "ReservedStageName": "a stage named scratch or context",
        "SecretsUsedInArgOrEnv": "a secret-looking name in ARG or ENV",
        "StageNameCasing": "a stage name not in lower case",
        "UndefinedArgInFrom": "FROM uses an ARG that is not declared",
        "UndefinedVar": "a variable that is not defined",
        "WorkdirRelativePath": "relative WORKDIR without an absolute one before",
    }
)

# -- placeholders in an instruction's syntax, for signature help ------------------------------

PLACEHOLDERS: MappingProxyType[str, str] = MappingProxyType(
    {
        "<src>": "A file, directory or glob in the build context (or in the `--from` stage); "
        "for `ADD` also a URL or a Git repository.",
        "<dest>": "The path in the image: absolute, or relative to `WORKDIR`. End it with `/` "
        "to copy into a directory.",
        "<image>": "The base image: `name[:tag][@digest]`, an earlier stage's name, or `scratch`.",
        "<name>": "The name of the stage, for `COPY --from`, `FROM` and `--target`.",
        "<command>": "A shell command, run with `/bin/sh -c` (or the `SHELL`).",
        "<key>": "The variable or label name.",
        "<value>": "Its value; quote it if it contains spaces.",
        "<port>": "A port number, optionally followed by `/tcp` or `/udp`.",
        "<user>": "A user name or UID; add `:group` to set the group too.",
        "<signal>": "A signal name (`SIGTERM`) or number.",
        "<path>": "A path in the image.",
        "<INSTRUCTION>": "The instruction to run when a build starts `FROM` this image.",
        '["executable", "arg"]': "Exec form: a JSON array, run without a shell.",
    }
)
