from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.rules.helpers import assert_clean, assert_flags

BUILD = "FROM golang:1.22 AS build\nRUN go build -o /out/server .\n"


@pytest.mark.parametrize(
    "source",
    ["/", "/.", "/*", "//"],
)
def test_flags_root_sources(source: str) -> None:
    (violation,) = assert_flags("DF107", BUILD + f"FROM scratch\nCOPY --from=build {source} /\n")
    assert violation.span.start.line == 3
    assert (violation.span.start.character, violation.span.end.character) == (
        18,
        18 + len(source),
    )


@pytest.mark.parametrize(
    "text",
    [
        BUILD + "FROM alpine:3\ncopy --from=build \\\n  / /\n",
        BUILD + 'FROM alpine:3\nCOPY --from=build ["/", "/"]\n',
        BUILD + "FROM alpine:3\nCOPY --from=0 / /\n",
        "FROM alpine:3\nCOPY --from=debian:12 / /\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF107", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        BUILD + "FROM scratch\nCOPY --from=build /out/server /server\n",
        BUILD + "FROM scratch\nCOPY --from=build /rootfs/ /\n",
        # copying the context root is not a stage filesystem
        "FROM alpine:3\nCOPY / /app\n",
        # a build stage borrowing a helper's filesystem ships nothing
        "FROM tonistiigi/xx AS xx\nFROM golang:1.22 AS build\nCOPY --from=xx / /\nFROM scratch\n",
        # an export stage built on scratch holds only what was copied into it
        BUILD + "FROM scratch AS binaries\nCOPY --from=build /out/ /\n"
        "FROM alpine:3\nCOPY --from=binaries / /usr/bin/\n",
        # `01` is stage 1, as BuildKit reads a number (an export stage here)
        BUILD + "FROM scratch AS binaries\nCOPY --from=build /out/ /\n"
        "FROM alpine:3\nCOPY --from=01 / /usr/bin/\n",
        BUILD + "FROM scratch\n# hadolint ignore=DL3067\nCOPY --from=build / /\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF107", text)


def test_only_the_target_chain_is_checked() -> None:
    text = BUILD + "FROM alpine:3 AS debug\nCOPY --from=build / /\nFROM scratch AS prod\n"
    assert_clean("DF107", text)
    assert_flags("DF107", text, settings=Settings(target_stage="debug"))
