from __future__ import annotations

import pytest

from dfls.knowledge.images import SizeClass, classify, replace_tag, slim_reference, stage_image
from dfls.model import Dockerfile, ImageRef


def image_of(reference: str, prelude: str = "") -> ImageRef:
    image = Dockerfile.parse(f"{prelude}FROM {reference}\n").stages[0].image
    assert image is not None
    return image


@pytest.mark.parametrize(
    ("reference", "size"),
    [
        ("golang:1.22", SizeClass.SDK),
        ("golang:1.22-alpine", SizeClass.SDK),
        ("rust:1-slim", SizeClass.SDK),
        ("gcc:13", SizeClass.SDK),
        ("maven:3.9-eclipse-temurin-21", SizeClass.SDK),
        ("gradle:8.7-jdk21", SizeClass.SDK),
        ("eclipse-temurin:21", SizeClass.SDK),
        ("eclipse-temurin:21-jdk-jammy", SizeClass.SDK),
        ("eclipse-temurin:21-jre", SizeClass.SLIM),
        ("eclipse-temurin:21-jre-alpine", SizeClass.MINIMAL),
        ("mcr.microsoft.com/dotnet/sdk:8.0", SizeClass.SDK),
        ("mcr.microsoft.com/dotnet/aspnet:8.0", SizeClass.SLIM),
        ("mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled", SizeClass.DISTROLESS),
        ("python:3.12", SizeClass.FULL),
        ("python:3.12-bookworm", SizeClass.FULL),
        ("python:3.12-slim", SizeClass.SLIM),
        ("python:3.12-slim-bookworm", SizeClass.SLIM),
        ("python:3.12-alpine", SizeClass.MINIMAL),
        ("docker.io/library/python:3.12", SizeClass.FULL),
        ("public.ecr.aws/docker/library/python:3.12", SizeClass.FULL),
        ("node:20", SizeClass.FULL),
        ("node:20-bookworm-slim", SizeClass.SLIM),
        ("node:20-alpine3.19", SizeClass.MINIMAL),
        ("debian:12", SizeClass.FULL),
        ("debian:bookworm-slim", SizeClass.SLIM),
        ("ubuntu:22.04", SizeClass.FULL),
        ("alpine:3.19", SizeClass.MINIMAL),
        ("busybox:1.36", SizeClass.MINIMAL),
        ("gcr.io/distroless/static-debian12", SizeClass.DISTROLESS),
        ("cgr.dev/chainguard/static:latest", SizeClass.DISTROLESS),
        ("cgr.dev/chainguard/python:latest-dev", SizeClass.MINIMAL),
        ("cgr.dev/chainguard/go:latest", SizeClass.SDK),
        ("scratch", SizeClass.EMPTY),
        ("SCRATCH", SizeClass.EMPTY),
        ("example.com/team/app:1.0", SizeClass.UNKNOWN),
        ("python:${PY}", SizeClass.UNKNOWN),
        ("python@sha256:" + "a" * 64, SizeClass.UNKNOWN),
        ("${BASE}", SizeClass.UNKNOWN),
        ("python:3.12-windowsservercore-ltsc2022", SizeClass.UNKNOWN),
    ],
)
def test_size_class(reference: str, size: SizeClass) -> None:
    assert classify(image_of(reference)).size is size


def test_global_arg_defaults_are_applied() -> None:
    info = classify(image_of("python:${PY}", "ARG PY=3.12\n"))
    assert info.size is SizeClass.FULL
    assert info.slim == "3.12-slim"


@pytest.mark.parametrize(
    ("reference", "shell"),
    [
        ("scratch", False),
        ("gcr.io/distroless/static-debian12", False),
        ("gcr.io/distroless/base-debian12:nonroot", False),
        ("gcr.io/distroless/base-debian12:debug", True),
        ("gcr.io/distroless/base-debian12:debug-nonroot", True),
        ("gcr.io/distroless/base-debian12:${TAG}", None),
        ("cgr.dev/chainguard/static", False),
        ("cgr.dev/chainguard/node:latest-dev", True),
        ("mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled", False),
        ("alpine:3.19", True),
        ("python:3.12-slim", True),
        ("mcr.microsoft.com/windows/nanoserver:ltsc2022", True),
        ("stefanscherer/node-windows:6.9.4-nano-onbuild", True),
        ("example.com/app:1", None),
    ],
)
def test_has_shell(reference: str, shell: bool | None) -> None:
    info = classify(image_of(reference))
    assert info.has_shell is shell


@pytest.mark.parametrize(
    ("reference", "nonroot", "user"),
    [
        ("scratch", False, "65534"),
        ("gcr.io/distroless/static-debian12", False, "nonroot"),
        ("gcr.io/distroless/static-debian12:nonroot", True, "nonroot"),
        ("gcr.io/distroless/nodejs20-debian12:debug-nonroot", True, "nonroot"),
        ("gcr.io/distroless/static-debian12:${TAG}", None, "nonroot"),
        ("cgr.dev/chainguard/static", True, "nonroot"),
        ("cgr.dev/chainguard/node", True, "node"),
        ("node:20-alpine", False, "node"),
        ("python:3.12-slim", False, None),
        ("mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled", True, None),
        ("nginxinc/nginx-unprivileged:1.27", True, None),
        ("example.com/app:1", None, None),
    ],
)
def test_default_user(reference: str, nonroot: bool | None, user: str | None) -> None:
    info = classify(image_of(reference))
    assert (info.nonroot, info.user) == (nonroot, user)


