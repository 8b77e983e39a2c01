from __future__ import annotations

import pytest

from dfls.rules.api import Tag
from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM a:1\nMAINTAINER Jane <jane@example.com>\n",
        "FROM a:1\nmaintainer jane\n",
        "MAINTAINER jane\nFROM a:1\n",
        "FROM a:1\nMAINTAINER Jane \\\n  Doe\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF601", text)


@pytest.mark.parametrize(
    "text",
    [
        'FROM a:1\nLABEL org.opencontainers.image.authors="jane"\n',
        "FROM a:1\nLABEL maintainer=jane\n",
        "FROM a:1\n# hadolint ignore=DL4000\nMAINTAINER jane\n",
        "# check=skip=MaintainerDeprecated\nFROM a:1\nMAINTAINER jane\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF601", text)


def test_span_is_the_keyword_and_tagged_deprecated() -> None:
    (violation,) = assert_flags("DF601", "FROM a:1\n  MAINTAINER jane\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 2, 12)
    assert Tag.DEPRECATED in violation.tags


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "MAINTAINER Jane Doe <jane@example.com>",
            'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"',
        ),
        ("maintainer jane", 'label org.opencontainers.image.authors="jane"'),
        (
            'MAINTAINER NGINX "docker-maint@nginx.com"',
            'LABEL org.opencontainers.image.authors="NGINX \\"docker-maint@nginx.com\\""',
        ),
        ("MAINTAINER $5 \\o/", 'LABEL org.opencontainers.image.authors="\\$5 \\\\o/"'),
    ],
)
def test_fix_writes_the_oci_label(before: str, after: str) -> None:
    assert fixed("DF601", f"FROM a:1\n{before}\n", unsafe=False) == f"FROM a:1\n{after}\n"


def test_fix_uses_the_escape_directive() -> None:
    text = "# escape=`\nFROM a:1\nMAINTAINER a`b\n"
    assert fixed("DF601", text) == (
        '# escape=`\nFROM a:1\nLABEL org.opencontainers.image.authors="a``b"\n'
    )
