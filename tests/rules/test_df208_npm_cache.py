from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed

NODE = "FROM node:20-alpine\n"


@pytest.mark.parametrize(
    "text",
    [
        NODE + "RUN npm ci --omit=dev\n",
        NODE + "run npm install\n",
        NODE + "RUN npm i -g typescript\n",
        NODE + "RUN yarn install --production\n",
        NODE + "RUN yarn --frozen-lockfile\n",
        NODE + "RUN npm ci && npm install -g pm2\n",
        NODE + "RUN npm ci\nRUN npm cache clean --force\n",
        NODE + "RUN <<EOF\nnpm ci\nEOF\n",
        NODE + "RUN npm ci --cache /tmp/npm\n",
        "FROM node:20-alpine AS base\nRUN npm ci\nFROM base\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF208", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        NODE + "RUN npm ci && npm cache clean --force\n",
        NODE + "RUN npm ci && rm -rf /root/.npm\n",
        NODE + "RUN npm ci && rm -rf ~/.npm\n",
        NODE + "RUN --mount=type=cache,target=/root/.npm npm ci\n",
        NODE + "RUN --mount=type=cache,target=/home/node/.npm npm ci\n",
        NODE + "RUN npm ci --cache /tmp/npm && rm -rf /tmp/npm\n",
        NODE + "RUN yarn install && yarn cache clean\n",
        NODE + "RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
        NODE + "RUN npm run build\n",
        "FROM node:20-alpine AS build\nRUN npm ci\nFROM node:20-alpine\n"
        "COPY --from=build /app/node_modules ./node_modules\n",
        NODE + "ONBUILD RUN npm ci\n",
        NODE + "# hadolint ignore=DL3060\nRUN yarn install\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF208", text)


def test_span() -> None:
    (violation,) = assert_flags("DF208", NODE + "RUN npm --prefix /app ci\n")
    assert (violation.span.start.character, violation.span.end.character) == (4, 24)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN npm ci\n", "RUN npm ci && npm cache clean --force\n"),
        ("RUN yarn\n", "RUN yarn && yarn cache clean\n"),
        (
            "RUN npm ci && yarn install\n",
            "RUN npm ci && yarn install && npm cache clean --force && yarn cache clean\n",
        ),
    ],
)
def test_fix_is_safe(before: str, after: str) -> None:
    assert fixed("DF208", NODE + before, unsafe=False) == NODE + after
