"""The formatter's keyword case agrees with the casing rules: after formatting, DF604
(instruction casing, in the matching style) and DF607 (`AS` casing) find nothing, and
DF606 (empty continuation lines) neither."""

from __future__ import annotations

import pytest

from dfls.engine import config
from dfls.engine.format_options import FormatOptions
from dfls.engine.linting import lint
from dfls.features.format import format_text
from dfls.model import Dockerfile
from tests.conftest import corpus_files
from tests.model.checks import read_corpus_file


def _codes(text: str, settings: config.Settings) -> list[str]:
    return [v.code for v in lint(Dockerfile.parse(text.lstrip("\ufeff")), settings).violations]


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("case", "style"), [("upper", "upper"), ("majority", "consistent")], ids=["upper", "majority"]
)
def test_casing_rules_are_satisfied(case: str, style: str) -> None:
    settings, errors = config.from_mapping(
        {"select": ["DF604", "DF606", "DF607"], "rules": {"DF604": {"style": style}}}
    )
    assert errors == []
    options = FormatOptions(keyword_case=case)  # type: ignore[arg-type]
    for path in corpus_files():
        text = read_corpus_file(path)
        result = format_text(text, options)
        assert _codes(result.text, settings) == [], path


def test_lower_case_file_stays_lower_with_majority() -> None:
    text = "from alpine AS build\nrun true\nCOPY a b\n"
    assert format_text(text, FormatOptions(keyword_case="majority")).text == (
        "from alpine as build\nrun true\ncopy a b\n"
    )
