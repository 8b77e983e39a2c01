"""What a base image is: shell or not, default user, size class, slimmer variant, runtime.

Rules ask questions about the image a stage is built on: is it ``scratch``, is it distroless,
can it run a shell-form command, whom does it run as, is it a full SDK image and what slimmer
tag exists, which language runtime does it carry (for language-native health probes), which of
``curl``/``wget`` it ships. The answers come from the tables in this module, so extending the
knowledge is a table edit, not a code change.

An image we do not know gets ``None`` ("we do not know") for every yes/no question, and
:attr:`SizeClass.UNKNOWN`; rules stay quiet on unknowns rather than guess. A reference whose
tag is still a variable after global ARG defaults are applied (``python:${PY}``) is known by
its repository (family, runtime, users) but not by its tag (size, shell, tools).

Entry points: :func:`classify` for an :class:`ImageRef`, :func:`stage_image` for a stage
(it follows ``FROM <earlier stage>`` back to the external image), :func:`slim_reference`
for the tag to suggest instead of a full one.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from dfls.model import ImageRef, Instruction, Position, Span, Stage, StageGraph


class SizeClass(enum.Enum):
    """How much an image carries, from most to least."""

    SDK = "sdk"
    """Compilers and build tools: golang, rust, gcc, maven, gradle, a JDK, dotnet/sdk."""
    FULL = "full"
    """A full distribution or language image: ``python:3.12``, ``node:20``, ``debian:12``."""
    SLIM = "slim"
    """A trimmed variant: ``-slim`` tags, JRE and ASP.NET runtime images, ``ubuntu``."""
    MINIMAL = "minimal"
    """A small distribution with a shell: ``alpine`` (~7 MB), ``busybox``."""
    DISTROLESS = "distroless"
    """Only a runtime, no shell or package manager: distroless, Chainguard, chiseled."""
    EMPTY = "empty"
    """``scratch``: nothing at all."""
    UNKNOWN = "unknown"

    @property
    def is_large(self) -> bool:
        """A class that should not ship when a slimmer one would do."""
        return self in (SizeClass.SDK, SizeClass.FULL)


class SlimStyle(enum.Enum):
    """How a repository names the slim variant of a tag."""

    APPEND = "append"
    """``node:20-bookworm`` -> ``node:20-bookworm-slim``; ``debian:12`` -> ``debian:12-slim``."""
    AFTER_VERSION = "after-version"
    """``python:3.12-bookworm`` -> ``python:3.12-slim-bookworm``."""
    JRE = "jre"
    """``eclipse-temurin:21-jdk-jammy`` -> ``eclipse-temurin:21-jre-jammy``."""


_PROBE_TOOLS = frozenset({"curl", "wget"})
_BUSYBOX_TOOLS = frozenset({"wget"})
_NO_TOOLS: frozenset[str] = frozenset()
# What to ship instead of a compiler image when the same repository has no runtime tag.
_STATIC_RUNTIME = "a build stage plus a `scratch`, distroless or `alpine` final stage"
_JAVA_RUNTIME = "a build stage plus an `eclipse-temurin:<version>-jre` final stage"
_DOTNET_RUNTIME = "a build stage plus a `mcr.microsoft.com/dotnet/aspnet` or `runtime` final stage"


@dataclass(frozen=True)
class Family:
    """What the plain tags of one repository are (variant tags adjust it, see ``_variant``)."""

    size: SizeClass
    runtime: str | None = None
    """The language runtime the image carries (``python``, ``node``, ``java``, ...)."""
    slim: SlimStyle | None = None
    """How to derive the slimmer tag of the same repository, when there is one."""
    instead: str | None = None
    """What to ship instead when no tag of the same repository is slim enough."""
    user: str | None = None
    """A non-root user the image already has (``node``), for ``USER`` suggestions."""
    tools: frozenset[str] | None = None
    """Which of curl/wget the plain tag ships (None: not known)."""
    nonroot: bool = False
    """The image's default user is not root."""
    size_text: str | None = None
    """The guide's figure for the plain tag, if it gives one."""
    slim_size_text: str | None = None
    """The guide's figure for the slim variant, if it gives one."""


