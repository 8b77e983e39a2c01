"""Suppression comments: reasons after the codes, BuildKit's check=skip above an instruction."""

from __future__ import annotations

import pytest

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from dfls.model.pragmas import CheckSkip, Pragma, parse_check_comment, parse_pragma

# DF401 (JSONArgsRecommended), DF601 (MaintainerDeprecated), DF505 (SecretsUsedInArgOrEnv),
# DF101 (no BuildKit alias): enough to tell what each comment skips.
RULES = ("DF101", "DF401", "DF505", "DF601", "DF901")


def found(text: str) -> list[tuple[str, int]]:
    result = engine.lint(Dockerfile.parse(text), Settings(select=RULES))
    return [(v.code, v.span.start.line + 1) for v in result.violations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "dfls ignore=DF401 because the shell is needed",
            ("dfls", False, ["DF401"], "because the shell is needed"),
        ),
        ("dfls ignore=DF401, DF402", ("dfls", False, ["DF401", "DF402"], "")),
        ("dfls ignore=DF401: PID 1 is tini", ("dfls", False, ["DF401"], "PID 1 is tini")),
        (
            "hadolint ignore=DL3008,DL3009 pinned upstream",
            ("hadolint", False, ["DL3008", "DL3009"], "pinned upstream"),
        ),
        ("dfls global ignore=DF2 -- legacy image", ("dfls", True, ["DF2"], "-- legacy image")),
        ("DFLS Ignore = shell-form-command", ("dfls", False, ["shell-form-command"], "")),
    ],
)
def test_pragma_codes_and_reason(text: str, expected: tuple[str, bool, list[str], str]) -> None:
    assert parse_pragma(text) == Pragma(*expected)


@pytest.mark.parametrize(
    "text", ["dfls ignore=", "dfls ignored=DF401", "ignore=DF401", "note: dfls ignore=DF401"]
)
def test_not_a_pragma(text: str) -> None:
    assert parse_pragma(text) is None


def test_a_reason_is_not_a_rule() -> None:
    text = "FROM a:1\n# dfls ignore=DF401 because the shell is needed\nCMD a b\nCMD c d\n"
    assert found(text) == [("DF401", 4)]  # no DF901 for "because", the second CMD is reported
    text = "FROM a:1\n# hadolint ignore=DL3025 we want the shell\nCMD a b\n"
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "check=skip=SecretsUsedInArgOrEnv // allow secret",
            CheckSkip(("SecretsUsedInArgOrEnv",), False),
        ),
        ("check=skip=all // local to this instruction", CheckSkip((), True)),
        ("check = skip=A,B;error=true", CheckSkip(("A", "B"), False)),
        ("check=error=true", CheckSkip((), False)),
        ("checks=skip=A", None),
        ("a comment about check=skip=A", None),
    ],
)
def test_check_comment(text: str, expected: CheckSkip | None) -> None:
    assert parse_check_comment(text) == expected


def test_check_skip_above_an_instruction_is_local_to_it() -> None:
    """BuildKit's testSecretsUsedInArgOrEnv, in our words: the skips apply to the next
    instruction and to nothing after it."""
    text = (
        "FROM scratch\n"
        "# check=skip=SecretsUsedInArgOrEnv // allow a secret here\n"
        "ENV password=bar\n"
        "ENV password=baz\n"
        "# check=skip=all // local to this instruction\n"
        "ARG alternate_password\n"
        "ARG api_token\n"
    )
    assert found(text) == [("DF505", 4), ("DF505", 7)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM alpine:3.20\n# check=skip=JSONArgsRecommended\nCMD mycommand\n", []),
        ("FROM alpine:3.20\n# check=skip=JSONArgsRecommended\nENTRYPOINT mycommand\n", []),
        ("FROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER me@example.org\n", []),
        # blank lines do not end BuildKit's comment block; an empty comment line does
        ("FROM alpine:3.20\n# check=skip=JSONArgsRecommended\n\nCMD mycommand\n", []),
        ("FROM alpine:3.20\n# check=skip=JSONArgsRecommended\n#\nCMD mycommand\n", [("DF401", 4)]),
        # only the first check= comment counts, as in BuildKit
        ("FROM alpine:3.20\n# check=error=true\n# check=skip=all\nCMD mycommand\n", [("DF401", 4)]),
        # a name of another check skips nothing here
        ("FROM alpine:3.20\n# check=skip=MaintainerDeprecated\nCMD mycommand\n", [("DF401", 3)]),
        # rules without a BuildKit alias are not skipped by skip=all
        ("# note\n# check=skip=all\nFROM python\n", [("DF101", 3)]),
        # with a dfls pragma as well: both apply
        (
            "FROM a:1\n# check=skip=MaintainerDeprecated\n# dfls ignore=DF401\nMAINTAINER x\nCMD y\n",
            [("DF401", 5)],
        ),
    ],
)
def test_check_skip_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert found(text) == expected


def test_the_file_directive_still_skips_everywhere() -> None:
    text = "# check=skip=JSONArgsRecommended\nFROM a:1\nCMD a\nCMD b\n"
    assert found(text) == []
