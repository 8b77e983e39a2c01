from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nCOPY $SRC /app/\n",
        "FROM scratch\nWORKDIR /opt/${APP}\n",
        "FROM alpine:3.20\nUSER $APP_USER\n",
        "FROM alpine:3.20\nLABEL version=$VERSION\n",
        "FROM alpine:3.20\nVOLUME $DATA\n",
        "FROM alpine:3.20\nCOPY --chown=$UID:0 a /a\n",
        "FROM alpine:3.20\nRUN --mount=type=cache,target=$CACHE make\n",
        "FROM alpine:3.20\nARG OUT=$PREFIX/bin\n",
        "FROM alpine:3.20\nENV HOME_DIR=/home/$USERNAME\nARG USERNAME=app\n",
        "FROM alpine:3.20\nCOPY ${SRC:-.} /app/\n",
        "FROM alpine:3.20\nCOPY ${A:-$B} /app/\nARG A\n",
        "FROM alpine:3.20\nCOPY <<EOF /etc/app.conf\nport=$PORT\nEOF\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF110", text)


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nARG SRC=.\nCOPY $SRC /app/\n",
        "FROM alpine:3.20\nARG SRC\nCOPY $SRC /app/\n",
        "FROM alpine:3.20\nENV SRC=.\nCOPY $SRC /app/\n",
        "FROM alpine:3.20\nENV PATH=/opt/bin:$PATH\n",
        "FROM alpine:3.20\nRUN echo $UNDEFINED\n",
        "FROM alpine:3.20\nCMD echo $UNDEFINED\n",
        'FROM alpine:3.20\nHEALTHCHECK CMD wget -q "$URL"\n',
        "FROM alpine:3.20\nEXPOSE $PORT\n",
        "FROM alpine:3.20\nCOPY --from=$STAGE /a /a\n",
        "FROM alpine:3.20\nCOPY '$LITERAL' /a\n",
        "FROM alpine:3.20\nCOPY \\$LITERAL /a\n",
        "FROM alpine:3.20\nCOPY <<'EOF' /etc/app.conf\nport=$PORT\nEOF\n",
        "FROM alpine:3.20\nRUN <<EOF\necho $PORT\nEOF\n",
        "FROM alpine:3.20\nARG PORT=80\nCOPY <<EOF /etc/app.conf\nport=$PORT\nEOF\n",
        "FROM golang:1.22\nWORKDIR $GOPATH/src/app\n",
        "FROM node:20\nLABEL node=$NODE_VERSION\n",
        "FROM alpine:3.20 AS base\nENV APP=/srv\nFROM base\nWORKDIR $APP\n",
        "ARG V=1\nFROM alpine:3.20\nARG V\nLABEL v=$V\n",
        # an image dfls does not know may set the variable: no evidence of a mistake
        "FROM example.com/team/base:1\nWORKDIR $APP_HOME\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR $ProgramData\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF110", text)


@pytest.mark.parametrize(
    "text",
    [
        "FROM example.com/team/base:1\nARG APP_HOME=/srv\nWORKDIR $APP_HOM\n",
        "FROM example.com/team/base:1\nWORKDIR $APP\nENV APP=/srv\n",
        "ARG APP=/srv\nFROM example.com/team/base:1\nWORKDIR $APP\n",
        "FROM example.com/team/base:1\nCOPY bin/$TARGETARCH/app /app\n",
    ],
)
def test_unknown_base_images_need_evidence(text: str) -> None:
    assert_flags("DF110", text, count=1)


def test_span_and_did_you_mean() -> None:
    (violation,) = assert_flags(
        "DF110", "FROM alpine:3.20\nARG DIR_ASSETS=a\nCOPY ${DIR_ASSET} .\n"
    )
    start, end = violation.span
    assert (start.line, start.character, end.character) == (2, 5, 17)
    assert "did you mean `$DIR_ASSETS`?" in violation.message


def test_span_in_a_heredoc_body() -> None:
    text = "FROM alpine:3.20\nCOPY <<EOF /a\nx\n  ${PORT}\nEOF\n"
    (violation,) = assert_flags("DF110", text)
    start, end = violation.span
    assert (start.line, start.character, end.character) == (3, 2, 9)


def test_same_env_does_not_define_its_own_values() -> None:
    (violation,) = assert_flags("DF110", "FROM alpine:3.20\nENV A=1 B=$A\n")
    assert "values of one ENV" in violation.message


def test_fix_replaces_the_typo() -> None:
    text = "FROM alpine:3.20\nARG DIR_ASSETS=a\nCOPY ${DIR_ASSET} $DIR_ASSET .\n"
    assert fixed("DF110", text) == (
        "FROM alpine:3.20\nARG DIR_ASSETS=a\nCOPY ${DIR_ASSETS} $DIR_ASSETS .\n"
    )


def test_fix_declares_a_global_or_platform_arg_in_the_stage() -> None:
    text = "ARG APP=/srv\nFROM alpine:3.20\nRUN true\nWORKDIR $APP/$TARGETARCH\n"
    assert fixed("DF110", text) == (
        "ARG APP=/srv\nFROM alpine:3.20\nRUN true\nARG APP\nARG TARGETARCH\n"
        "WORKDIR $APP/$TARGETARCH\n"
    )
    assert fixed("DF110", text, unsafe=False) == text
