from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "source",
    [
        ".env",
        ".env.production",
        "./config/.env",
        "id_rsa",
        "keys/id_ed25519",
        "server.key",
        "tls/private-key.pem",
        "privkey.pem",
        "cert.p12",
        ".npmrc",
        ".pypirc",
        ".netrc",
        ".git-credentials",
        "credentials.json",
        "kubeconfig",
        ".ssh/",
        ".aws/credentials",
        ".kube/config",
        "ID_RSA",
    ],
)
def test_flags_secret_sources(source: str) -> None:
    assert_flags("DF303", f"FROM alpine:3.20\nCOPY {source} /app/\n")


@pytest.mark.parametrize(
    "text",
    [
        'FROM alpine:3.20\nCOPY ["app.py", ".env", "/app/"]\n',
        "FROM alpine:3.20\nADD --chown=app .npmrc /home/app/\n",
        "FROM alpine:3.20\ncopy package.json \\\n  .npmrc ./\n",
        "FROM alpine:3.20\nONBUILD COPY .env /app/\n",
        "FROM golang:1.22 AS build\nCOPY id_rsa /root/.ssh/\nFROM scratch\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF303", text)


@pytest.mark.parametrize(
    "source",
    [
        ".env.example",
        ".env.sample",
        "config.template",
        "id_rsa.pub",
        "cert.pem",
        "ca-certificates.crt",
        "fullchain.pem",
        "package.json",
        "environment.py",
        "keys.py",
        "$ENV_FILE",
        "https://example.com/.env",
        ".",
    ],
)
def test_does_not_flag_sources(source: str) -> None:
    assert_clean("DF303", f"FROM alpine:3.20\nCOPY {source} /app/\n")


@pytest.mark.parametrize(
    "text",
    [
        # from another stage or image, not from the developer's machine
        "FROM alpine:3.20\nCOPY --from=build /app/.env.defaults /app/\n",
        "FROM alpine:3.20\nCOPY --from=certs /etc/ssl/private/server.key /etc/ssl/\n",
        # the destination is not a source
        "FROM alpine:3.20\nCOPY app.py /root/.ssh/\n",
        "FROM alpine:3.20\nCOPY <<EOF /app/.env\nMODE=prod\nEOF\n",
        "FROM alpine:3.20\n# dfls ignore=copy-secret-file\nCOPY .env /app/\n",
        "FROM alpine:3.20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF303", text)


def test_span_and_message_name_the_file() -> None:
    (violation,) = assert_flags("DF303", "FROM alpine:3.20\nCOPY app.py .env /app/\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 12, 16)
    assert "`.env`" in violation.message and "--mount=type=secret" in violation.message


def test_each_secret_source_is_reported() -> None:
    assert_flags("DF303", "FROM alpine:3.20\nCOPY .npmrc .pypirc ./\n", count=2)
