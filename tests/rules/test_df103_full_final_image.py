from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        'FROM python:3.12\nCMD ["python"]\n',
        "FROM node:20\n",
        "FROM debian:12\n",
        "FROM ruby:3.3-bookworm\n",
        "FROM eclipse-temurin:21-jdk\n",
        "FROM golang:1.22 AS build\nFROM golang:1.22\nCOPY --from=build /server /\n",
        "FROM maven:3.9 AS build\nFROM maven:3.9\n",
        "FROM mcr.microsoft.com/dotnet/sdk:8.0\n",
        "from docker.io/library/python:3.12 as app\nfrom app\n",
        "FROM python:3.12@sha256:" + "a" * 64 + "\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF103", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12-slim\n",
        "FROM node:20-alpine\n",
        "FROM eclipse-temurin:21-jre\n",
        "FROM gcr.io/distroless/static-debian12\n",
        "FROM scratch\n",
        "FROM ubuntu:24.04\n",
        # only the shipped stage matters
        "FROM python:3.12 AS build\nFROM python:3.12-slim\n",
        # missing tag, latest and variables are DF101's business
        "FROM python\n",
        "FROM python:latest\n",
        "ARG PY=3.12\nFROM python:${PY}\n",
        # a single stage that also compiles is reported by DF102
        "FROM golang:1.22\nRUN go build -o /server .\n",
        "# hadolint ignore=DL3006\n# dfls ignore=full-final-image\nFROM python:3.12\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF103", text)


def test_message_cites_sizes_and_span() -> None:
    (violation,) = assert_flags("DF103", "FROM python:3.12 AS app\n")
    assert violation.message == (
        "`python:3.12` is a full image (~1 GB): ship on `python:3.12-slim` (~150 MB) instead"
    )
    assert (violation.span.start.character, violation.span.end.character) == (5, 16)


def test_sdk_advice_without_fix() -> None:
    (violation,) = assert_flags("DF103", "FROM golang:1.22\nCOPY server /\n")
    assert "scratch" in violation.message and violation.fix is None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("FROM python:3.12\n", "FROM python:3.12-slim\n"),
        ("FROM python:3.12-bookworm AS app\n", "FROM python:3.12-slim-bookworm AS app\n"),
        ("FROM node:20-bookworm\n", "FROM node:20-bookworm-slim\n"),
        (
            "FROM --platform=linux/amd64 debian:bookworm\n",
            "FROM --platform=linux/amd64 debian:bookworm-slim\n",
        ),
        ("FROM eclipse-temurin:21-jdk-jammy\n", "FROM eclipse-temurin:21-jre-jammy\n"),
    ],
)
def test_fix_swaps_in_the_slim_tag(before: str, after: str) -> None:
    assert fixed("DF103", before) == after
    assert fixed("DF103", before, unsafe=False) == before


def test_no_fix_with_a_digest() -> None:
    (violation,) = assert_flags("DF103", "FROM python:3.12@sha256:" + "a" * 64 + "\n")
    assert violation.fix is None


def test_target_stage() -> None:
    text = "FROM node:20 AS dev\nFROM node:20-slim AS prod\n"
    assert_flags("DF103", text, settings=Settings(target_stage="dev"))
    assert_clean("DF103", text)
