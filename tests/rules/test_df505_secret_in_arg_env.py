from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

AWS = "AKIA" + "ABCDEFGHIJKLMNOP"
GITHUB = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"


@pytest.mark.parametrize(
    "line",
    [
        "ARG NPM_TOKEN",
        "ARG GITHUB_TOKEN=",
        "ENV DB_PASSWORD=hunter2",
        "ENV API_KEY=abc",
        "ENV apiKey=abc",
        "ENV STRIPE_SECRET_KEY=x",
        "ENV AWS_SECRET_ACCESS_KEY=x",
        "ENV JWT_SECRET x",
        "ENV PRIVATE_KEY=x",
        "env client-secret=x",
        "ARG NODE_AUTH_TOKEN",
        "ENV MY_CREDENTIALS=x",
        "ENV SIGNING_KEY=Zr8PqL2vX9mK4tB7wY1nC6dF3hJ5sA0e",
    ],
)
def test_flags_secret_names_in_the_shipped_stage(line: str) -> None:
    assert_flags("DF505", f"FROM alpine:3\n{line}\n", count=1)


@pytest.mark.parametrize(
    "line",
    [
        "ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
        "ENV AWS_ACCESS_KEY_ID=x",  # an identifier; the secret is AWS_SECRET_ACCESS_KEY
        "ENV SIGNING_KEY=short",
        "ENV TOKENIZERS_PARALLELISM=false",
        "ENV PASSWORD_FILE=/run/secrets/db",
        "ENV SECRET_PATH=/run/secrets",
        "ENV TOKEN_URL=https://auth.example.com/token",
        "ENV PUBLIC_KEY=x",
        "ENV PASSWORD_MIN_LENGTH=12",
        "ENV KEYBOARD=us",
        "ENV PIP_NO_CACHE_DIR=1",
        "ARG BUILDKIT_INLINE_CACHE=1",
        "ENV MONKEY=banana",
        "# dfls ignore=DF505\nARG NPM_TOKEN",
        "# check=skip=SecretsUsedInArgOrEnv\nARG NPM_TOKEN",
    ],
)
def test_does_not_flag(line: str) -> None:
    if line.startswith("# check"):
        assert_clean("DF505", f"{line.splitlines()[0]}\nFROM alpine:3\n{line.splitlines()[1]}\n")
    else:
        assert_clean("DF505", f"FROM alpine:3\n{line}\n")


def test_build_stage_args_are_accepted() -> None:
    text = "FROM node:20 AS build\nARG NPM_TOKEN\nENV NPM_PASSWORD=x\nFROM node:20-slim\n"
    assert_clean("DF505", text)


@pytest.mark.parametrize(
    "text",
    [
        f"ARG CREDS={AWS}\nFROM alpine:3\n",
        f"FROM alpine:3 AS build\nENV HELPER={GITHUB}\nFROM scratch\n",
        'FROM alpine:3\nENV CERT="-----BEGIN RSA PRIVATE KEY-----"\n',
        "FROM alpine:3\nENV OPENAI=sk-proj-abcdefghijklmnopqrstuvwx\n",
    ],
)
def test_credential_values_are_flagged_in_any_stage(text: str) -> None:
    (violation,) = assert_flags("DF505", text)
    assert "looks like" in violation.message


def test_name_span_and_message() -> None:
    (violation,) = assert_flags("DF505", "FROM alpine:3\nENV A=1 DB_PASSWORD=x\n")
    assert (violation.span.start.character, violation.span.end.character) == (8, 19)
    assert "image config" in violation.message and "--mount=type=secret" in violation.message


def test_value_span() -> None:
    (violation,) = assert_flags("DF505", f"FROM alpine:3\nARG SEED={AWS}\n")
    assert (violation.span.start.character, violation.span.end.character) == (9, 29)
    assert "AWS access key" in violation.message


def test_one_finding_per_pair() -> None:
    assert_flags("DF505", f"FROM alpine:3\nENV API_TOKEN={GITHUB}\n", count=1)


@pytest.mark.parametrize(
    "line",
    [
        "ENV SECRET_KEY_BASE_DUMMY=1",
        "ENV API_TOKEN_PLACEHOLDER=x",
        "ENV USE_SECRET=true",
        "ARG SECRET_KEY_BASE_DUMMY=1",
        "ENV PUBLIC_KEY=",
        "ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
    ],
)
def test_dummies_and_switches_are_not_secrets(line: str) -> None:
    assert_clean("DF505", f"FROM ruby:3.3-slim\n{line}\n")


@pytest.mark.parametrize(
    "line",
    [
        "ARG GITHUB_TOKEN",
        "ARG GITHUB_TOKEN=0",
        "ENV SECRET_KEY_BASE=abc123",
        "ENV DB_PASSWORD=2",
        # empty: the name still says a secret goes there (BuildKit reports these too)
        "ENV DB_PASSWORD=",
        'ENV AUTH_TOKEN=""',
        "ENV git_key=",
    ],
)
def test_real_secrets_still_flagged(line: str) -> None:
    assert_flags("DF505", f"FROM ruby:3.3-slim\n{line}\n")
