"""ShellCheck's findings through the outputs the rules' findings use: SARIF (valid, with
its wiki as the rule's help), hover, and the LSP diagnostic's link (real binary)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from dfls.features import hover
from dfls.lsp import convert
from dfls.lsp.session import _rule_url
from dfls.model import Dockerfile, Position
from tests.shellcheck.helpers import lint, need_shellcheck, run_dfls

SCHEMA = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"
TEXT = "FROM debian:12\nRUN echo $foo\n"


@pytest.fixture(autouse=True)
def _binary() -> None:
    need_shellcheck()


def test_sarif_is_valid_and_names_the_wiki(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(TEXT)
    run = run_dfls("check", "--select", "ALL", "-f", "sarif", "Dockerfile", cwd=tmp_path)
    data = json.loads(run.stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (sarif_run,) = data["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    results = [r for r in sarif_run["results"] if r["ruleId"] == "SC2086"]
    assert len(results) == 1
    rule = rules[results[0]["ruleIndex"]]
    assert rule["id"] == "SC2086"
    assert rule["helpUri"] == "https://www.shellcheck.net/wiki/SC2086"
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 10, 14)


def test_hover_on_a_finding_shows_shellchecks_message_and_wiki() -> None:
    found = lint(TEXT, {"select": ["SC"]})
    shown = hover.hover(Dockerfile.parse(TEXT), Position(1, 11), found)
    assert shown is not None
    assert "**SC2086** (ShellCheck): Double quote" in shown.markdown
    assert "https://www.shellcheck.net/wiki/SC2086" in shown.markdown


def test_the_diagnostic_links_to_the_wiki() -> None:
    (found,) = [v for v in lint(TEXT, {"select": ["SC"]}) if v.code == "SC2086"]
    lines = Dockerfile.parse(TEXT).lines
    diagnostic = convert.diagnostic(found, lines, convert.UTF16, _rule_url("SC2086", None))
    assert diagnostic["code"] == "SC2086"
    assert diagnostic["codeDescription"]["href"] == "https://www.shellcheck.net/wiki/SC2086"
    assert diagnostic["severity"] == 3  # info


def test_dfls_rule_points_a_shellcheck_code_to_the_wiki() -> None:
    from dfls.cli.rules_command import unknown_rule

    assert unknown_rule("sc2086").endswith("https://www.shellcheck.net/wiki/SC2086")
