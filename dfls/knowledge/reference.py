"""Reference texts for hover: instructions, their flags, and parser directives.

Written for dfls from the Dockerfile reference, in our own words, short enough for a hover.
Each entry is markdown; :func:`dfls.features.hover.plain` turns it into plain text for clients that
do not render markdown.
"""

from __future__ import annotations

from typing import NamedTuple

REFERENCE_URL = "https://docs.docker.com/reference/dockerfile/"


class Entry(NamedTuple):
    summary: str
    syntax: tuple[str, ...]
    body: str
    anchor: str


def _url(anchor: str) -> str:
    return f"{REFERENCE_URL}#{anchor}"


INSTRUCTIONS: dict[str, Entry] = {
    "ADD": Entry(
        "Adds files to the image from the build context, a URL or a Git repository.",
        (
            "ADD [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--exclude=<path>] "
            "[--checksum=<hash>] [--keep-git-dir] [--unpack] <src>... <dest>",
        ),
        "Like `COPY`, plus two extras: remote sources (HTTP URLs and Git repositories) and "
        "automatic extraction of local tar archives. Those extras make its effect harder to "
        "predict, so prefer `COPY` for plain files and use `ADD` when you want a download "
        "(pinned with `--checksum`) or an archive unpacked.",
        "add",
    ),
    "ARG": Entry(
        "Declares a build argument that `docker build --build-arg` can set.",
        ("ARG <name>[=<default>]",),
        "Before the first `FROM` an `ARG` is global and only usable in `FROM` lines; inside "
        "a stage it is visible from its declaration to the end of that stage (declare it "
        "again, without a value, to use a global one). Build arguments are not kept in the "
        "final image's environment, but their values are recorded in the image history, so "
        "never pass secrets this way.",
        "arg",
    ),
    "CMD": Entry(
        "Sets the default command (or default arguments for `ENTRYPOINT`) of a container.",
        ('CMD ["executable", "arg"]', "CMD command arg"),
        "Only the last `CMD` of the final stage counts, and `docker run IMAGE args` replaces "
        "it. Write it in exec form (a JSON array): shell form runs under `/bin/sh -c`, so the "
        "shell becomes PID 1 and your process does not receive `docker stop`'s SIGTERM.",
        "cmd",
    ),
    "COPY": Entry(
        "Copies files from the build context (or another stage) into the image.",
        (
            "COPY [--from=<stage>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] "
            "[--parents] [--exclude=<path>] <src>... <dest>",
        ),
        "Each `COPY` makes a layer, and its cache is invalidated when the copied files "
        "change. Copy dependency manifests first, install, then copy the rest of the source, "
        "so editing code does not re-run the install. Use a `.dockerignore` so `COPY . .` "
        "does not pull in `.git`, secrets or local build output.",
        "copy",
    ),
    "ENTRYPOINT": Entry(
        "Sets the executable a container always runs; `CMD` supplies its default arguments.",
        ('ENTRYPOINT ["executable", "arg"]', "ENTRYPOINT command arg"),
        "`docker run IMAGE args` appends to an exec-form entrypoint instead of replacing it. "
        "In shell form the entrypoint ignores `CMD` and runtime arguments, and `/bin/sh` "
        "becomes PID 1, so signals do not reach your process. An init such as tini "
        '(`ENTRYPOINT ["tini", "--"]`) forwards signals and reaps zombie processes.',
        "entrypoint",
    ),
    "ENV": Entry(
        "Sets environment variables for the rest of the stage and for the running container.",
        ("ENV <key>=<value> ...",),
        "Values persist into the image and every container started from it, and stages built "
        "`FROM` this one inherit them. Do not put secrets here: use `RUN --mount=type=secret` "
        "for build-time secrets and runtime configuration for the rest. The legacy form "
        "`ENV key value` sets a single variable; prefer `key=value`.",
        "env",
    ),
    "EXPOSE": Entry(
        "Documents the ports the application listens on.",
        ("EXPOSE <port>[/<protocol>] ...",),
        "It publishes nothing by itself: `docker run -p` or `-P` does that. The protocol is "
        "`tcp` (the default) or `udp`, lowercase.",
        "expose",
    ),
    "FROM": Entry(
        "Starts a build stage on a base image (or on an earlier stage, or `scratch`).",
        ("FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]",),
        "Every `FROM` begins a new stage; only the last stage (or the `--target`) ends up in "
        "the image, so compile in a large SDK stage and copy the result into a small runtime "
        "stage. Pin the tag (`python:3.12.3-slim`) or a digest so builds are reproducible.",
        "from",
    ),
    "HEALTHCHECK": Entry(
        "Tells Docker how to test that the container still works.",
        (
            "HEALTHCHECK [--interval=<duration>] [--timeout=<duration>] "
            "[--start-period=<duration>] [--start-interval=<duration>] [--retries=<number>] "
            "CMD <command>",
            "HEALTHCHECK NONE",
        ),
        "The command's exit status decides: 0 is healthy, 1 is unhealthy. Orchestrators "
        "and `docker ps` use the status to restart or route around broken containers. "
        "`HEALTHCHECK NONE` turns off a check inherited from the base image. The probe needs "
        "its tool in the image (`curl`, `wget`, or a small script in your runtime).",
        "healthcheck",
    ),
    "LABEL": Entry(
        "Adds metadata to the image as key-value pairs.",
        ("LABEL <key>=<value> ...",),
        "Labels are visible with `docker inspect`. The `org.opencontainers.image.*` keys "
        "(`source`, `version`, `authors`, `licenses`...) are the standard ones that "
        "registries and scanners read.",
        "label",
    ),
    "MAINTAINER": Entry(
        "Deprecated: sets the image's author field.",
        ("MAINTAINER <name>",),
        "Use `LABEL org.opencontainers.image.authors=...` instead.",
        "maintainer-deprecated",
    ),
    "ONBUILD": Entry(
        "Registers an instruction to run later, when another image is built `FROM` this one.",
        ("ONBUILD <INSTRUCTION>",),
        "The trigger runs at the start of the downstream build, right after its `FROM`. "
        "It cannot wrap `FROM`, `MAINTAINER` or another `ONBUILD`. Triggers surprise the "
        "people who build on your image, so use them sparingly.",
        "onbuild",
    ),
    "RUN": Entry(
        "Runs a command in a new layer on top of the current image.",
        (
            "RUN [--mount=<options>] [--network=<mode>] [--security=<mode>] <command>",
            'RUN ["executable", "arg"]',
        ),
        "Each `RUN` is a layer: files deleted by a later `RUN` still take space in the earlier "
        "one, so install and clean up in the same instruction (`apt-get update && apt-get "
        "install -y --no-install-recommends ... && rm -rf /var/lib/apt/lists/*`). Cache "
        "mounts (`--mount=type=cache`) keep package caches out of the image and between "
        "builds.",
        "run",
    ),
    "SHELL": Entry(
        "Changes the shell used by the shell form of `RUN`, `CMD` and `ENTRYPOINT`.",
        ('SHELL ["executable", "parameters"]',),
        'Must be written as a JSON array. Common uses: `SHELL ["/bin/bash", "-o", '
        '"pipefail", "-c"]` so a failing command in a pipe fails the build, or PowerShell '
        "on Windows images.",
        "shell",
    ),
    "STOPSIGNAL": Entry(
        "Sets the signal `docker stop` sends to ask the container to exit.",
        ("STOPSIGNAL <signal>",),
        "SIGTERM by default. Set it when your program expects another signal for a graceful "
        "shutdown (nginx uses SIGQUIT). After the grace period Docker sends SIGKILL.",
        "stopsignal",
    ),
    "USER": Entry(
        "Sets the user (and group) for the following instructions and the container.",
        ("USER <user>[:<group>]", "USER <UID>[:<GID>]"),
        "Containers run as root unless told otherwise, and root in a container is a "
        "foothold if the application is compromised. Create an unprivileged user (or use "
        "one the base image has, such as `node` or distroless `nonroot`) and switch to it "
        "after the steps that need root.",
        "user",
    ),
    "VOLUME": Entry(
        "Declares a mount point whose data lives outside the container's writable layer.",
        ('VOLUME ["/data"]', "VOLUME /data"),
        "Changes made to that path by later build steps are discarded. Docker creates an "
        "anonymous volume there for each container unless one is mounted.",
        "volume",
    ),
    "WORKDIR": Entry(
        "Sets the working directory for the following instructions and the container.",
        ("WORKDIR /path/to/dir",),
        "The directory is created if missing. Use an absolute path: a relative one is "
        "resolved against the previous `WORKDIR`, which depends on the base image. Prefer "
        "`WORKDIR` over `RUN cd ...`, which does not carry over to the next instruction.",
        "workdir",
    ),
}

