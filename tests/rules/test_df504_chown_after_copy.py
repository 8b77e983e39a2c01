from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed

GUIDE_NON_ROOT = """\
FROM node:20-alpine
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules

# Create a non-root user
RUN addgroup -S appgroup && adduser -S appuser -G appgroup

# Change ownership of app files
RUN chown -R appuser:appgroup /app

# Switch to non-root user
USER appuser

EXPOSE 3000
CMD ["node", "dist/main.js"]
"""


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3\nCOPY . /app\nRUN chown -R app /app\n",
        "FROM alpine:3\nWORKDIR /app\nCOPY . .\nRUN chown -R app:app .\n",
        "FROM alpine:3\nCOPY src /app/src\nRUN chown --recursive 1000 /app\n",
        "FROM alpine:3\nCOPY . /app\nRUN chown -Rh app /app/src\n",
        "FROM alpine:3\nADD app.tar.gz /opt/app/\nRUN chown -R app /opt\n",
        "FROM alpine:3\nCOPY . /app\nrun apk add curl && \\\n    chown -R app /app\n",
        "FROM alpine:3\nCOPY . /app\nRUN <<EOF\nchown -R app /app\nEOF\n",
        "FROM alpine:3\nCOPY . /app\nRUN sudo chown -R app /app\n",
        'FROM alpine:3\nCOPY ["a b", "/app/"]\nRUN chown -R app /app\n',
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF504", text, count=1)


def test_the_guides_own_non_root_example_is_flagged_without_a_fix() -> None:
    # The user is created after the COPYs, so `COPY --chown=appuser` would fail there.
    (violation,) = assert_flags("DF504", GUIDE_NON_ROOT)
    assert violation.span.start.line == 9
    assert (violation.span.start.character, violation.span.end.character) == (4, 34)
    assert "COPY --chown=appuser:appgroup" in violation.message
    assert violation.fix is None


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3\nCOPY --chown=app . /app\n",
        "FROM alpine:3\nCOPY . /app\nRUN chown app /app\n",  # not recursive: only the directory
        "FROM alpine:3\nCOPY . /app\nRUN chown -R app /data\n",
        "FROM alpine:3\nRUN chown -R app /app\nCOPY . /app\n",
        # a copy in another stage is not in this stage's layers
        "FROM alpine:3 AS base\nCOPY . /app\nFROM base\nRUN chown -R app /app\n",
        "FROM alpine:3\nCOPY . /app\nRUN chown -R $APP_USER /app\n",
        "FROM alpine:3\nCOPY . $APP_HOME\nRUN chown -R app /app\n",
        "FROM alpine:3\nCOPY . /app\nRUN chown -R --reference=/etc /app\n",
        "FROM alpine:3\nCOPY . /app\nONBUILD RUN chown -R app /app\n",
        "FROM alpine:3\nCOPY . /app\n# dfls ignore=DF504\nRUN chown -R app /app\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF504", text)


def test_fix_moves_ownership_into_the_copies() -> None:
    text = (
        "FROM node:20-alpine\n"
        "RUN adduser -S app\n"
        "WORKDIR /app\n"
        "COPY package.json ./\n"
        "COPY --chown=root dist ./dist\n"
        "COPY config /etc/app\n"
        "RUN chown -R app /app\n"
        "USER app\n"
    )
    assert fixed("DF504", text) == (
        "FROM node:20-alpine\n"
        "RUN adduser -S app\n"
        "WORKDIR /app\n"
        "COPY --chown=app package.json ./\n"
        "COPY --chown=app dist ./dist\n"
        "COPY config /etc/app\n"
        "USER app\n"
    )
    assert fixed("DF504", text, unsafe=False) == text


@pytest.mark.parametrize(
    "text",
    [
        # numeric IDs and the base image's own user exist when COPY runs
        "FROM alpine:3\nCOPY . /app\nRUN chown -R 1000:1000 /app\n",
        "FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node /app\n",
        "FROM alpine:3 AS base\nRUN adduser -D app\nFROM base\nCOPY . /app\nRUN chown -R app /app\n",
    ],
)
def test_fix_is_offered(text: str) -> None:
    (violation,) = assert_flags("DF504", text)
    assert violation.fix is not None


@pytest.mark.parametrize(
    "text",
    [
        # the user does not exist yet when the COPY runs
        "FROM alpine:3\nCOPY . /app\nRUN adduser -D app\nRUN chown -R app /app\n",
        # the RUN does more than chown
        "FROM alpine:3\nRUN adduser -D app\nCOPY . /app\nRUN chown -R app /app && chmod 700 /app\n",
        # a RUN in between may create files the chown also covers
        "FROM alpine:3\nRUN adduser -D app\nCOPY . /app\nRUN npm ci\nRUN chown -R app /app\n",
        "FROM alpine:3\nRUN adduser -D app\nCOPY . /app\nRUN <<EOF\nchown -R app /app\nEOF\n",
    ],
)
def test_no_fix(text: str) -> None:
    (violation,) = assert_flags("DF504", text)
    assert violation.fix is None
