from __future__ import annotations

import pytest

from dfls.engine.config import Settings
from tests.rules.helpers import assert_clean, assert_flags, fixed

BUILD = "FROM golang:1.22 AS build\nRUN go build -o /server .\n"


@pytest.mark.parametrize(
    "text",
    [
        BUILD + "FROM scratch\nCMD /server\n",
        BUILD + "FROM scratch\nENTRYPOINT /server --port 80\n",
        BUILD + "FROM scratch\nHEALTHCHECK --interval=5s CMD /server -health\n",
        BUILD + "FROM scratch\nRUN mkdir /data\n",
        BUILD + "FROM scratch\nRUN <<EOF\nmkdir /data\nEOF\n",
        BUILD + "from scratch\ncmd /server\n",
        BUILD + "FROM gcr.io/distroless/static-debian12:nonroot\nCMD /server\n",
        BUILD + "FROM gcr.io/distroless/base-debian12\nCMD /server\n",
        BUILD + "FROM cgr.dev/chainguard/static\nCMD /server\n",
        BUILD + "FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nCMD dotnet app.dll\n",
        # inherited through FROM <stage>
        BUILD + "FROM scratch AS base\nCOPY --from=build /server /\nFROM base\nCMD /server\n",
        # a RUN in a non-shipped shell-less stage still breaks the build
        "FROM scratch AS files\nRUN echo hi\nFROM alpine:3\n",
        BUILD + "FROM scratch\nCMD /server \\\n  --port 80\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF108", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        BUILD + 'FROM scratch\nCMD ["/server"]\n',
        BUILD + 'FROM scratch\nHEALTHCHECK CMD ["/server", "-health"]\n',
        BUILD + "FROM scratch\nHEALTHCHECK NONE\n",
        BUILD + 'FROM scratch\nRUN ["/server", "--migrate"]\n',
        BUILD + "FROM gcr.io/distroless/static-debian12:debug\nCMD /server\n",
        BUILD + "FROM cgr.dev/chainguard/python:latest-dev\nCMD python app.py\n",
        BUILD + "FROM alpine:3.20\nCMD /server\n",
        "FROM example.com/base:1\nCMD /server\n",
        "FROM ${BASE}\nCMD /server\n",
        # the author supplied a shell
        BUILD + "FROM scratch\nCOPY --from=busybox:1.36 /bin/busybox /bin/busybox\n"
        'SHELL ["/bin/busybox", "sh", "-c"]\nRUN mkdir /data\n',
        BUILD
        + "FROM gcr.io/distroless/base-debian12\nCOPY --from=build /bin/sh /bin/sh\nCMD /server\n",
        # CMD in a stage that does not ship does not run
        BUILD + "FROM scratch AS files\nCMD /server\nFROM alpine:3\n",
        BUILD + "FROM scratch\nONBUILD RUN echo hi\n",
        BUILD + "FROM scratch\n# dfls ignore=DF108\nCMD /server\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF108", text)


def test_span_is_the_command() -> None:
    (violation,) = assert_flags(
        "DF108", BUILD + "FROM scratch\nHEALTHCHECK --interval=5s CMD /server -health\n"
    )
    assert violation.span.start.line == 3
    assert (violation.span.start.character, violation.span.end.character) == (30, 45)
    assert "health check always fails" in violation.message


@pytest.mark.parametrize(
    ("line", "converted"),
    [
        ("CMD /server --port 80", 'CMD ["/server", "--port", "80"]'),
        ("ENTRYPOINT /server", 'ENTRYPOINT ["/server"]'),
        (
            "HEALTHCHECK --retries=3 CMD /server -health",
            'HEALTHCHECK --retries=3 CMD ["/server", "-health"]',
        ),
        ("cmd /server \\\n  --port 80", 'cmd ["/server", "--port", "80"]'),
    ],
)
def test_fix_converts_to_exec_form_safely(line: str, converted: str) -> None:
    text = BUILD + f"FROM scratch\n{line}\n"
    assert fixed("DF108", text, unsafe=False) == BUILD + f"FROM scratch\n{converted}\n"


@pytest.mark.parametrize(
    "line",
    ["CMD /server $PORT", "CMD /server && echo done", "CMD /server 'a b'", "RUN mkdir /data"],
)
def test_no_fix_when_shell_syntax_or_run(line: str) -> None:
    (violation,) = assert_flags("DF108", BUILD + f"FROM scratch\n{line}\n")
    assert violation.fix is None


def test_target_stage_controls_cmd_checks() -> None:
    text = BUILD + "FROM scratch AS a\nCMD /server\nFROM alpine:3 AS b\n"
    assert_flags("DF108", text, settings=Settings(target_stage="a"))
    assert_clean("DF108", text, settings=Settings(target_stage="b"))
