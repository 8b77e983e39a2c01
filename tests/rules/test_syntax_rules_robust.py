"""The syntax rules (DF9xx, DF608) never fail on broken input, and their spans lie inside
the file: the editor shows them on every keystroke of a half-written line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from tests.model.checks import dockerfiles

SYNTAX = Settings(select=("DF9", "DF608", "DF120", "DF121"))
PIECES = st.sampled_from(
    [
        "FROM",
        "FROM a AS",
        "EXPOSE",
        "EXPOSE 80/",
        "EXPOSE :",
        "EXPOSE -/",
        "EXPOSE 1-",
        "COPY --",
        "COPY --=",
        "COPY --from",
        "COPY --link=",
        "HEALTHCHECK",
        "HEALTHCHECK CMD",
        "ENV",
        "ENV =",
        "ENV a",
        "ENV a=1 b",
        'LABEL "',
        "ARG '",
        "ONBUILD",
        "ONBUILD ONBUILD",
        "ONBUILD FROM",
        "WORKDIR",
        "RUN <<EOF",
        "# escape=x",
        "# check=skip=",
        "#",
        "# dfls ignore=",
        "# dfls ignore=DF9 because",
        "\\",
        " ",
        "\t",
        '"',
        "'",
        "$",
        "${",
    ]
)


def _check(text: str) -> None:
    dockerfile = Dockerfile.parse(text)
    result = engine.lint(dockerfile, SYNTAX)
    assert not result.rule_errors, result.rule_errors
    last = dockerfile.line_count - 1
    for violation in result.violations:
        start, end = violation.span
        assert 0 <= start.line <= end.line <= last, violation
        assert start <= end, violation


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=12), st.lists(st.sampled_from(["\n", " ", "\r\n"]), max_size=12))
def test_fragments(pieces: list[str], joins: list[str]) -> None:
    text = "".join(p + (joins[i] if i < len(joins) else "\n") for i, p in enumerate(pieces))
    _check(text)


@settings(max_examples=100, deadline=None)
@given(dockerfiles())
def test_dockerfile_like_text(text: str) -> None:
    _check(text)