# Docker Hub official images, by repository name (``library/`` stripped). The full Debian
# language images are built on buildpack-deps, which ships curl and wget; ubuntu and debian
# themselves ship neither.
_OFFICIAL: dict[str, Family] = {
    "python": Family(
        SizeClass.FULL,
        "python",
        SlimStyle.AFTER_VERSION,
        tools=_PROBE_TOOLS,
        size_text="~1 GB",
        slim_size_text="~150 MB",
    ),
    "node": Family(SizeClass.FULL, "node", SlimStyle.APPEND, user="node", tools=_PROBE_TOOLS),
    "ruby": Family(SizeClass.FULL, "ruby", SlimStyle.AFTER_VERSION, tools=_PROBE_TOOLS),
    "php": Family(SizeClass.FULL, "php", tools=_PROBE_TOOLS),
    "golang": Family(
        SizeClass.SDK, instead=_STATIC_RUNTIME, tools=_PROBE_TOOLS, size_text="~800 MB"
    ),
    "rust": Family(SizeClass.SDK, instead=_STATIC_RUNTIME, tools=_PROBE_TOOLS),
    "gcc": Family(SizeClass.SDK, instead=_STATIC_RUNTIME, tools=_PROBE_TOOLS),
    "buildpack-deps": Family(SizeClass.SDK, tools=_PROBE_TOOLS),
    "maven": Family(SizeClass.SDK, "java", instead=_JAVA_RUNTIME),
    "gradle": Family(SizeClass.SDK, "java", instead=_JAVA_RUNTIME),
    "openjdk": Family(SizeClass.SDK, "java", instead=_JAVA_RUNTIME),
    "amazoncorretto": Family(SizeClass.SDK, "java", instead=_JAVA_RUNTIME),
    "eclipse-temurin": Family(SizeClass.SDK, "java", SlimStyle.JRE),
    "debian": Family(SizeClass.FULL, slim=SlimStyle.APPEND, tools=_NO_TOOLS),
    "ubuntu": Family(SizeClass.FULL, tools=_NO_TOOLS),  # no slim tag exists
    "alpine": Family(SizeClass.MINIMAL, tools=_BUSYBOX_TOOLS, size_text="~7 MB"),
    "busybox": Family(SizeClass.MINIMAL, tools=_BUSYBOX_TOOLS),
}

# Other images, by "registry/repository"; their family name is the repository.
_PREFIXED: dict[str, Family] = {
    "mcr.microsoft.com/dotnet/sdk": Family(SizeClass.SDK, "dotnet", instead=_DOTNET_RUNTIME),
    "mcr.microsoft.com/dotnet/aspnet": Family(SizeClass.SLIM, "dotnet"),
    "mcr.microsoft.com/dotnet/runtime": Family(SizeClass.SLIM, "dotnet"),
    "mcr.microsoft.com/dotnet/runtime-deps": Family(SizeClass.SLIM),
    "docker.io/nginxinc/nginx-unprivileged": Family(SizeClass.UNKNOWN, nonroot=True),
}

# Distroless runtimes by the start of the image name (gcr.io/distroless/python3-debian12).
_DISTROLESS_RUNTIMES = {"python": "python", "nodejs": "node", "java": "java"}
# Chainguard images (cgr.dev/chainguard/NAME). Without a ``-dev`` tag the runtime images have
# no shell; the toolchain images always have one. Every one defaults to a non-root user.
_CHAINGUARD_RUNTIMES = {
    "static": None,
    "glibc-dynamic": None,
    "python": "python",
    "node": "node",
    "jre": "java",
    "dotnet-runtime": "dotnet",
    "aspnet-runtime": "dotnet",
}
_CHAINGUARD_SDKS = {
    "go": None,
    "rust": None,
    "gcc-glibc": None,
    "maven": "java",
    "gradle": "java",
    "jdk": "java",
    "dotnet-sdk": "dotnet",
}
_CHAINGUARD_USERS = {"node": "node"}

