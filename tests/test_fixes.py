"""fixes.fix_text: fixes are applied to a fixed point, and a fix that does not converge
(its finding comes back after it was applied) is applied once, never again."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dfls.engine import fixes, sources
from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.features import docs
from dfls.model import Dockerfile, Span
from dfls.rules import registry
from dfls.rules.api import BuildContext, Edit, Fix, Severity, Violation
from tests.conftest import corpus_files

EVERYTHING = Settings(select=("ALL",))
CONTEXT = BuildContext(known=True, dockerignore=(".git", ".env", "node_modules"))


def _lint_all(dockerfile: Dockerfile) -> list[Violation]:
    return list(engine.lint(dockerfile, EVERYTHING, CONTEXT).violations)


def _appends_forever(dockerfile: Dockerfile) -> list[Violation]:
    """A buggy rule: every RUN is reported, and its fix appends `` x`` (the finding stays)."""
    found = []
    for instruction in dockerfile.instructions:
        if instruction.keyword == "RUN" and instruction.args_span is not None:
            end = instruction.args_span.end
            fix = Fix.safe("append", Edit(Span(end, end), " x"))
            found.append(
                Violation("DF999", "buggy", instruction.keyword_span, "m", Severity.INFO, fix)
            )
    return found


def test_a_fix_whose_finding_comes_back_is_applied_once() -> None:
    text = "FROM a\nRUN echo\nRUN true\n"
    outcome = fixes.fix_text(text, _appends_forever)
    assert outcome.text == "FROM a\nRUN echo x\nRUN true x\n"
    assert len(outcome.unconverged) == 2
    assert {v.span.start.line for v in outcome.remaining} == {1, 2}


def test_unconverged_fix_on_a_growing_instruction_is_stopped() -> None:
    """The region follows the instruction as earlier fixes add lines above it."""

    def lint(dockerfile: Dockerfile) -> list[Violation]:
        found = _appends_forever(dockerfile)
        first = dockerfile.instructions[0]
        if "# note" not in dockerfile.text:
            start = first.span.start
            fix = Fix.safe("note", Edit(Span(start, start), "# note\n"))
            found.append(Violation("DF998", "note", first.span, "n", Severity.INFO, fix))
        return found

    outcome = fixes.fix_text("FROM a\nRUN echo\n", lint)
    assert outcome.text == "# note\nFROM a\nRUN echo x\n"


def test_a_rule_with_a_new_message_each_round_is_stopped_too() -> None:
    def lint(dockerfile: Dockerfile) -> list[Violation]:
        found = _appends_forever(dockerfile)
        size = len(dockerfile.text)
        return [Violation(v.code, v.name, v.span, f"m{size}", v.severity, v.fix) for v in found]

    outcome = fixes.fix_text("FROM a\nRUN echo\n", lint)
    assert outcome.text == "FROM a\nRUN echo" + " x" * fixes.MAX_PER_REGION + "\n"
    assert outcome.unconverged


def test_a_second_step_with_a_new_message_is_applied() -> None:
    """npm's cleanup first, then yarn's, in the same RUN: two fixes, both applied."""
    text = "FROM node:20\nRUN npm ci && yarn install\n"
    outcome = fixes.fix_text(text, _lint_all)
    assert "npm cache clean --force && yarn cache clean" in outcome.text
    assert not outcome.unconverged


APPENDING = [
    ("DF201", "RUN apt-get update && apt-get install -y --no-install-recommends curl"),
    ("DF207", "RUN dnf install -y curl"),
    ("DF208", "RUN npm install"),
]


@pytest.mark.parametrize(("code", "run"), APPENDING)
@pytest.mark.parametrize("tail", [' && echo "oops', " && echo 'oops", " && echo $(date"])
def test_no_append_fix_on_a_script_with_an_open_quote(code: str, run: str, tail: str) -> None:
    text = f"FROM debian:12\n{run}{tail}\n"
    found = [v for v in _lint_all(Dockerfile.parse(text)) if v.code == code]
    assert found and all(v.fix is None for v in found), found
    assert fixes.fix_text(text, _lint_all).text == fixes.fix_text(text, _lint_all).text
    assert fixes.fix_text(text, _lint_all, unsafe=True).text.count(tail) == 1


def test_the_reviewers_fuzz_file_is_left_alone() -> None:
    """A continuation swallows `ADD \\conf\\\\" ...` into the RUN: a quote is left open."""
    text = "FROM node:alpine\nRUN npm install --production && \\\n# c\n    curl \\\n"
    text += r'ADD \conf\\" /.znc' + "\n"
    once = fixes.fix_text(text, _lint_all).text
    assert "npm cache clean" not in once


def _examples() -> list[str]:
    found = []
    for rule in registry.ALL_RULES:
        parsed = docs.parse_docs(rule)
        found += [t for t in (parsed.example, parsed.use_instead) if t]
    return found


def _corpus() -> list[str]:
    return [sources.read(p).text for p in corpus_files()]


def _idempotent(text: str) -> None:
    for unsafe in (False, True):
        once = fixes.fix_text(text, _lint_all, unsafe=unsafe)
        twice = fixes.fix_text(once.text, _lint_all, unsafe=unsafe)
        assert twice.text == once.text, (unsafe, text, once.text, twice.text)
        assert once.rounds < fixes.MAX_ROUNDS


@pytest.mark.parametrize("text", _examples())
def test_fix_text_is_idempotent_on_every_docs_example(text: str) -> None:
    from textwrap import dedent

    _idempotent(dedent(text))


@pytest.mark.corpus
def test_fix_text_is_idempotent_on_the_corpus() -> None:
    for text in _corpus():
        _idempotent(text)


_LINES = st.sampled_from(
    [
        "FROM debian:12",
        "FROM node:20 AS build",
        "RUN apt-get update",
        "RUN apt-get update && apt-get install -y curl",
        "RUN apt-get install curl",
        "RUN npm install",
        "RUN dnf install -y gcc",
        "RUN pip install flask",
        "RUN apk add curl",
        'RUN echo "open',
        "RUN echo 'open",
        "RUN echo $(open",
        "RUN cd /app && make",
        "CMD python app.py",
        "maintainer me",
        "ENV A b",
        "ADD a.txt /a",
        "WORKDIR app",
        "RUN sudo make install",
        "RUN a && \\",
        "    b",
        "",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, min_size=1, max_size=8))
def test_fix_text_is_idempotent_on_generated_files(lines: list[str]) -> None:
    _idempotent("\n".join(lines) + "\n")
