"""Declared variables, suppression in each form, and the settings (real binary)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from dfls.engine import config
from tests.shellcheck.helpers import codes, lint, need_shellcheck, settings


@pytest.fixture(autouse=True)
def _binary() -> None:
    need_shellcheck()


# -- declared variables -------------------------------------------------------------------


def _unassigned(text: str) -> list[str]:
    return [c for c in codes(text) if c == "SC2154"]


def test_arg_and_env_in_scope_are_declared() -> None:
    assert _unassigned('FROM debian:12\nARG version\nRUN echo "$version"\n') == []
    assert _unassigned('FROM debian:12\nENV home=/x\nRUN echo "${home}"\n') == []
    assert _unassigned('FROM debian:12\nENV a=1 b=2\nRUN echo "$b"\n') == []


def test_names_declared_later_or_elsewhere_are_not() -> None:
    assert _unassigned('FROM debian:12\nRUN echo "$version"\nARG version\n') == ["SC2154"]
    text = 'FROM debian:12 AS a\nARG version\nFROM debian:12\nRUN echo "$version"\n'
    assert _unassigned(text) == ["SC2154"]
    # A global ARG is not in a stage until the stage declares it again.
    assert _unassigned('ARG version\nFROM debian:12\nRUN echo "$version"\n') == ["SC2154"]


def test_env_of_the_parent_stage_is_inherited() -> None:
    text = 'FROM debian:12 AS base\nENV home=/x\nFROM base\nRUN echo "$home"\n'
    assert _unassigned(text) == []


def test_arg_of_the_parent_stage_is_inherited() -> None:
    # BuildKit passes a stage's ARGs on to its children (moby/buildkit#5381); buildkit's
    # own hack/dockerfiles/shfmt.Dockerfile relies on it.
    text = 'FROM debian:12 AS base\nARG flags="-i 2"\nFROM base\nRUN shfmt $flags .\n'
    assert codes(text) == []


def test_proxy_variables_are_always_declared() -> None:
    assert _unassigned('FROM debian:12\nRUN echo "$http_proxy"\n') == []


def test_heredoc_bodies_see_the_scope_too() -> None:
    assert _unassigned('FROM debian:12\nARG v\nRUN <<EOF\necho "$v"\nEOF\n') == []


# -- suppression ---------------------------------------------------------------------------

RUN = 'FROM debian:12\n{pragma}RUN echo $foo "$bar"\n'


def _sc(text: str, values: Mapping[str, object] | None = None) -> list[str]:
    return sorted(set(codes(text, values)))


@pytest.mark.parametrize(
    "pragma",
    ["# dfls ignore=SC2086\n", "# hadolint ignore=SC2086\n", "# dfls global ignore=sc2086\n"],
)
def test_pragmas_ignore_a_code(pragma: str) -> None:
    assert _sc(RUN.format(pragma="")) == ["SC2086", "SC2154"]
    assert _sc(RUN.format(pragma=pragma)) == ["SC2154"]


def test_an_sc_code_in_a_pragma_is_not_an_unknown_rule() -> None:
    found = lint(RUN.format(pragma="# dfls ignore=SC2086,SC2154\n"), {"select": ["ALL"]})
    assert [v.code for v in found if v.code in ("DF901", "SC2086", "SC2154")] == []


def test_shellcheck_disable_inside_a_heredoc() -> None:
    text = "FROM debian:12\nRUN <<EOF\n# shellcheck disable=SC2086\necho $foo\necho $foo\nEOF\n"
    assert _sc(text) == ["SC2154"]
    one = "FROM debian:12\nRUN <<EOF\necho $foo\n# shellcheck disable=SC2086\necho $foo\nEOF\n"
    assert codes(one).count("SC2086") == 1


def test_config_select_ignore_and_prefixes() -> None:
    text = RUN.format(pragma="")
    assert _sc(text, {"ignore": ["SC2086"]}) == ["SC2154"]
    assert _sc(text, {"ignore": ["SC"]}) == []
    assert _sc(text, {"select": ["SC21"]}) == ["SC2154"]
    assert [v.code for v in lint(text, {"select": ["DF101"]})] == []  # SC not selected
    assert "SC2086" in [v.code for v in lint(text, {"select": ["DF101"], "extend-select": ["SC"]})]
    assert "SC2086" in [v.code for v in lint(text, {"select": ["ALL"]})]


def test_severity_overrides() -> None:
    text = RUN.format(pragma="")
    found = {v.code: v.severity.value for v in lint(text, {"severity": {"SC2086": "error"}})}
    assert found["SC2086"] == "error" and found["SC2154"] == "warning"
    found = {v.code: v.severity.value for v in lint(text, {"severity": {"SC": "style"}})}
    assert found["SC2086"] == "style" and found["SC2154"] == "style"
    assert _sc(text, {"severity": {"SC2154": "off"}}) == ["SC2086"]


def test_optional_checks() -> None:
    text = 'FROM debian:12\nRUN echo "$HOME"\n'
    assert _sc(text) == []
    braces = {"shellcheck": {"enable": ["require-variable-braces"]}}
    assert _sc(text, braces) == ["SC2250"]


def test_invalid_shellcheck_settings_are_reported() -> None:
    _, errors = config.from_mapping({"shellcheck": {"path": 3, "enable": ["all"]}})
    assert len(errors) == 1 and "path" in errors[0]
    _, errors = config.from_mapping({"select": ["SC2086", "SC"], "ignore": ["SC20"]})
    assert errors == []
    assert settings({"shellcheck": {"enable": ["all"]}}).shellcheck == {"enable": ("all",)}


def test_one_finding_where_a_dfls_rule_reports_the_same_cd() -> None:
    text = "FROM debian:12\nRUN cd /app; make\n"
    found = [v.code for v in lint(text, {"select": ["DF213", "SC"]})]
    assert "DF213" in found and "SC2164" not in found
    found = [v.code for v in lint(text, {"select": ["DF213", "SC"], "ignore": ["DF213"]})]
    assert "SC2164" in found


def test_declared_names_are_plain_words_like_hadolints() -> None:
    # A build argument is one word: no SC2086 for it (hadolint's behaviour), but for others.
    assert codes("FROM debian:12\nARG url\nRUN curl $url $other\n") == [
        "SC2086",
        "SC2154",
    ]


def test_a_file_wide_directive_in_a_heredoc_with_declared_names() -> None:
    text = (
        "FROM debian:12\nARG v\nRUN <<EOF\n#!/bin/sh\n# shellcheck disable=SC2086\n"
        'echo "$v"\necho $x\necho $x\nEOF\n'
    )
    assert codes(text) == ["SC2154"]  # once per name; no SC2086 anywhere