# Registry prefixes that serve Docker Hub's official images under another name.
# Families whose lookups read a variable tag themselves (they know what stays true).
_TAG_AWARE = frozenset({"distroless", "chainguard"})
_HUB_MIRRORS = ("docker.io/library/", "public.ecr.aws/docker/library/", "mirror.gcr.io/library/")
_HUB_HOSTS = ("docker.io", "index.docker.io", "registry-1.docker.io")
_WINDOWS = re.compile(r"windowsservercore|nanoserver|ltsc\d{4}|servercore|^nano$", re.IGNORECASE)
_VERSION = re.compile(r"^v?\d+([._]\d+)*([._+][0-9a-z]+)*$", re.IGNORECASE)
_CODENAMES = frozenset(
    {"buster", "bullseye", "bookworm", "trixie", "focal", "jammy", "noble", "alpine"}
)


@dataclass(frozen=True)
class ImageInfo:
    """The answers about one image. ``None`` means "not known" for every yes/no question."""

    reference: str | None
    """The image as resolved (global ARG defaults applied), or None for no image."""
    family: str | None
    """The table entry that matched: ``python``, ``distroless``, ``chainguard``, ..."""
    size: SizeClass
    runtime: str | None = None
    is_scratch: bool = False
    is_distroless: bool = False
    is_windows: bool = False
    has_shell: bool | None = None
    """False for scratch, distroless (not ``:debug``), Chainguard runtimes (not ``-dev``)."""
    nonroot: bool | None = None
    """True when the image's default user is not root (distroless ``:nonroot``, Chainguard)."""
    user: str | None = None
    """A non-root user to suggest for ``USER``: ``node``, ``nonroot``, ``65534`` for scratch."""
    tools: frozenset[str] | None = None
    """The probe tools (``curl``, ``wget``) the image ships; None when not known."""
    slim: str | None = None
    """A slimmer tag of the same repository (``3.12-slim``), when the tag is known."""
    instead: str | None = None
    """Advice on what to ship instead, when no tag of the same repository will do."""
    size_text: str | None = None
    slim_size_text: str | None = None

    @property
    def is_sdk(self) -> bool:
        """A compiler or build-tool image (golang, rust, maven, gcc, JDK, dotnet/sdk)."""
        return self.size is SizeClass.SDK

    def ships(self, tool: str) -> bool | None:
        """Whether the image has ``tool`` (``curl``/``wget``); None when not known."""
        if self.tools is None or tool not in _PROBE_TOOLS:
            return None
        return tool in self.tools

    @property
    def slimmer(self) -> str | None:
        """Advice for a large image: the slim tag to use, or what to ship instead."""
        if self.slim and self.reference:
            return f"`{replace_tag(self.reference, self.slim)}`"
        return self.instead


UNKNOWN = ImageInfo(None, None, SizeClass.UNKNOWN)


def classify(image: ImageRef | None) -> ImageInfo:
    """Everything the tables say about ``image``."""
    if image is None:
        return UNKNOWN
    # Where the reference is written does not change what it is; caching on the rest
    # keeps the table lookups off the keystroke path.
    return _classify(image._replace(span=_NOWHERE))


_NOWHERE = Span(Position(0, 0), Position(0, 0))


@lru_cache(maxsize=1024)
def _classify(image: ImageRef) -> ImageInfo:
    if image.is_scratch:
        return ImageInfo(
            "scratch",
            "scratch",
            SizeClass.EMPTY,
            is_scratch=True,
            has_shell=False,
            nonroot=False,
            user="65534",
            tools=_NO_TOOLS,
        )
    host, path = _normalize(image)
    if "$" in host or "$" in path:
        return UNKNOWN  # the repository itself comes from a build argument
    tag = image.tag
    if (tag is not None and "$" in tag) or (tag is None and image.digest):
        # A variable tag, or a bare digest: the repository is known, the variant is not.
        info = _lookup(host, path, None, image.resolved, known=False)
        if info is None:
            return UNKNOWN
        return info if info.family in _TAG_AWARE else _unknown_variant(info)
    return _lookup(host, path, tag, image.resolved) or _generic(image.resolved, tag)


def stage_image(graph: StageGraph, stage: Stage) -> ImageInfo:
    """:func:`classify` of the external image ``stage`` is built on (following
    ``FROM <earlier stage>``)."""
    return classify(graph.root(stage).image)


def replace_tag(reference: str, tag: str) -> str:
    """``reference`` with its tag replaced (or added); a digest is kept."""
    rest, at, digest = reference.partition("@")
    head, colon, old = rest.rpartition(":")
    if colon and "/" not in old:
        rest = head
    return f"{rest}:{tag}{at}{digest}"


