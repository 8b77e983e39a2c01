from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed

DEB = "FROM debian:12\n"


@pytest.mark.parametrize(
    "text",
    [
        DEB + "RUN apt-get update\nRUN apt-get install -y curl\n",
        DEB + "run apt update\n",
        DEB + "RUN apt-get -qq update && echo done\nRUN apt-get install -y curl\n",
        DEB + "RUN apt-get update && apt-get clean\n",
        "FROM alpine:3.19\nRUN apk update\nRUN apk add curl\n",
        DEB + "RUN <<EOF\napt-get update\nEOF\nRUN apt-get install -y curl\n",
        # Build stages too: a stale index breaks the build there as well.
        "FROM debian:12 AS build\nRUN apt-get update\nRUN apt-get install -y gcc\nFROM scratch\n",
        DEB + "RUN apt-get update \\\n    -q\nRUN apt-get install -y curl\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF210", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        DEB + "RUN apt-get update && apt-get install -y curl\n",
        DEB + "RUN apt-get update && apt-get upgrade -y\n",
        DEB + "RUN apt-get update && apt-cache policy curl\n",
        DEB + "RUN apt-get update && apt install -y curl\n",
        DEB + "RUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
        "FROM alpine:3.19\nRUN apk update && apk add curl\n",
        DEB + "ONBUILD RUN apt-get update\n",
        DEB + "# dfls ignore=update-alone\nRUN apt-get update\n",
        DEB + "RUN echo apt-get update\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF210", text)


def test_span_is_the_update_command() -> None:
    (violation,) = assert_flags("DF210", DEB + "RUN sudo apt-get update\n")
    assert (violation.span.start.line, violation.span.start.character) == (1, 9)
    assert violation.span.end.character == 23


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "RUN apt-get update\nRUN apt-get install -y curl\n",
            "RUN apt-get update && apt-get install -y curl\n",
        ),
        (
            "RUN apt-get update\n\nRUN apt-get install -y \\\n    curl\n",
            "RUN apt-get update && apt-get install -y \\\n    curl\n",
        ),
        (
            "RUN apt-get update \\\n    -q\nrun DEBIAN_FRONTEND=noninteractive apt-get install -y x\n",
            "run apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y x\n",
        ),
        (
            "RUN --mount=type=cache,target=/var/cache/apt apt-get update\n"
            "RUN --mount=type=cache,target=/var/cache/apt apt-get install -y x\n",
            "RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y x\n",
        ),
        ("RUN apk update\nRUN apk add curl\n", "RUN apk update && apk add curl\n"),
    ],
)
def test_fix_merges_into_the_next_run(before: str, after: str) -> None:
    assert fixed("DF210", DEB + before, unsafe=False) == DEB + after


@pytest.mark.parametrize(
    "text",
    [
        # Not the same flags, not adjacent, a comment between, not an install, other commands.
        "RUN apt-get update\nRUN --network=none apt-get install -y curl\n",
        "RUN apt-get update\nENV X=1\nRUN apt-get install -y curl\n",
        "RUN apt-get update\n# install\nRUN apt-get install -y curl\n",
        "RUN apt-get update\nRUN pip install x\n",
        "RUN apt-get update && echo hi\nRUN apt-get install -y curl\n",
        "RUN apt-get update\nRUN <<EOF\napt-get install -y curl\nEOF\n",
        "RUN apt-get update\n",
        "RUN apt-get update\nFROM debian:12\nRUN apt-get install -y curl\n",
    ],
)
def test_no_fix(text: str) -> None:
    violations = assert_flags("DF210", DEB + text)
    assert violations[0].fix is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            DEB + "RUN apt-get update && apt-get purge -y --auto-remove curl\n",
            "`apt-get update` in a RUN that only removes packages, and no later RUN of this "
            "stage installs: the index it downloads stays in the image (often tens of MB); "
            "drop the update, or add `&& rm -rf /var/lib/apt/lists/*`",
        ),
        (
            "FROM alpine:3.20\nRUN apk update && echo ok\n",
            "`apk update` in a RUN that installs nothing, and no later RUN of this stage "
            "installs: the index it downloads stays in the image",
        ),
        (
            "FROM debian:12 AS build\nRUN apt-get update && make\nFROM scratch\n",
            "no later RUN of this stage installs: the index it downloads is never used; drop "
            "the update",
        ),
        (
            DEB + "RUN apt-get update && apt-get purge -y x\nRUN apt-get install -y curl\n",
            "`apt-get update` in a RUN that only removes packages: a later install may use a "
            "stale cached index",
        ),
    ],
)
def test_message_fits_what_the_run_does(text: str, words: str) -> None:
    (violation,) = assert_flags("DF210", text)
    assert words in violation.message


def test_fix_removes_the_unused_index_in_the_last_stage() -> None:
    text = DEB + "RUN apt-get update && apt-get purge -y x\n"
    assert fixed("DF210", text, unsafe=False) == (
        DEB + "RUN apt-get update && apt-get purge -y x && rm -rf /var/lib/apt/lists/*\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        # a stage that another one builds on: a later stage may need the index
        "FROM debian:12 AS base\nRUN apt-get update && apt-get purge -y x\nFROM base\n",
        # the RUN only updates: no fix (drop it by hand, or install there)
        DEB + "RUN apt-get update\n",
    ],
)
def test_no_cleanup_fix(text: str) -> None:
    (violation,) = assert_flags("DF210", text)
    assert violation.fix is None


def test_an_index_removed_in_the_same_run_is_fine() -> None:
    assert_clean(
        "DF210", DEB + "RUN apt-get update && apt-get purge -y x && rm -rf /var/lib/apt/lists/*\n"
    )
    assert_clean(
        "DF210", "FROM alpine:3.20\nRUN apk update && apk del x && rm -rf /var/cache/apk/*\n"
    )
