from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed

FROM = "FROM alpine:3.20 AS build\nFROM alpine:3.20\n"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("COPY --form=build a b", "did you mean `--from`?"),
        ("copy --chwon=1000 a b", "did you mean `--chown`?"),
        ("RUN --bogus=1 echo", "RUN has no flag `--bogus`"),
        ("ADD --from=build a b", "ADD has no flag `--from`"),
        ("FROM --platfrom=linux/amd64 alpine:3.20", "did you mean `--platform`?"),
        ('HEALTHCHECK --interval=5 CMD ["x"]', "is not a duration"),
        ('HEALTHCHECK --timeout=3x CMD ["x"]', "is not a duration"),
        ('HEALTHCHECK --retries=three CMD ["x"]', "is not a whole number"),
        ('HEALTHCHECK --intervall=5s CMD ["x"]', "did you mean `--interval`?"),
        ("RUN --network=bridge echo", "is not one of none, host, default"),
        ("COPY --chmod=999 a b", "is not a mode"),
        ("ONBUILD COPY --form=build a b", "did you mean `--from`?"),
        ("RUN \\\n  --bogus=1 echo", "RUN has no flag `--bogus`"),
    ],
)
def test_flags(line: str, words: str) -> None:
    (violation,) = assert_flags("DF608", FROM + line + "\n")
    assert words in violation.message
    assert "line" not in violation.message


@pytest.mark.parametrize(
    "line",
    [
        "COPY --from=build --chown=1000:1000 --chmod=755 --link a b",
        "COPY --chmod=u+x,g-w --parents --exclude=*.md a b",
        "ADD --checksum=sha256:abc --keep-git-dir=true --unpack=false https://x/y.tgz /y",
        "RUN --mount=type=cache,target=/root/.cache --network=none --security=insecure echo",
        "RUN --network=host echo",
        'HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=0 --retries=3 CMD ["x"]',
        'HEALTHCHECK --start-interval=2.5s CMD ["x"]',
        'HEALTHCHECK --interval=${INTERVAL} CMD ["x"]',
        "FROM --platform=$BUILDPLATFORM alpine:3.20",
        "ONBUILD RUN --mount=type=cache,target=/x echo",
        "# dfls ignore=DF608\nRUN --bogus=1 echo",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF608", FROM + line + "\n")


def test_span_is_the_flag_name() -> None:
    (violation,) = assert_flags("DF608", FROM + "COPY --form=build a b\n")
    assert violation.span.start.line == 2
    assert (violation.span.start.character, violation.span.end.character) == (7, 11)


def test_fix_renames_the_flag() -> None:
    assert fixed("DF608", FROM + "COPY --form=build a b\n") == FROM + "COPY --from=build a b\n"


def test_no_fix_without_a_close_name() -> None:
    (violation,) = assert_flags("DF608", FROM + "RUN --bogus=1 echo\n")
    assert violation.fix is None


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("ENV --foo=bar a=b", "ENV takes no flags (`--foo`)"),
        ("CMD --help", "CMD takes no flags (`--help`)"),
        ("ONBUILD --x COPY a b", "ONBUILD takes no flags (`--x`)"),
        ("COPY --link=maybe a b", "`--link` is a switch: give no value, `true` or `false`"),
        ("RUN --device=/dev/fuse --divice=x echo", "did you mean `--device`?"),
        ('HEALTHCHECK --interval=500us CMD ["x"]', "is shorter than 1ms"),
    ],
)
def test_flags_of_every_instruction(line: str, words: str) -> None:
    (violation,) = assert_flags("DF608", FROM + line + "\n")
    assert words in violation.message


@pytest.mark.parametrize(
    "line",
    [
        "ARG --foo=1 A",
        "STOPSIGNAL --x SIGTERM",
        "HEALTHCHECK NONE --x",
        "COPY --link=FALSE a b",
        'HEALTHCHECK --timeout=0s --interval=1ms CMD ["x"]',
    ],
)
def test_flags_buildkit_ignores(line: str) -> None:
    assert_clean("DF608", FROM + line + "\n")


def test_the_accepted_flags_are_the_reference_entries() -> None:
    from dfls.knowledge.reference import FLAGS, accepted_flags

    for keyword, name in FLAGS:
        for owner in ("ADD", "COPY") if keyword == "*" else (keyword,):
            assert name in accepted_flags(owner)
    assert "from" not in accepted_flags("ADD")