# Flags, keyed by (instruction, flag name). ADD and COPY share several.
FLAGS: dict[tuple[str, str], Entry] = {
    ("RUN", "mount"): Entry(
        "Mounts something into the build container for this `RUN` only.",
        ("--mount=type=cache|bind|tmpfs|secret|ssh[,option=value...]",),
        "- `type=cache,target=/root/.cache/pip`: a persistent cache shared between builds, "
        "never part of the image.\n"
        "- `type=bind` (the default): files from the context or another stage "
        "(`from=`, `source=`), read-only unless `rw`.\n"
        "- `type=secret,id=npmrc`: a secret file (in `/run/secrets/<id>` or `target=`), "
        "never written to a layer.\n"
        "- `type=ssh`: access to the host's SSH agent, e.g. for private Git repositories.\n"
        "- `type=tmpfs`: a temporary in-memory filesystem.",
        "run---mount",
    ),
    ("RUN", "network"): Entry(
        "Chooses the network this `RUN` can use.",
        ("--network=default|none|host",),
        "`none` cuts network access (proves a step is hermetic); `host` uses the host's "
        "network and needs the `network.host` entitlement.",
        "run---network",
    ),
    ("RUN", "security"): Entry(
        "Runs this `RUN` with elevated privileges.",
        ("--security=sandbox|insecure",),
        "`insecure` is like `docker run --privileged`, and needs the `security.insecure` "
        "entitlement. `sandbox` is the default.",
        "run---security",
    ),
    ("RUN", "device"): Entry(
        "Makes a host device (CDI) available to this `RUN`.",
        ("--device=<name>[,required]",),
        "An experimental BuildKit feature, for example to use a GPU during a build step.",
        "run---device",
    ),
    ("COPY", "from"): Entry(
        "Copies from an earlier build stage or an image instead of the build context.",
        ("--from=<stage name | stage index | image>",),
        "The heart of multi-stage builds: build in one stage, copy only the result into the "
        "stage that ships.",
        "copy---from",
    ),
    ("*", "chown"): Entry(
        "Sets the owner (and group) of the copied files.",
        ("--chown=<user>[:<group>]",),
        "Saves a separate `RUN chown`, which would duplicate every file into a new layer. "
        "Names are looked up in the image's `/etc/passwd` and `/etc/group`; numbers work "
        "without them.",
        "copy---chown---chmod",
    ),
    ("*", "chmod"): Entry(
        "Sets the permission bits of the copied files.",
        ("--chmod=<perms>",),
        "Octal (`755`) or symbolic (`u+x`) modes. Like `--chown`, it avoids a separate "
        "`RUN chmod` layer that would copy every file again.",
        "copy---chown---chmod",
    ),
    ("*", "link"): Entry(
        "Copies into an independent layer that does not depend on the layers below.",
        ("--link[=<boolean>]",),
        "The layer can then be reused even when earlier instructions change, and rebased "
        "onto a new base image without a rebuild.",
        "copy---link",
    ),
    ("COPY", "parents"): Entry(
        "Keeps the source's parent directories under the destination.",
        ("--parents[=<boolean>]",),
        "`COPY --parents ./a/b/file /dst/` creates `/dst/a/b/file`. A `./` in the source "
        "marks where the kept part starts.",
        "copy---parents",
    ),
    ("*", "exclude"): Entry(
        "Leaves out paths matching a pattern from this copy.",
        ("--exclude=<path>",),
        "Patterns use `.dockerignore` syntax; repeat the flag for several. It applies to "
        "this instruction only, unlike `.dockerignore`.",
        "copy---exclude",
    ),
    ("ADD", "checksum"): Entry(
        "Verifies a remote source against a checksum.",
        ("--checksum=sha256:<hash>",),
        "The build fails if the download differs, which makes remote `ADD` reproducible and "
        "safe against a changed or compromised file.",
        "add---checksum",
    ),
    ("ADD", "keep-git-dir"): Entry(
        "Keeps the `.git` directory when adding a Git repository.",
        ("--keep-git-dir[=<boolean>]",),
        "Off by default: only the checked-out files are added.",
        "add---keep-git-dir",
    ),
    ("ADD", "unpack"): Entry(
        "Controls whether an archive source is extracted.",
        ("--unpack[=<boolean>]",),
        "Local tar archives are extracted by default and URLs are not; set it to force either way.",
        "add---unpack",
    ),
    ("FROM", "platform"): Entry(
        "Chooses the platform of the base image.",
        ("--platform=<os>/<arch>[/<variant>]",),
        "Useful for cross-compiling: `FROM --platform=$BUILDPLATFORM golang AS build` runs "
        "the compiler natively, then builds for `$TARGETPLATFORM`. "
        "`--platform=$TARGETPLATFORM` is already the default.",
        "from",
    ),
    ("HEALTHCHECK", "interval"): Entry(
        "Time between two checks.",
        ("--interval=<duration>",),
        "Default `30s`. Durations take units: `ms`, `s`, `m`, `h`.",
        "healthcheck",
    ),
    ("HEALTHCHECK", "timeout"): Entry(
        "How long one check may take before it counts as failed.",
        ("--timeout=<duration>",),
        "Default `30s`.",
        "healthcheck",
    ),
    ("HEALTHCHECK", "start-period"): Entry(
        "Start-up time during which failures do not count.",
        ("--start-period=<duration>",),
        "Default `0s`. A success during this period marks the container healthy at once.",
        "healthcheck",
    ),
    ("HEALTHCHECK", "start-interval"): Entry(
        "Time between checks during the start period.",
        ("--start-interval=<duration>",),
        "Default `5s`; lets a container become healthy quickly without probing often later.",
        "healthcheck",
    ),
    ("HEALTHCHECK", "retries"): Entry(
        "Consecutive failures needed to mark the container unhealthy.",
        ("--retries=<number>",),
        "Default `3`.",
        "healthcheck",
    ),
}