def slim_reference(image: ImageRef) -> str | None:
    """The written reference with the slim tag swapped in, if a tag swap would do."""
    info = classify(image)
    if info.slim is None or image.has_variables or image.text != image.resolved:
        return None
    return replace_tag(image.text, info.slim)


# -- lookups ---------------------------------------------------------------------------------


def _normalize(image: ImageRef) -> tuple[str, str]:
    """(registry, repository) with Docker Hub and its mirrors folded into ``docker.io``."""
    host = (image.registry or "docker.io").lower()
    path = image.repository.lower()
    full = f"{host}/{path}"
    for mirror in _HUB_MIRRORS:
        if full.startswith(mirror):
            return "docker.io", full[len(mirror) :]
    if host in _HUB_HOSTS:
        host = "docker.io"
        path = path.removeprefix("library/")
    return host, path


def _lookup(
    host: str, path: str, tag: str | None, reference: str, known: bool = True
) -> ImageInfo | None:
    """The table entry for an image; ``known`` is False when the tag could not be read."""
    tokens = _tokens(tag)
    if host == "gcr.io" and path.startswith("distroless/"):
        return _distroless(path.removeprefix("distroless/"), tokens, reference, known)
    if host == "cgr.dev" and path.startswith("chainguard/"):
        return _chainguard(path.removeprefix("chainguard/"), tokens, reference, known)
    if host == "docker.io" and path in _OFFICIAL:
        return _variant(path, _OFFICIAL[path], tag, tokens, reference)
    full = f"{host}/{path}"
    if full in _PREFIXED:
        return _variant(path, _PREFIXED[full], tag, tokens, reference)
    if full.startswith("mcr.microsoft.com/windows") or "windows" in path:
        return ImageInfo(reference, "windows", SizeClass.UNKNOWN, is_windows=True, has_shell=True)
    return None


def _tokens(tag: str | None) -> tuple[str, ...]:
    return tuple(tag.lower().split("-")) if tag else ()


def _windows(tokens: tuple[str, ...]) -> bool:
    return any(_WINDOWS.search(t) for t in tokens)


def _variant(
    name: str, family: Family, tag: str | None, tokens: tuple[str, ...], reference: str
) -> ImageInfo:
    """A family image adjusted by the variant words in its tag (slim, alpine, jre, chiseled)."""
    info = ImageInfo(
        reference,
        name,
        family.size,
        runtime=family.runtime,
        has_shell=True,
        nonroot=family.nonroot,
        user=family.user,
        tools=family.tools,
        instead=family.instead,
        size_text=family.size_text,
        slim_size_text=family.slim_size_text,
    )
    if _windows(tokens):
        return replace(_unknown_variant(info), is_windows=True, has_shell=True)
    if "chiseled" in tokens or "distroless" in tokens:
        # Ubuntu chiseled .NET images: no shell, and the default user is `app`.
        return replace(
            info,
            size=SizeClass.DISTROLESS,
            is_distroless=True,
            has_shell=False,
            nonroot=True,
            tools=_NO_TOOLS,
            instead=None,
        )
    # A slim or alpine SDK image (golang:1.22-alpine) still carries the compiler; a JRE does not.
    sdk = family.size is SizeClass.SDK and "jre" not in tokens
    if any(t.startswith("alpine") for t in tokens):
        size = SizeClass.SDK if sdk else SizeClass.MINIMAL
        instead = family.instead if sdk else None
        return replace(info, size=size, tools=_BUSYBOX_TOOLS, instead=instead, size_text=None)
    if "slim" in tokens or any(t.endswith("slim") for t in tokens):
        size = SizeClass.SDK if sdk else SizeClass.SLIM
        instead = family.instead if sdk else None
        return replace(
            info, size=size, tools=_NO_TOOLS, instead=instead, size_text=family.slim_size_text
        )
    if "jre" in tokens:
        return replace(info, size=SizeClass.SLIM, tools=None, instead=None, size_text=None)
    if family.slim is None or tag is None:
        return info
    return replace(info, slim=_slim_tag(family.slim, tokens))


