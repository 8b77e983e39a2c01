from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

BODY = 'RUN sudo ls\nUSER 1000\nCMD ["sh"]\n'


@pytest.mark.parametrize(
    ("pragma", "words"),
    [
        ("# dfls ignore=DF9999,nonexistent", "unknown rule `DF9999`"),
        ("# dfls global ignore=DF5033", "did you mean `DF503`?"),
        ("# DFLS ignore=sudo-in-runn", "did you mean `sudo-in-run`?"),
    ],
)
def test_flags(pragma: str, words: str) -> None:
    found = assert_flags("DF901", f"FROM alpine:3.20\n{pragma}\n{BODY}")
    assert any(words in v.message for v in found)
    assert found[0].span.start.line == 1


def test_each_unknown_name_is_reported() -> None:
    assert_flags("DF901", f"FROM alpine:3.20\n# dfls ignore=DF9999,nonexistent\n{BODY}", count=2)


@pytest.mark.parametrize(
    "pragma",
    [
        "# dfls ignore=DF503",
        "# dfls ignore=sudo-in-run,DF5,all",
        "# hadolint ignore=DL9999",
        "# check=skip=NoSuchCheck",
        "# just a comment mentioning dfls ignore",
    ],
)
def test_does_not_flag(pragma: str) -> None:
    assert_clean("DF901", f"{pragma}\nFROM alpine:3.20\n{BODY}")


def test_a_pragma_after_the_last_instruction_is_checked_too() -> None:
    found = assert_flags("DF901", f"FROM alpine:3.20\n{BODY}# dfls ignore=DF9999\n", count=1)
    assert found[0].span.start.line == 4


def test_is_ignored_like_any_rule() -> None:
    pragma = "# dfls global ignore=DF901,DF9999\n"
    assert_clean("DF901", f"{pragma}FROM alpine:3.20\n{BODY}")
    assert_clean("DF901", f"FROM alpine:3.20\n{BODY}{pragma}")
    assert_flags("DF901", f"FROM alpine:3.20\n# dfls ignore=DF901,DF9999\n{BODY}", count=1)
