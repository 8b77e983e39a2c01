"""The base images dfls offers after ``FROM``, with tags worth suggesting: an offline table.

The images are the ones :mod:`dfls.knowledge.images` knows (official images, distroless,
Chainguard, .NET, ``scratch``); what each one *is* (its size class) comes from
:func:`dfls.knowledge.images.classify`, so the two never disagree. The tags are a short,
hand-kept list of common ones; nothing is ever looked up in a registry.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from dfls.knowledge import images
from dfls.model import Position, Span
from dfls.model.stages import parse_image_ref

_DEBIAN = ("bookworm", "trixie")

# repository -> tags, the recommended ones first.
_TAGS: dict[str, tuple[str, ...]] = {
    "alpine": ("3.21", "3.20", "3"),
    "debian": ("12-slim", "bookworm-slim", "12", "bookworm", "trixie-slim"),
    "ubuntu": ("24.04", "22.04", "noble", "jammy"),
    "busybox": ("1.37", "1.36", "musl", "glibc"),
    "python": ("3.13-slim", "3.12-slim", "3.13-alpine", "3.12-alpine", "3.13", "3.12", "3.11"),
    "node": ("22-slim", "22-alpine", "20-slim", "20-alpine", "22", "20"),
    "golang": ("1.24", "1.23", "1.24-alpine", "1.23-alpine"),
    "rust": ("1.85", "1.85-slim", "1.85-alpine", "1"),
    "ruby": ("3.4-slim", "3.3-slim", "3.4-alpine", "3.4"),
    "php": ("8.4-fpm", "8.4-cli", "8.4-apache", "8.3-fpm"),
    "gcc": ("14", "13"),
    "maven": ("3-eclipse-temurin-21", "3-eclipse-temurin-17"),
    "gradle": ("8-jdk21", "8-jdk17"),
    "eclipse-temurin": ("21-jre", "21-jdk", "17-jre", "17-jdk", "21-jre-alpine"),
    "amazoncorretto": ("21", "17", "21-alpine"),
    "openjdk": ("21-jdk-slim",),
    "buildpack-deps": (*_DEBIAN, "bookworm-curl"),
    "mcr.microsoft.com/dotnet/sdk": ("9.0", "8.0"),
    "mcr.microsoft.com/dotnet/aspnet": ("9.0", "8.0", "8.0-alpine", "8.0-noble-chiseled"),
    "mcr.microsoft.com/dotnet/runtime": ("9.0", "8.0", "8.0-alpine"),
    "mcr.microsoft.com/dotnet/runtime-deps": ("8.0", "8.0-noble-chiseled"),
    "gcr.io/distroless/static-debian12": ("nonroot", "latest", "debug"),
    "gcr.io/distroless/base-debian12": ("nonroot", "latest", "debug"),
    "gcr.io/distroless/cc-debian12": ("nonroot", "latest", "debug"),
    "gcr.io/distroless/python3-debian12": ("nonroot", "latest", "debug"),
    "gcr.io/distroless/nodejs22-debian12": ("nonroot", "latest", "debug"),
    "gcr.io/distroless/java21-debian12": ("nonroot", "latest", "debug"),
    "cgr.dev/chainguard/static": ("latest",),
    "cgr.dev/chainguard/python": ("latest", "latest-dev"),
    "cgr.dev/chainguard/node": ("latest", "latest-dev"),
    "cgr.dev/chainguard/go": ("latest",),
    "cgr.dev/chainguard/jre": ("latest", "latest-dev"),
    "scratch": (),
}


class Image(NamedTuple):
    """An image to offer: its name, size class, the guide's size figure and tags."""

    name: str
    size: images.SizeClass
    size_text: str | None
    tags: tuple[str, ...]


class Tag(NamedTuple):
    tag: str
    size: images.SizeClass
    size_text: str | None


_NOWHERE = Span(Position(0, 0), Position(0, 0))


def _info(reference: str) -> images.ImageInfo:
    return images.classify(parse_image_ref(reference, reference, _NOWHERE))


@cache
def catalog() -> tuple[Image, ...]:
    """Every image of the table, in the table's order."""
    found = []
    for name, tags in _TAGS.items():
        info = _info(name)  # the plain image: what the repository is, before a variant tag
        found.append(Image(name, info.size, info.size_text, tags))
    return tuple(found)


@cache
def tags(repository: str) -> tuple[Tag, ...]:
    """The tags offered for ``repository`` (as written after FROM, any case)."""
    name = repository.lower().removeprefix("docker.io/").removeprefix("library/")
    found = []
    for tag in _TAGS.get(name, ()):
        info = _info(f"{name}:{tag}")
        found.append(Tag(tag, info.size, info.size_text))
    return tuple(found)
