from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed

TWO = "FROM golang:1.22 AS builder\nRUN go build -o /server .\n\nFROM scratch\n"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (TWO + "COPY --from=build /server /\n", "did you mean `builder`?"),
        ("FROM alpine:3 AS a\nCOPY --from=a /x /y\n", "cannot copy from itself"),
        ("FROM alpine:3 AS a\nCOPY --from=0 /x /y\n", "cannot copy from itself"),
        ("FROM alpine:3 AS a\nCOPY --from=b /x /y\nFROM alpine:3 AS b\n", "defined later"),
        ("FROM alpine:3\nCOPY --from=1 /x /y\nFROM alpine:3\n", "defined later"),
        ("FROM alpine:3\nFROM alpine:3\nCOPY --from=5 /x /y\n", "there is no stage 5"),
        ("FROM alpine:3 AS license-set\nFROM scratch\nCOPY --from=set /out /\n", "`license-set`"),
        # lowercase keywords and continuation lines
        (TWO.lower() + "copy \\\n  --from=biulder /server /\n", "did you mean `builder`?"),
    ],
)
def test_flags(text: str, words: str) -> None:
    (violation,) = assert_flags("DF104", text)
    assert words in violation.message


@pytest.mark.parametrize(
    "text",
    [
        TWO + "COPY --from=builder /server /\n",
        TWO + "COPY --from=BUILDER /server /\n",
        TWO + "COPY --from=0 /server /\n",
        # image references, not stages
        "FROM scratch\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
        "FROM scratch\nCOPY --from=ghcr.io/org/tools /bin/tool /\n",
        "FROM scratch\nCOPY --from=alpine@sha256:abc /bin/sh /\n",
        "FROM scratch\nCOPY --from=${TOOLS} /bin/tool /\n",
        "FROM scratch\nCOPY /x /y\n",
        # an image, or a named context from --build-context / bake: not stage typos
        TWO + "COPY --from=busybox /bin/busybox /bin/\n",
        TWO + "COPY --from=ctx /a /a\n",
        TWO + "COPY --from=assets /x /\n",
        "FROM scratch\nONBUILD COPY --from=build /x /y\n",
        TWO + "# dfls ignore=DF104\nCOPY --from=build /server /\n",
        TWO + "# hadolint ignore=DL3022\nCOPY --from=build /server /\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF104", text)


def test_span_is_the_flag_value() -> None:
    (violation,) = assert_flags("DF104", TWO + "COPY --from=build /server /\n")
    assert violation.span.start.line == 4
    assert (violation.span.start.character, violation.span.end.character) == (12, 17)


def test_fix_corrects_the_typo() -> None:
    assert fixed("DF104", TWO + "COPY --from=build /server /\n") == (
        TWO + "COPY --from=builder /server /\n"
    )


def test_no_fix_without_a_close_name() -> None:
    (violation,) = assert_flags("DF104", TWO + "COPY --from=7 /x /\n")
    assert violation.fix is None
