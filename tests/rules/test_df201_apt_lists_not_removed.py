from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, findings, fixed
from tests.test_guide import PRODUCTION


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
        "FROM debian:12\nrun apt update && apt install -y curl\n",
        "FROM debian:12\nRUN apt-get update && apt-cache policy curl\n",
        # Removing the lists in a later RUN does not help: they are in the first layer.
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
        "RUN rm -rf /var/lib/apt/lists/*\n",
        # Only the lists are kept out by these mounts, not by one over the .deb cache.
        "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update "
        "&& apt-get install -y curl\n",
        # Heredoc bodies are scripts too.
        "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n",
        # A build stage the target is built FROM ships.
        "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\n",
        "FROM debian:12\nRUN sudo apt-get -q update && sudo apt-get install -y curl\n",
        # Windows escape: the continuation is a backtick.
        "# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install -y curl\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF201", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl "
        "&& rm -rf /var/lib/apt/lists/*\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n"
        "    && rm -rf /var/lib/apt/lists\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl "
        "&& rm -fr '/var/lib/apt/lists'/*\n",
        "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n"
        "    --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y x\n",
        "FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update "
        "&& apt-get install -y curl\n",
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\n"
        "rm -rf /var/lib/apt/lists/*\nEOF\n",
        # A build stage that does not ship.
        "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\n"
        "FROM scratch\nCOPY --from=build /x /x\n",
        # The configured target is the build stage: then it ships and is checked (below).
        "FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n",
        "FROM debian:12\n# dfls ignore=DF201\nRUN apt-get update && apt-get install -y curl\n",
        "FROM debian:12\n# hadolint ignore=DL3009\nRUN apt-get update && apt-get install -y x\n",
        "FROM debian:12\nRUN echo apt-get update\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF201", text)


def test_target_stage_setting_decides_what_ships() -> None:
    from dfls.engine.config import Settings

    text = "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\n"
    assert findings("DF201", text, settings=Settings(target_stage="build"))
    assert not findings("DF201", text)


def test_span_is_the_update_command() -> None:
    (violation,) = assert_flags(
        "DF201", "FROM debian:12\nRUN apt-get install -y x && apt-get update\n"
    )
    assert violation.span.start.line == 1
    assert (violation.span.start.character, violation.span.end.character) == (28, 42)
    assert "rm -rf /var/lib/apt/lists/*" in violation.message


def test_span_inside_a_heredoc() -> None:
    text = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n"
    (violation,) = assert_flags("DF201", text)
    assert (violation.span.start.line, violation.span.start.character) == (2, 0)
    assert violation.fix is None


def test_fix_appends_the_cleanup() -> None:
    text = "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n"
    assert fixed("DF201", text) == (
        "FROM debian:12\nRUN apt-get update && \\\n"
        "    apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    )


def test_fix_is_safe() -> None:
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
    assert fixed("DF201", text, unsafe=False).endswith("&& rm -rf /var/lib/apt/lists/*\n")


@pytest.mark.parametrize(
    "later",
    ["RUN apt-get install -y git\n", "RUN apt-cache policy curl\n", "RUN apt upgrade -y\n"],
)
def test_no_fix_when_a_later_run_needs_the_lists(later: str) -> None:
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y a\n" + later
    (violation,) = assert_flags("DF201", text)
    assert violation.fix is None


def test_fix_offered_when_later_runs_update_again() -> None:
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
    text += "RUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n"
    (violation,) = assert_flags("DF201", text)
    assert violation.fix is not None


def test_guide_complete_dockerfile_is_clean() -> None:
    assert_clean("DF201", PRODUCTION)


@pytest.mark.parametrize(
    "text",
    [
        # The update alone is DF210's: removing its lists would break the later install.
        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get update\n",
        "FROM debian:12\nRUN apt-get update && echo done\n",
        "FROM ubuntu:22.04\nRUN <<EOF\necho hi\napt update\nEOF\nRUN apt update\n",
    ],
)
def test_update_alone_is_left_to_df210(text: str) -> None:
    assert_clean("DF201", text)
    assert fixed("DF201", text) == text


@pytest.mark.parametrize("clean", ["apt-get dist-clean", "apt-get distclean"])
def test_distclean_deletes_the_lists(clean: str) -> None:
    # apt >= 2.7.8 (the official python slim-trixie images end their RUNs with it)
    assert_clean(
        "DF201",
        f"FROM debian:13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends "
        f'curl && {clean}\nUSER 1\nCMD ["curl"]\n',
    )
