from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM centos:7\nRUN yum install -y httpd\n",
        "FROM fedora:40\nrun dnf -y install httpd\n",
        "FROM ubi9/ubi-minimal\nRUN microdnf install -y shadow-utils\n",
        "FROM photon:5.0\nRUN tdnf install -y git\n",
        "FROM opensuse/leap:15\nRUN zypper -n in git\n",
        "FROM fedora:40\nRUN dnf install -y a && dnf install -y b\n",
        "FROM fedora:40\nRUN dnf install -y httpd && dnf clean packages\n",
        "FROM fedora:40\nRUN dnf install -y httpd\nRUN dnf clean all\n",
        "FROM fedora:40\nRUN <<EOF\ndnf install -y httpd\nEOF\n",
        "FROM fedora:40 AS base\nRUN dnf install -y httpd\nFROM base\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF207", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        "FROM centos:7\nRUN yum install -y httpd && \\\n    yum -q clean all\n",
        "FROM ubi9\nRUN yum install -y httpd && dnf clean all\n",
        "FROM ubi9/ubi-minimal\nRUN microdnf install -y x && microdnf clean all\n",
        "FROM fedora:40\nRUN dnf install -y httpd && rm -rf /var/cache/dnf\n",
        "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y x\n",
        "FROM photon:5.0\nRUN --mount=type=cache,target=/var/cache/tdnf tdnf install -y git\n",
        "FROM opensuse/leap:15\nRUN zypper -n in git && zypper clean -a\n",
        "FROM opensuse/leap:15\nRUN zypper -n in git && zypper cc\n",
        "FROM fedora:40 AS build\nRUN dnf install -y gcc\nFROM scratch\n",
        "FROM fedora:40\nRUN dnf remove -y httpd\n",
        "FROM fedora:40\nONBUILD RUN dnf install -y httpd\n",
        "FROM fedora:40\n# hadolint ignore=DL3040\nRUN dnf install -y httpd\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF207", text)


def test_span_and_message() -> None:
    (violation,) = assert_flags("DF207", "FROM fedora:40\nRUN dnf -y install httpd\n")
    assert (violation.span.start.character, violation.span.end.character) == (4, 18)
    assert "dnf clean all" in violation.message


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN yum install -y x\n", "RUN yum install -y x && yum clean all\n"),
        ("RUN zypper -n in x\n", "RUN zypper -n in x && zypper clean --all\n"),
    ],
)
def test_fix_is_safe(before: str, after: str) -> None:
    assert fixed("DF207", "FROM a:1\n" + before, unsafe=False) == "FROM a:1\n" + after


def test_no_fix_in_heredoc() -> None:
    (violation,) = assert_flags("DF207", "FROM a:1\nRUN <<EOF\ndnf install -y x\nEOF\n")
    assert violation.fix is None
