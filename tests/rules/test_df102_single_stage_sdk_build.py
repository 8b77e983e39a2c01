from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "text",
    [
        'FROM golang:1.22\nRUN go build -o /server .\nCMD ["/server"]\n',
        "FROM rust:1.78\nRUN cargo build --release\n",
        "FROM maven:3.9-eclipse-temurin-21\nRUN mvn -B clean package\n",
        "FROM gradle:8.7-jdk21\nRUN ./gradlew bootJar\n",
        "FROM gcc:13\nRUN make -j4\n",
        "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish -c Release -o /out\n",
        "FROM node:20\nRUN npm ci && npm run build\n",
        "FROM python:3.12\nRUN python -m build\n",
        # a stage built FROM the SDK stage ships it too
        'FROM golang:1.22 AS build\nRUN go build -o /server .\nFROM build\nCMD ["/server"]\n',
        # heredoc, continuation and lowercase keywords
        "from golang:1.22-alpine\nrun <<EOF\nset -e\ngo build -o /server .\nEOF\n",
        "FROM golang:1.22\nRUN apk add git && \\\n    go build \\\n    -o /server .\n",
        "ARG GO=1.22\nFROM golang:${GO}\nRUN go build .\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF102", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        # multi-stage: the build stage is where the compiler belongs
        "FROM golang:1.22 AS build\nRUN go build -o /server .\nFROM scratch\nCOPY --from=build /server /\n",
        # SDK image that does not build anything here
        'FROM golang:1.22\nCMD ["go", "version"]\n',
        "FROM openjdk:21\nRUN javac --version\n",
        # slim language images are DF103's business, not this rule's
        "FROM node:20-slim\nRUN npm run build\n",
        # full python that only installs dependencies (DF103 reports it)
        "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n",
        # unknown images
        "FROM example.com/builder:1\nRUN make\n",
        "FROM ${BASE}\nRUN go build .\n",
        "# dfls ignore=DF102\nFROM golang:1.22\nRUN go build .\n",
        "FROM golang:1.22\nONBUILD RUN go build .\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF102", text)


def test_span_and_message() -> None:
    (violation,) = assert_flags("DF102", "FROM golang:1.22\nRUN go build -o /server .\n")
    assert (violation.span.start.character, violation.span.end.character) == (5, 16)
    assert "~800 MB" in violation.message and "`go build`" in violation.message
    assert "scratch" in violation.message


def test_target_stage_decides_what_ships() -> None:
    text = "FROM golang:1.22 AS build\nRUN go build -o /server .\nFROM scratch AS prod\n"
    assert_flags("DF102", text, settings=Settings(target_stage="build"))
    assert_clean("DF102", text, settings=Settings(target_stage="prod"))
