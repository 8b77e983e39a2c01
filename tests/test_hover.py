"""Hover texts: rule docs on findings, references on keywords/flags/directives, values."""

from __future__ import annotations

import pytest

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.features import hover
from dfls.knowledge import reference
from dfls.model import Dockerfile, Position
from dfls.model.lexer import INSTRUCTIONS

TEXT = """\
# syntax=docker/dockerfile:1
# escape=\\
# check=skip=JSONArgsRecommended
ARG BASE=python:3.12
FROM ${BASE} AS build
ARG VERSION=1.0
ENV APP_HOME=/app
RUN --mount=type=cache,target=/root/.cache --network=none --security=sandbox echo $VERSION $NOPE
COPY --from=build --chmod=755 --link --parents --exclude=*.md . /dst/
ADD --checksum=sha256:abc --keep-git-dir --unpack https://x/y.tar /z
FROM --platform=$BUILDPLATFORM golang:1.22
HEALTHCHECK --interval=5s --timeout=3s --start-period=1s --start-interval=1s --retries=2 CMD true
ONBUILD RUN echo $APP_HOME
FROM build
"""


def _at(line: int, text: str, offset: int = 1) -> hover.HoverText | None:
    dockerfile = Dockerfile.parse(TEXT)
    column = dockerfile.lines[line].index(text) + offset
    return hover.hover(dockerfile, Position(line, column))


def _md(line: int, text: str, offset: int = 1) -> str:
    found = _at(line, text, offset)
    assert found is not None
    return found.markdown


def test_every_instruction_has_a_reference() -> None:
    assert set(reference.INSTRUCTIONS) == set(INSTRUCTIONS)
    for keyword in INSTRUCTIONS:
        text = reference.instruction(keyword)
        assert text is not None
        assert text.startswith(f"**{keyword}**")
        assert "docs.docker.com/reference/dockerfile/#" in text


@pytest.mark.parametrize(
    ("line", "token", "expected"),
    [
        (0, "syntax", "frontend"),
        (1, "escape", "escapes line ends"),
        (2, "check", "build checks"),
        (7, "RUN", "**RUN**"),
        (7, "--mount", "type=cache"),
        (7, "--network", "**RUN --network**"),
        (7, "--security", "insecure"),
        (8, "--from", "multi-stage"),
        (8, "--chmod", "**COPY --chmod**"),
        (8, "--link", "independent layer"),
        (8, "--parents", "parent directories"),
        (8, "--exclude", "**COPY --exclude**"),
        (9, "--checksum", "**ADD --checksum**"),
        (9, "--keep-git-dir", "`.git`"),
        (9, "--unpack", "**ADD --unpack**"),
        (10, "--platform", "**FROM --platform**"),
        (11, "--interval", "Time between"),
        (11, "--timeout", "**HEALTHCHECK --timeout**"),
        (11, "--start-period", "Start-up time"),
        (11, "--start-interval", "during the start period"),
        (11, "--retries", "Consecutive failures"),
        (12, "ONBUILD", "**ONBUILD**"),
        (12, "RUN", "**RUN**"),
    ],
)
def test_references(line: int, token: str, expected: str) -> None:
    assert expected in _md(line, token)


def test_variables_resolve_at_their_line() -> None:
    assert "`$VERSION`** = `1.0`" in _md(7, "$VERSION")
    assert "not set by this Dockerfile" in _md(7, "$NOPE")
    assert "`$BASE`** = `python:3.12`" in _md(4, "${BASE}", 3)
    assert "predefined by BuildKit" in _md(10, "$BUILDPLATFORM", 2)


def test_arg_and_env_names() -> None:
    assert "**ARG `VERSION`** = `1.0`" in _md(5, "VERSION")
    assert "**ENV `APP_HOME`** = `/app`" in _md(6, "APP_HOME")


def test_base_images() -> None:
    golang = _md(10, "golang")
    assert "Size class: **sdk**" in golang
    assert "multi-stage" in golang
    python = _md(4, "${BASE}", 1)
    assert "`python:3.12`" in python
    assert "python:3.12-slim" in python
    assert "build stage on line 5" in _md(13, "build")


def test_rule_docs_on_findings_come_first() -> None:
    text = "FROM python:latest\n"
    dockerfile = Dockerfile.parse(text)
    result = engine.lint(dockerfile, Settings(select=("DF101",)))
    found = hover.hover(dockerfile, Position(0, 8), result.violations)
    assert found is not None
    first, _, rest = found.markdown.partition(hover.SEPARATOR)
    assert first.startswith("### image-tag (DF101)")
    assert "(base image)" in rest
    assert found.span == result.violations[0].span


def test_nothing_to_say() -> None:
    dockerfile = Dockerfile.parse("FROM a\n\n# just a comment\nRUN echo hi\n")
    assert hover.hover(dockerfile, Position(1, 0)) is None
    assert hover.hover(dockerfile, Position(2, 3)) is None
    assert hover.hover(dockerfile, Position(3, 6)) is None
    assert hover.hover(dockerfile, Position(99, 0)) is None


def test_plain_text() -> None:
    markdown = _md(7, "--mount")
    plain = hover.plain(markdown)
    assert "```" not in plain
    assert "**" not in plain
    assert "`" not in plain
    assert "Dockerfile reference <https://docs.docker.com/" in plain


def test_plain_text_keeps_comment_lines_in_code_blocks() -> None:
    """Regression: a `# comment` line in an example was taken for a heading and lost its
    `# ` in plain-text hovers (eglot, ALE)."""
    markdown = "### Example\n\n```dockerfile\nFROM alpine:3.20\n# dfls ignore=DF9999\n```\n"
    assert hover.plain(markdown).splitlines() == [
        "Example",
        "",
        "    FROM alpine:3.20",
        "    # dfls ignore=DF9999",
    ]


def test_a_wider_finding_yields_to_the_token_under_the_cursor() -> None:
    """DF501 spans the final FROM line: on its keyword, flag or image the token's reference
    comes first and the finding gets one line with a docs link; elsewhere, its full docs."""
    text = 'FROM --platform=linux/amd64 python:3.12-slim AS final\nCMD ["python"]\n'
    dockerfile = Dockerfile.parse(text)
    result = engine.lint(dockerfile, Settings(select=("DF501",)))
    (df501,) = result.violations
    line = dockerfile.lines[0]
    for token, expected in (
        ("FROM", reference.instruction("FROM")),
        ("--platform", reference.flag("FROM", "platform")),
        ("python:3.12", "(base image)"),
    ):
        found = hover.hover(dockerfile, Position(0, line.index(token) + 1), result.violations)
        assert found is not None
        first, _, rest = found.markdown.partition(hover.SEPARATOR)
        assert expected and expected in first
        assert "Why is this bad?" not in found.markdown
        assert rest.startswith("**DF501** (")
        assert "[Rule docs](file://" in rest  # the page shipped with dfls (tests/test_links.py)
        assert found.span is not None and found.span != df501.span
    on_alias = hover.hover(dockerfile, Position(0, line.index("AS") + 1), result.violations)
    assert on_alias is not None
    assert on_alias.markdown.startswith("### ")
    assert "DF501" in on_alias.markdown and "Why is this bad?" in on_alias.markdown
    assert on_alias.span == df501.span
