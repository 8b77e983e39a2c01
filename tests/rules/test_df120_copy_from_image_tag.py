from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

FROM = "FROM golang:1.22 AS build\nFROM alpine:3.20\n"


@pytest.mark.parametrize(
    ("line", "span", "words"),
    [
        ("COPY --from=docker/buildx-bin /buildx /b", (12, 29), "`docker/buildx-bin` has no tag"),
        ("COPY --from=busybox:latest /bin/sh /sh", (12, 26), "`busybox:latest` floats"),
        ("copy --from=ghcr.io/org/tool /t /t", (12, 28), "has no tag, so it means `latest`"),
        ("COPY --from=localhost:5000/tool /t /t", (12, 31), "has no tag"),
    ],
)
def test_flags(line: str, span: tuple[int, int], words: str) -> None:
    (violation,) = assert_flags("DF120", FROM + line + "\n")
    assert words in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.character) == (2, *span)


@pytest.mark.parametrize(
    "line",
    [
        "COPY --from=build /app /app",
        "COPY --from=BUILD /app /app",
        "COPY --from=biuld /app /app",
        "COPY --from=0 /app /app",
        "COPY --from=docker/buildx-bin:0.17.1 /buildx /b",
        "COPY --from=busybox@sha256:" + "a" * 64 + " /bin/sh /sh",
        "COPY --from=${TOOLS} /t /t",
        "COPY /a /b",
        "ONBUILD COPY --from=busybox /bin/sh /sh",
        "# dfls ignore=DF120\nCOPY --from=busybox /bin/sh /sh",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF120", FROM + line + "\n")


def test_a_later_stage_is_a_stage_not_an_image() -> None:
    assert_clean("DF120", "FROM alpine:3.20\nCOPY --from=tools /t /t\nFROM alpine:3.20 AS tools\n")