BOOLEAN_FLAGS = frozenset(
    name for (_, name), entry in FLAGS.items() if entry.syntax[0].endswith("[=<boolean>]")
)
"""Flags that take no value, or `=true`/`=false` (``--link``): those whose syntax says so."""
REPEATABLE_FLAGS = frozenset({"mount", "exclude", "device"})
"""Flags BuildKit accepts more than once on one instruction (``RUN --mount ... --mount``)."""
NO_FLAG_PARSING = frozenset({"ARG", "STOPSIGNAL"})
"""Instructions whose flags BuildKit never reads (it ignores them instead of failing)."""


def accepted_flags(keyword: str) -> frozenset[str]:
    """The flags an instruction accepts (``FLAGS`` is the one list): ``("*", name)``
    entries are shared by COPY and ADD, except ``--from``, which is COPY's only."""
    keyword = keyword.upper()
    return _ACCEPTED.get(keyword, frozenset())


def _accepted() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for owner, name in FLAGS:
        for keyword in ("ADD", "COPY") if owner == "*" else (owner,):
            found.setdefault(keyword, set()).add(name)
    return {keyword: frozenset(names) for keyword, names in found.items()}


_ACCEPTED = _accepted()

DIRECTIVES: dict[str, Entry] = {
    "syntax": Entry(
        "Chooses the Dockerfile frontend (parser version) BuildKit uses for this file.",
        ("# syntax=docker/dockerfile:1",),
        "`docker/dockerfile:1` tracks the latest stable 1.x frontend, so new features such "
        "as heredocs and `COPY --parents` work without upgrading Docker. Must be at the very "
        "top of the file, before any other line but other directives.",
        "syntax",
    ),
    "escape": Entry(
        "Sets the character that escapes line ends and characters in this file.",
        ("# escape=\\", "# escape=`"),
        "Backslash by default. Windows Dockerfiles often use a backtick, so paths like "
        "`C:\\app` need no escaping. Must be at the top of the file.",
        "escape",
    ),
    "check": Entry(
        "Configures BuildKit's build checks for this file.",
        ("# check=skip=<rule>[,<rule>...]|all", "# check=error=true"),
        "`skip` turns named checks off (dfls honours it for its equivalent rules); "
        "`error=true` makes warnings fail the build. Must be at the top of the file.",
        "check",
    ),
}


