from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nCMD python app.py\n",
        "FROM alpine:3.20\nentrypoint gunicorn app:app\n",
        "FROM alpine:3.20\nCMD python \\\n    app.py\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF401", text)


@pytest.mark.parametrize(
    "text",
    [
        'FROM alpine:3.20\nCMD ["python", "app.py"]\n',
        "FROM alpine:3.20\n# dfls ignore=shell-form-command\nCMD python app.py\n",
        "FROM alpine:3.20\nRUN echo hi\n",
        # Meant as exec form but not JSON: DF402 reports it precisely.
        "FROM alpine:3.20\nCMD ['python', 'app.py']\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF401", text)


def test_fix_converts_simple_commands() -> None:
    assert fixed("DF401", "FROM a:1\nCMD python -m app --port 80\n") == (
        'FROM a:1\nCMD ["python", "-m", "app", "--port", "80"]\n'
    )


@pytest.mark.parametrize("command", ["python $APP", "a && b", "echo 'hi there'", "run *.py"])
def test_no_fix_when_the_shell_is_needed(command: str) -> None:
    (violation,) = assert_flags("DF401", f"FROM a:1\nCMD {command}\n")
    assert violation.fix is None


def test_fix_keeps_non_ascii_characters_readable() -> None:
    assert fixed("DF401", "FROM a:1\nCMD python café.py\n") == (
        'FROM a:1\nCMD ["python", "café.py"]\n'
    )


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12-slim\nCMD exec python app.py\n",
        "FROM python:3.12-slim\nENTRYPOINT exec gunicorn app:app\n",
    ],
)
def test_exec_in_shell_form_is_what_the_exceptions_recommend(text: str) -> None:
    assert_clean("DF401", text)


@pytest.mark.parametrize(
    ("text", "shell"),
    [
        ("FROM python:3.12-slim\nCMD python app.py\n", "/bin/sh"),
        ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD app.exe\n", "cmd /S /C"),
        ('FROM debian:12\nCMD a\nSHELL ["/bin/bash", "-c"]\nENTRYPOINT b\n', "/bin/sh"),
    ],
)
def test_message_names_the_stages_shell(text: str, shell: str) -> None:
    (found,) = assert_flags("DF401", text)
    assert f"runs under {shell}," in found.message


@pytest.mark.parametrize(
    "text",
    [
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-c"]\n'
        "CMD Start-Service w3svc\n",
        'FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nCMD app\n',
        'FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nENTRYPOINT app\n',
        'FROM debian:12\nSHELL ["/usr/bin/customshell"]\nCMD mycommand\n',
    ],
)
def test_quiet_once_the_stage_or_its_base_sets_shell(text: str) -> None:
    assert_clean("DF401", text)


def test_quiet_where_the_shipped_image_has_no_shell_df108_reports_it() -> None:
    text = (
        "FROM golang:1.22 AS build\nRUN go build -o /server .\n"
        "FROM scratch\nCOPY --from=build /server /server\nCMD /server --port 8080\n"
    )
    assert_clean("DF401", text)
    busybox = text.replace("CMD", "COPY --from=busybox:1.36 /bin/busybox /bin/sh\nCMD")
    assert_flags("DF401", busybox)