def _slim_tag(style: SlimStyle, tokens: tuple[str, ...]) -> str | None:
    if not tokens or tokens[0] == "latest":
        return None  # a missing or `latest` tag is DF101's business, and has no safe swap
    if style is SlimStyle.APPEND:
        return "-".join((*tokens, "slim"))
    if style is SlimStyle.AFTER_VERSION:
        if _VERSION.match(tokens[0]):
            return "-".join((tokens[0], "slim", *tokens[1:]))
        return "-".join(("slim", *tokens)) if tokens[0] in _CODENAMES else None
    # JRE: replace the jdk word, or add jre after the version.
    if "jdk" in tokens:
        return "-".join("jre" if t == "jdk" else t for t in tokens)
    if _VERSION.match(tokens[0]):
        return "-".join((tokens[0], "jre", *tokens[1:]))
    return None


def _distroless(name: str, tokens: tuple[str, ...], reference: str, known: bool) -> ImageInfo:
    runtime = next((r for p, r in _DISTROLESS_RUNTIMES.items() if name.startswith(p)), None)
    debug = "debug" in tokens
    return ImageInfo(
        reference,
        "distroless",
        SizeClass.DISTROLESS,
        runtime=runtime,
        is_distroless=True,
        # :debug tags add busybox (its shell is /busybox/sh).
        has_shell=debug if known else None,
        nonroot=("nonroot" in tokens) if known else None,
        user="nonroot",
        tools=(_BUSYBOX_TOOLS if debug else _NO_TOOLS) if known else None,
    )


def _chainguard(name: str, tokens: tuple[str, ...], reference: str, known: bool) -> ImageInfo:
    user = _CHAINGUARD_USERS.get(name, "nonroot")
    if name in _CHAINGUARD_SDKS:
        return ImageInfo(
            reference,
            "chainguard",
            SizeClass.SDK,
            runtime=_CHAINGUARD_SDKS[name],
            has_shell=True,
            nonroot=True,
            user=user,
        )
    if name not in _CHAINGUARD_RUNTIMES:
        return ImageInfo(reference, "chainguard", SizeClass.UNKNOWN, nonroot=True, user=user)
    dev = "dev" in tokens
    return ImageInfo(
        reference,
        "chainguard",
        SizeClass.MINIMAL if dev else SizeClass.DISTROLESS,
        runtime=_CHAINGUARD_RUNTIMES[name],
        is_distroless=not dev if known else False,
        has_shell=dev if known else None,
        nonroot=True,
        user=user,
        tools=_NO_TOOLS if known and not dev else None,
    )


def _generic(reference: str, tag: str | None) -> ImageInfo:
    """An image outside the tables: only a Windows tag tells us something."""
    if _windows(_tokens(tag)):
        return ImageInfo(reference, None, SizeClass.UNKNOWN, is_windows=True, has_shell=True)
    return ImageInfo(reference, None, SizeClass.UNKNOWN)


def _unknown_variant(info: ImageInfo) -> ImageInfo:
    """Keep what the repository tells (runtime, users); forget what the tag would tell."""
    return replace(
        info,
        size=SizeClass.UNKNOWN,
        has_shell=None if info.is_distroless or info.has_shell is False else info.has_shell,
        tools=None,
        slim=None,
        size_text=None,
        slim_size_text=None,
    )


_SHELL_FILES = ("/sh", "/bash", "/ash", "/dash")


def _supplies_shell(instruction: Instruction) -> bool:
    """A SHELL instruction, or a COPY/ADD that brings in a shell binary or busybox."""
    if instruction.keyword == "SHELL":
        return True
    if instruction.keyword not in ("COPY", "ADD"):
        return False
    source = instruction.flag("from")
    if source is not None and source.value and "busybox" in source.value.lower():
        return True
    return any(
        "busybox" in word.value or word.value.rstrip("/").endswith(_SHELL_FILES)
        for word in instruction.words
    )


def shell_less(graph: StageGraph, stage: Stage) -> Iterator[Instruction]:
    """The instructions of ``stage`` that run where there is no shell: the stage's image has
    none and neither it nor a stage it is built on copied one in (or set a SHELL) before.
    """
    if stage_image(graph, stage).has_shell is not False:
        return
    supplied = graph.ancestors_have(stage, "supplies-shell", _supplies_shell)
    for instruction in stage.instructions[1:]:
        supplied = supplied or _supplies_shell(instruction)
        if supplied:
            return
        yield instruction
