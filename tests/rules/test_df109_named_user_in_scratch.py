from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed

BUILD = "FROM golang:1.22 AS build\nRUN go build -o /server .\n"


@pytest.mark.parametrize(
    "text",
    [
        BUILD + "FROM scratch\nUSER appuser\n",
        BUILD + "FROM scratch\nUSER 1000:staff\n",
        BUILD + "FROM scratch\nuser nobody\n",
        BUILD + "FROM scratch AS base\nFROM base\nUSER app\n",
        "FROM scratch AS files\nUSER app\nFROM alpine:3\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF109", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        BUILD + "FROM scratch\nUSER 65534\n",
        BUILD + "FROM scratch\nUSER 65534:65534\n",
        BUILD + "FROM scratch\nUSER $APP_UID\n",
        BUILD + "FROM gcr.io/distroless/static-debian12\nUSER nonroot\n",
        BUILD + "FROM alpine:3\nUSER app\n",
        BUILD + "FROM scratch\nCOPY --from=build /etc/passwd /etc/passwd\nUSER app\n",
        BUILD + "FROM scratch AS base\nCOPY --from=build /etc/ /etc/\nFROM base\nUSER app\n",
        BUILD + "FROM scratch\n# dfls ignore=named-user-in-scratch\nUSER app\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF109", text)


def test_passwd_copied_after_the_user_does_not_help() -> None:
    assert_flags("DF109", BUILD + "FROM scratch\nUSER app\nCOPY --from=build /etc/passwd /etc/\n")


def test_span_is_the_user_word() -> None:
    (violation,) = assert_flags("DF109", BUILD + "FROM scratch\nUSER appuser:appgroup\n")
    assert (violation.span.start.character, violation.span.end.character) == (5, 21)
    assert "`appuser`" in violation.message


@pytest.mark.parametrize(
    ("user", "replacement"),
    [
        ("app", "65534"),
        ("app:app", "65534:65534"),
        ("1000:staff", "1000:65534"),
        ("app:10", "65534:10"),
    ],
)
def test_fix(user: str, replacement: str) -> None:
    text = BUILD + f"FROM scratch\nUSER {user}\n"
    assert fixed("DF109", text) == BUILD + f"FROM scratch\nUSER {replacement}\n"
