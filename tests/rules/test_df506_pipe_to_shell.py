from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags


@pytest.mark.parametrize(
    "run",
    [
        "curl -fsSL https://example.com/install.sh | sh",
        "curl -fsSL https://example.com/install.sh | bash -s -- --yes",
        "wget -qO- https://example.com/install.sh | sh",
        "wget -O - https://example.com/i.sh | sudo -E bash -",
        "apt-get update && curl -sL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs",
        'sh -c "$(curl -fsSL https://example.com/install.sh)"',
        'bash -c "$(wget -qO- https://example.com/install.sh)"',
        "bash <(curl -s https://example.com/install.sh)",
        "curl -fsSL https://example.com/install.sh \\\n    | sh",
    ],
)
def test_flags(run: str) -> None:
    assert_flags("DF506", f"FROM debian:12\nRUN {run}\n", count=1)


def test_flags_inside_heredocs() -> None:
    text = "FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://x.example/i.sh | sh\nEOF\n"
    (violation,) = assert_flags("DF506", text)
    assert violation.span.start.line == 3
    assert (violation.span.start.character, violation.span.end.character) == (0, 38)


@pytest.mark.parametrize(
    "run",
    [
        "curl -fsSLo /tmp/i.sh https://example.com/i.sh && sh /tmp/i.sh",
        "curl -fsSL https://example.com/key.gpg | gpg --dearmor -o /usr/share/keyrings/k.gpg",
        "curl -fsSL https://example.com/a.tgz | tar -xz",
        "curl -fsSL https://example.com/x | sh -c 'cat > /tmp/x'",
        "echo hi | sh",
        "sh -c 'echo $(date)'",
    ],
)
def test_does_not_flag(run: str) -> None:
    assert_clean("DF506", f"FROM debian:12\nRUN {run}\n")


def test_span_covers_the_pipeline() -> None:
    (violation,) = assert_flags(
        "DF506", "FROM debian:12\nRUN curl -fsSL https://x.example/i.sh | sh\n"
    )
    assert (violation.span.start.character, violation.span.end.character) == (4, 42)
    assert "`curl`" in violation.message and "`sh`" in violation.message


def test_suppressed() -> None:
    assert_clean("DF506", "FROM debian:12\n# dfls ignore=pipe-to-shell\nRUN curl -L x | sh\n")