@pytest.mark.parametrize(
    ("reference", "runtime"),
    [
        ("python:3.12-slim", "python"),
        ("node:20-alpine", "node"),
        ("eclipse-temurin:21-jre", "java"),
        ("maven:3.9", "java"),
        ("gcr.io/distroless/python3-debian12", "python"),
        ("gcr.io/distroless/nodejs20-debian12", "node"),
        ("gcr.io/distroless/java21-debian12", "java"),
        ("gcr.io/distroless/static-debian12", None),
        ("cgr.dev/chainguard/jre", "java"),
        ("mcr.microsoft.com/dotnet/aspnet:8.0", "dotnet"),
        ("golang:1.22", None),
        ("alpine:3.19", None),
    ],
)
def test_runtime(reference: str, runtime: str | None) -> None:
    assert classify(image_of(reference)).runtime == runtime


@pytest.mark.parametrize(
    ("reference", "curl", "wget"),
    [
        ("python:3.12", True, True),
        ("python:3.12-slim", False, False),
        ("node:20-alpine", False, True),
        ("alpine:3.19", False, True),
        ("ubuntu:24.04", False, False),
        ("gcr.io/distroless/static-debian12", False, False),
        ("gcr.io/distroless/static-debian12:debug", False, True),
        ("scratch", False, False),
        ("eclipse-temurin:21-jre", None, None),
        ("example.com/app:1", None, None),
        ("python:${PY}", None, None),
    ],
)
def test_ships_probe_tools(reference: str, curl: bool | None, wget: bool | None) -> None:
    info = classify(image_of(reference))
    assert (info.ships("curl"), info.ships("wget")) == (curl, wget)


@pytest.mark.parametrize(
    ("reference", "slim"),
    [
        ("python:3.12", "python:3.12-slim"),
        ("python:3.12.3", "python:3.12.3-slim"),
        ("python:3.12-bookworm", "python:3.12-slim-bookworm"),
        ("python:bookworm", "python:slim-bookworm"),
        ("ruby:3.3", "ruby:3.3-slim"),
        ("node:20", "node:20-slim"),
        ("node:20-bookworm", "node:20-bookworm-slim"),
        ("node:lts", "node:lts-slim"),
        ("debian:12", "debian:12-slim"),
        ("debian:bookworm", "debian:bookworm-slim"),
        ("eclipse-temurin:21", "eclipse-temurin:21-jre"),
        ("eclipse-temurin:21-jdk-jammy", "eclipse-temurin:21-jre-jammy"),
        ("docker.io/library/node:20", "docker.io/library/node:20-slim"),
        ("python", None),
        ("python:latest", None),
        ("python:3.12-slim", None),
        ("python:${PY}", None),
        ("golang:1.22", None),
        ("ubuntu:22.04", None),
    ],
)
def test_slim_reference(reference: str, slim: str | None) -> None:
    assert slim_reference(image_of(reference)) == slim


def test_written_variables_get_no_tag_swap_even_when_resolved() -> None:
    image = image_of("python:${PY}", "ARG PY=3.12\n")
    assert slim_reference(image) is None


@pytest.mark.parametrize(
    ("reference", "advice"),
    [
        ("python:3.12", "`python:3.12-slim`"),
        ("golang:1.22", "scratch"),
        ("golang:1.22-alpine", "scratch"),
        ("maven:3.9", "eclipse-temurin"),
        ("mcr.microsoft.com/dotnet/sdk:8.0", "dotnet/aspnet"),
        ("python:3.12-slim", None),
        ("ubuntu:22.04", None),
    ],
)
def test_slimmer_advice(reference: str, advice: str | None) -> None:
    found = classify(image_of(reference)).slimmer
    if advice is None:
        assert found is None
    else:
        assert found is not None and advice in found


def test_guide_figures() -> None:
    python = classify(image_of("python:3.12"))
    assert (python.size_text, python.slim_size_text) == ("~1 GB", "~150 MB")
    assert classify(image_of("golang:1.22")).size_text == "~800 MB"


@pytest.mark.parametrize(
    ("reference", "tag", "result"),
    [
        ("python:3.12", "3.12-slim", "python:3.12-slim"),
        ("python", "slim", "python:slim"),
        ("localhost:5000/app:1", "2", "localhost:5000/app:2"),
        ("localhost:5000/app", "2", "localhost:5000/app:2"),
        ("python:3.12@sha256:abc", "3.12-slim", "python:3.12-slim@sha256:abc"),
    ],
)
def test_replace_tag(reference: str, tag: str, result: str) -> None:
    assert replace_tag(reference, tag) == result


def test_stage_image_follows_earlier_stages() -> None:
    dockerfile = Dockerfile.parse(
        "FROM gcr.io/distroless/static-debian12:nonroot AS base\nFROM base AS final\nFROM final\n"
    )
    info = stage_image(dockerfile.stage_graph, dockerfile.stages[2])
    assert info.is_distroless and info.nonroot and info.has_shell is False


def test_no_image_is_unknown() -> None:
    dockerfile = Dockerfile.parse("FROM\n")
    info = stage_image(dockerfile.stage_graph, dockerfile.stages[0])
    assert info.size is SizeClass.UNKNOWN and info.has_shell is None


@pytest.mark.parametrize(
    "reference",
    [
        "mcr.microsoft.com/windows/servercore:ltsc2022",
        "stefanscherer/node-windows:6.0.0",
        "example.com/app:1.0-nanoserver-1809",
        "python:3.12-windowsservercore-ltsc2022",
    ],
)
def test_windows_images(reference: str) -> None:
    assert classify(image_of(reference)).is_windows
