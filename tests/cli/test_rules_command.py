"""`dfls rules` and `dfls rule`."""

from __future__ import annotations

import json

import pytest

from dfls.cli import rules_command
from dfls.features import docs
from dfls.rules import registry
from dfls.rules.api import Rule
from tests.cli.conftest import Dfls


def test_rules_json_shape(dfls: Dfls) -> None:
    run = dfls("rules", "--format", "json")
    assert run.code == 0
    data = json.loads(run.out)
    assert [entry["code"] for entry in data] == [rule.code for rule in registry.ALL_RULES]
    for entry in data:
        assert set(entry) == {"code", "name", "severity", "summary", "fix", "aliases", "docs"}
        assert entry["severity"] in ("error", "warning", "info", "style")
        assert entry["fix"] in ("always", "sometimes", "never")
        assert set(entry["aliases"]) == {"hadolint", "buildkit"}
        assert entry["docs"].startswith(f"# {entry['name']} ({entry['code']})")
    shell = next(entry for entry in data if entry["code"] == "DF401")
    assert shell["name"] == "shell-form-command"
    assert shell["fix"] == "sometimes"
    assert shell["aliases"] == {"hadolint": ["DL3025"], "buildkit": ["JSONArgsRecommended"]}
    assert shell["summary"] == docs.parse_docs(registry.ALL_RULES[0]).summary or shell["summary"]


def test_rules_text_lists_every_rule(dfls: Dfls) -> None:
    run = dfls("rules")
    lines = run.out.splitlines()
    assert len(lines) == len(registry.ALL_RULES)
    shell = next(line for line in lines if line.startswith("DF401"))
    assert "shell-form-command" in shell
    assert "warning" in shell


@pytest.mark.parametrize("key", ["DF401", "df401", "shell-form-command", "DL3025"])
def test_rule_by_code_name_or_alias(dfls: Dfls, key: str) -> None:
    run = dfls("rule", key)
    assert run.code == 0
    assert run.out.startswith("shell-form-command (DF401)\n")
    assert "What it does" in run.out
    assert "```" not in run.out  # plain text when not on a terminal


def test_rule_markdown(dfls: Dfls) -> None:
    run = dfls("rule", "DF401", "--format", "markdown")
    assert run.out == docs.render_markdown(
        registry.ALL_RULES[[r.code for r in registry.ALL_RULES].index("DF401")]
    )


def test_unknown_rule_suggests(dfls: Dfls) -> None:
    run = dfls("rule", "shell-form-comand")
    assert run.code == 2
    assert run.err == "dfls: unknown rule 'shell-form-comand' (did you mean shell-form-command?)\n"
    assert dfls("rule", "zzz").err == "dfls: unknown rule 'zzz' (see `dfls rules`)\n"


def test_terminal_markdown_is_light() -> None:
    text = rules_command.terminal_markdown(
        "# t (DF1)\n\n## Why\nUse `x` and [docs](https://d).\n```dockerfile\nFROM a\n```\n"
    )
    assert "\x1b[1;4mt (DF1)\x1b[0m" in text
    assert "\x1b[1mWhy\x1b[0m" in text
    assert "\x1b[36mx\x1b[0m" in text
    assert "docs <https://d>" in text
    assert "    \x1b[36mFROM a\x1b[0m" in text
    assert "```" not in text


@pytest.mark.parametrize(
    ("summary", "sentence"),
    [
        (
            "Checks that no two stages share a name (`FROM ... AS build` twice). More.",
            "Checks that no two stages share a name (FROM ... AS build twice).",
        ),
        (
            "Checks for `COPY . .` (or `ADD .`) when there is none. More.",
            "Checks for COPY . . (or ADD .) when there is none.",
        ),
        ("Checks for `ADD https://...` without `--checksum=sha256:...`.", None),
        ("One. Two.", "One."),
        ("No full stop", "No full stop"),
    ],
)
def test_first_sentence_does_not_stop_inside_code(summary: str, sentence: str | None) -> None:
    """Regression: `dfls rules` cut DF105, DF301, DF302 and DF305 at a '.' in code."""
    expected = summary.replace("`", "") if sentence is None else sentence
    assert rules_command.first_sentence(summary) == expected


def test_rules_text_has_whole_summaries(dfls: Dfls) -> None:
    out = dfls("rules").out
    assert "Checks for COPY . . (or ADD ., COPY ./ /app, COPY * ./) when" in out
    assert "Checks for ADD https://... without --checksum=sha256:...." in out


@pytest.mark.parametrize("rule", registry.ALL_RULES, ids=lambda rule: rule.code)
def test_plain_rule_docs_keep_every_example_line(dfls: Dfls, rule: type[Rule]) -> None:
    """Regression: `dfls rule DF901 | cat` dropped the `# dfls ignore=` lines of the
    examples (read as headings); only the terminal output had them."""
    out = dfls("rule", rule.code).out.splitlines()
    parsed = docs.parse_docs(rule)
    for block in (parsed.example, parsed.use_instead):
        assert block is not None
        for line in block.splitlines():
            assert ("    " + line if line else line) in out, (rule.code, line)


def test_df901_example_comment_survives_a_pipe_and_sarif(dfls: Dfls) -> None:
    assert "    # dfls ignore=DF9999" in dfls("rule", "DF901").out.splitlines()
    from dfls.cli.output import sarif

    rule = registry.get("DF901")
    assert rule is not None
    assert "    # dfls ignore=DF9999" in sarif.rule_descriptor(rule)["help"]["text"].splitlines()


def test_a_hadolint_code_without_a_dfls_rule_says_so() -> None:
    """Regression: `dfls rule DL3061` suggested DF301 (a spelling match of the code)."""
    assert rules_command.unknown_rule("DL3001") == (
        "DL3001 is a hadolint rule (commands such as ssh, vim or top that make no sense in a"
        " build) that dfls has no rule for"
    )
    assert rules_command.unknown_rule("dl3016") == (
        "DL3016 is a hadolint rule (npm packages installed without a version) that dfls has"
        " no rule for; the closest is DF214 (unpinned-package), but it checks apt-get, apk"
        " and pip installs only"
    )
    assert "not a hadolint rule dfls knows" in rules_command.unknown_rule("DL9999")


def test_rule_command_reports_a_hadolint_code_without_a_rule(dfls: Dfls) -> None:
    run = dfls("rule", "DL3001")
    assert run.code == 2
    assert run.err.startswith("dfls: DL3001 is a hadolint rule (")
    assert "DF3" not in run.err


def test_codes_are_not_spell_checked() -> None:
    """DF999 is not a typo of DF900: a code that names no rule gets no guess."""
    assert rules_command.unknown_rule("DF999") == "unknown rule 'DF999' (see `dfls rules`)"
