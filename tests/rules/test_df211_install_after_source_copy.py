from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags
from tests.rules.test_run_rules_guide import HEALTHCHECK
from tests.test_guide import PRODUCTION

PY = "FROM python:3.12-slim\nWORKDIR /app\n"
NODE = "FROM node:20-alpine\nWORKDIR /app\n"


@pytest.mark.parametrize(
    "text",
    [
        HEALTHCHECK,
        NODE + "COPY . .\nRUN npm ci\n",
        NODE + "copy ./ ./\nrun npm install\n",
        NODE + "ADD . /app\nRUN yarn\n",
        # The manifest was copied, but the install still waits for the whole source.
        NODE + "COPY package.json package-lock.json ./\nCOPY . .\nRUN npm ci\n",
        PY + "COPY . .\nRUN poetry install --no-root\n",
        PY + "COPY . .\nRUN uv sync --frozen\n",
        "FROM golang:1.22 AS build\nCOPY . .\nRUN go mod download && go build -o /x .\n"
        "FROM scratch\n",
        "FROM ruby:3.3\nCOPY . .\nRUN bundle install\n",
        "FROM composer:2\nCOPY . .\nRUN composer install --no-dev\n",
        "FROM rust:1.79\nCOPY . .\nRUN cargo fetch\n",
        PY + "COPY . .\nRUN <<EOF\npip install -r requirements.txt\nEOF\n",
        PY + "COPY . .\nRUN pip install -r requirements.txt && pip install -r extra.txt\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF211", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        PRODUCTION,
        PY + "COPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
        NODE + "COPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
        PY + "COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\nCOPY . .\n"
        "RUN poetry install --only-root\n",
        PY + "COPY . .\nRUN pip install .\n",
        PY + "COPY . .\nRUN pip install gunicorn\n",
        NODE + "COPY . .\nRUN npm install -g pm2\n",
        "FROM golang:1.22\nCOPY . .\nRUN go build -o /x .\n",
        "FROM rust:1.79\nCOPY . .\nRUN cargo build --release\n",
        # A copy from another stage is not the build context.
        NODE + "COPY --from=src /src .\nRUN npm ci\n",
        NODE + "COPY src/ ./src/\nRUN npm ci\n",
        # The copy and the install are in different stages.
        "FROM node:20 AS src\nCOPY . .\nFROM node:20\nRUN npm ci\n",
        NODE + "ONBUILD COPY . .\nONBUILD RUN npm ci\n",
        NODE + "COPY . .\n# dfls ignore=install-after-source-copy\nRUN npm ci\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF211", text)


def test_span_and_message_name_the_manifest() -> None:
    (violation,) = assert_flags("DF211", HEALTHCHECK)
    assert violation.span.start.line == 3
    assert (violation.span.start.character, violation.span.end.character) == (4, 15)
    assert "requirements.txt" in violation.message and "`COPY . .`" in violation.message
    (violation,) = assert_flags("DF211", NODE + "COPY . .\nRUN npm ci\n")
    assert "package.json and package-lock.json" in violation.message
    (violation,) = assert_flags("DF211", "FROM golang:1.22\nCOPY . .\nRUN go mod download\n")
    assert "go.mod and go.sum" in violation.message
