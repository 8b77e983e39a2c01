from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install curl\n",
        "FROM debian:12\nrun apt install curl\n",
        "FROM debian:12\nRUN apt-get -q install curl\n",
        "FROM debian:12\nRUN apt-get purge gcc\n",
        "FROM debian:12\nRUN apt-get upgrade\n",
        "FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive apt-get install curl\n",
        "FROM debian:12 AS build\nRUN apt-get install gcc\nFROM scratch\n",
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install curl\nEOF\n",
        "FROM debian:12\nRUN apt-get update && \\\n    apt-get install \\\n      curl\n",
        "FROM centos:7\nRUN yum install httpd\n",
        "FROM fedora:40\nRUN dnf install httpd\n",
        "FROM opensuse/leap:15\nRUN zypper install git\n",
        "FROM photon:5.0\nRUN tdnf install git\n",
        "# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install curl\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF203", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get install --yes curl\n",
        "FROM debian:12\nRUN apt-get install --assume-yes curl\n",
        "FROM debian:12\nRUN apt-get -qq install curl\n",
        "FROM debian:12\nRUN apt-get install -qy curl\n",
        "FROM debian:12\nRUN apt-get -y install curl\n",
        "FROM debian:12\nRUN apt-get install -o APT::Get::Assume-Yes=true curl\n",
        "FROM debian:12\nRUN yes | apt-get install curl\n",
        "FROM debian:12\nRUN apt-get update\n",
        "FROM debian:12\nRUN apt-get clean\n",
        "FROM centos:7\nRUN yum install -y httpd\n",
        "FROM fedora:40\nRUN dnf --assumeyes install httpd\n",
        "FROM opensuse/leap:15\nRUN zypper -n install git\n",
        "FROM opensuse/leap:15\nRUN zypper --non-interactive in git\n",
        "FROM opensuse/leap:15\nRUN zypper install -y git\n",
        "FROM ubi9/ubi-minimal\nRUN microdnf install shadow-utils\n",
        "FROM debian:12\nONBUILD RUN apt-get install curl\n",
        "FROM debian:12\n# dfls ignore=missing-assume-yes\nRUN apt-get install curl\n",
        "FROM debian:12\n# hadolint ignore=DL3014\nRUN apt-get install curl\n",
        "FROM debian:12\nRUN echo apt-get install curl\n",
        # A heredoc written to a file is data, not a script.
        "FROM debian:12\nRUN cat > /setup.sh <<EOF\napt-get install curl\nEOF\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF203", text)


def test_span_and_message() -> None:
    (violation,) = assert_flags(
        "DF203", "FROM debian:12\nRUN apt-get update && apt-get install x\n"
    )
    assert (violation.span.start.character, violation.span.end.character) == (22, 37)
    assert "`apt-get install`" in violation.message


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN apt-get install curl\n", "RUN apt-get install -y curl\n"),
        ("RUN apt-get -q install curl\n", "RUN apt-get -q install -y curl\n"),
        ("RUN yum install httpd\n", "RUN yum install -y httpd\n"),
        ("RUN zypper in git\n", "RUN zypper in -y git\n"),
        ("RUN <<EOF\napt-get install curl\nEOF\n", "RUN <<EOF\napt-get install -y curl\nEOF\n"),
    ],
)
def test_fix_is_safe(before: str, after: str) -> None:
    assert fixed("DF203", "FROM a:1\n" + before, unsafe=False) == "FROM a:1\n" + after
