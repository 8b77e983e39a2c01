from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.rules.helpers import assert_clean, assert_flags, findings, fixed
from tests.rules.test_run_rules_guide import NODE_MULTISTAGE

NODE = "FROM node:20-alpine\n"
PY = "FROM python:3.12-slim\n"


@pytest.mark.parametrize(
    "text",
    [
        NODE + "RUN npm ci\n",
        NODE + "run npm install\n",
        NODE + "RUN npm ci --omit=optional\n",
        NODE + "ENV NODE_ENV=development\nRUN npm ci\n",
        NODE + "RUN yarn install --frozen-lockfile\n",
        NODE + "RUN pnpm install --frozen-lockfile\n",
        NODE + "RUN <<EOF\nnpm ci\nEOF\n",
        NODE + "RUN npm ci\nRUN npm prune --omit=dev\n",
        PY + "RUN poetry install --no-root\n",
        PY + "RUN uv sync --frozen\n",
        PY + "RUN pip install --no-cache-dir -r requirements-dev.txt\n",
        PY + "RUN pip install --no-cache-dir -r requirements/test.txt\n",
        PY + "RUN pip install --no-cache-dir -e .[dev]\n",
        PY + "RUN pip install --no-cache-dir '.[test,docs]'\n",
        PY + "RUN uv pip install -r dev-requirements.txt\n",
        "FROM ruby:3.3-slim\nRUN bundle install\n",
        "FROM php:8.3-cli\nRUN composer install\n",
        "FROM node:20-alpine AS base\nRUN npm ci\nFROM base\n",
        NODE_MULTISTAGE,
        # node_modules from a stage that installed in a parent stage, never pruned.
        "FROM node:20 AS deps\nRUN npm ci\nFROM deps AS build\nRUN npm run build\n"
        "FROM node:20-slim\nCOPY --from=build /app/node_modules/ /app/node_modules/\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF216", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        NODE + "RUN npm ci --omit=dev\n",
        NODE + "RUN npm ci --omit dev\n",
        NODE + "RUN npm install --production\n",
        NODE + "RUN npm ci --only=production\n",
        NODE + "ENV NODE_ENV=production\nRUN npm ci\n",
        NODE + "ARG NODE_ENV=production\nRUN npm ci\n",
        NODE + "RUN NODE_ENV=production npm ci\n",
        NODE + "ENV NPM_CONFIG_OMIT=dev\nRUN npm ci\n",
        "FROM node:20-alpine AS base\nENV NODE_ENV=production\nFROM base\nRUN npm ci\n",
        NODE + "RUN npm ci && npm run build && npm prune --omit=dev\n",
        NODE + "RUN npm install -g pm2\n",
        NODE + "RUN npm install express\n",
        NODE + "RUN yarn install --production --frozen-lockfile\n",
        NODE + "RUN pnpm install --prod\n",
        PY + "RUN poetry install --only main --no-root\n",
        PY + "RUN poetry install --only=main\n",
        PY + "RUN poetry install --without dev,test\n",
        PY + "RUN uv sync --frozen --no-dev\n",
        PY + "RUN pip install --no-cache-dir -r requirements.txt\n",
        PY + "RUN pip install --no-cache-dir -r requirements/prod.txt .[postgres]\n",
        PY + "RUN pip install --no-cache-dir -r devices.txt\n",
        "FROM ruby:3.3-slim\nRUN bundle install --without development test\n",
        "FROM ruby:3.3-slim\nENV BUNDLE_WITHOUT=development:test\nRUN bundle install\n",
        "FROM ruby:3.3-slim\nRUN bundle config set --local without 'development test' "
        "&& bundle install\n",
        "FROM php:8.3-cli\nRUN composer install --no-dev --optimize-autoloader\n",
        # Build stages may install everything: only what is copied out matters.
        "FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\n"
        "COPY --from=build /app/dist /app/dist\n",
        "FROM node:20 AS build\nRUN npm ci\nRUN npm run build && npm prune --omit=dev\n"
        "FROM node:20-slim\nCOPY --from=build /app/node_modules /app/node_modules\n",
        "FROM node:20 AS deps\nRUN npm ci --omit=dev\nFROM node:20-slim\n"
        "COPY --from=deps /app/node_modules /app/node_modules\n",
        "FROM node:20-slim\nCOPY --from=node:20 /usr/local/lib/node_modules /x\n",
        NODE + "ONBUILD RUN npm ci\n",
        NODE + "# dfls ignore=DF216\nRUN npm ci\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF216", text)


def test_target_stage_setting() -> None:
    text = "FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim\n"
    assert findings("DF216", text, settings=Settings(target_stage="build"))
    assert not findings("DF216", text)


def test_spans() -> None:
    (violation,) = assert_flags("DF216", NODE + "RUN npm --prefix /app ci\n")
    assert (violation.span.start.character, violation.span.end.character) == (4, 24)
    (violation,) = assert_flags("DF216", PY + "RUN pip install -r requirements-dev.txt\n")
    assert (violation.span.start.character, violation.span.end.character) == (19, 39)
    (violation,) = assert_flags("DF216", NODE_MULTISTAGE)
    assert violation.span.start.line == 12
    assert (violation.span.start.character, violation.span.end.character) == (18, 35)
    assert "line 5" in violation.message and "`build`" in violation.message


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN npm ci\n", "RUN npm ci --omit=dev\n"),
        ("RUN pnpm install\n", "RUN pnpm install --prod\n"),
        ("RUN poetry install --no-root\n", "RUN poetry install --only main --no-root\n"),
        ("RUN uv sync --frozen\n", "RUN uv sync --no-dev --frozen\n"),
        ("RUN composer install\n", "RUN composer install --no-dev\n"),
    ],
)
def test_fix_is_unsafe(before: str, after: str) -> None:
    assert fixed("DF216", "FROM a:1\n" + before, unsafe=False) == "FROM a:1\n" + before
    assert fixed("DF216", "FROM a:1\n" + before) == "FROM a:1\n" + after


@pytest.mark.parametrize(
    "text",
    ["RUN yarn install\n", "RUN bundle install\n", "RUN poetry install --with docs\n"],
)
def test_no_fix(text: str) -> None:
    (violation,) = assert_flags("DF216", "FROM a:1\n" + text)
    assert violation.fix is None


def test_node_modules_from_a_stage_defined_later() -> None:
    # BuildKit builds a stage that `COPY --from` names further down first: it is read too.
    text = (
        "FROM node:20-slim AS app\nCOPY --from=deps /app/node_modules /app/node_modules\n"
        "FROM node:20 AS deps\nRUN npm ci\n"
    )
    (found,) = findings("DF216", text, settings=Settings(target_stage="app"))
    assert found.span.start.line == 1


def test_a_stage_copying_from_itself_reads_nothing() -> None:
    text = "FROM node:20 AS app\nRUN npm ci\nCOPY --from=app /app/node_modules /x/node_modules\n"
    (found,) = findings("DF216", text)
    assert found.span.start.line == 1  # the install, not the (unbuildable) copy