def _render(title: str, entry: Entry) -> str:
    syntax = "\n".join(entry.syntax)
    return (
        f"**{title}**: {entry.summary}\n\n```dockerfile\n{syntax}\n```\n\n{entry.body}\n\n"
        f"[Dockerfile reference]({_url(entry.anchor)})"
    )


def instruction(keyword: str) -> str | None:
    entry = INSTRUCTIONS.get(keyword.upper())
    return _render(keyword.upper(), entry) if entry else None


def flag_entry(keyword: str, name: str) -> Entry | None:
    """The reference entry of an instruction's flag (None: the instruction has no such flag)."""
    keyword = keyword.upper()
    name = name.lower()
    entry = FLAGS.get((keyword, name))
    if entry is None and keyword in ("ADD", "COPY"):
        entry = FLAGS.get(("*", name))
        if entry is not None and keyword == "ADD" and name == "from":
            entry = None
    return entry


def flag(keyword: str, name: str) -> str | None:
    entry = flag_entry(keyword, name)
    return _render(f"{keyword.upper()} --{name.lower()}", entry) if entry else None


def directive(name: str) -> str | None:
    entry = DIRECTIVES.get(name.lower())
    return _render(f"# {name.lower()}=", entry) if entry else None


def flag_names(keyword: str) -> tuple[str, ...]:
    """The flags ``keyword`` takes, in the order of :data:`FLAGS` (ADD and COPY share the
    ``*`` entries; ``ADD --from`` does not exist)."""
    keyword = keyword.upper()
    names = [
        name
        for (owner, name) in FLAGS
        if owner == keyword or (owner == "*" and keyword in ("ADD", "COPY"))
    ]
    return tuple(dict.fromkeys(names))


def flag_key(keyword: str, name: str) -> tuple[str, str] | None:
    """The key of ``--name`` of ``keyword`` in :data:`FLAGS` (``("*", name)`` for the shared
    ones), or None for a flag ``keyword`` does not take."""
    keyword, name = keyword.upper(), name.lower()
    if (keyword, name) in FLAGS:
        return keyword, name
    if keyword in ("ADD", "COPY") and ("*", name) in FLAGS:
        return "*", name
    return None
