"""The machine formats: JSON contract, SARIF (schema-validated), GitHub, GitLab, Checkstyle."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dfls.cli.output import checkstyle, github, printable
from tests.cli.conftest import TEXT, TWO, Dfls, write

SCHEMA = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"


def _range(a: int, b: int, c: int, d: int) -> dict[str, dict[str, int]]:
    return {"start": {"line": a, "character": b}, "end": {"line": c, "character": d}}


def test_json_contract_is_exact(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "--format", "json")
    assert run.code == 1
    assert json.loads(run.out) == [
        {
            "file": "Dockerfile",
            "code": "DF101",
            "name": "image-tag",
            "severity": "warning",
            "message": "`python` has no tag, so it means `latest`: pin a version",
            "range": _range(0, 5, 0, 11),
            "fix": None,
        },
        {
            "file": "Dockerfile",
            "code": "DF401",
            "name": "shell-form-command",
            "severity": "warning",
            "message": "CMD in shell form runs under /bin/sh, which does not pass SIGTERM to "
            "your process: use exec form",
            "range": _range(1, 4, 1, 17),
            "fix": {
                "applicability": "unsafe",
                "edits": [{"range": _range(1, 4, 1, 17), "newText": '["python", "app.py"]'}],
            },
        },
    ]


def test_json_positions_count_code_points(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", 'FROM python:3\nLABEL x="🐳"\nCMD echo é\n')
    (finding,) = json.loads(dfls("check", "--select", "DF401", "-f", "json").out)
    assert finding["range"] == _range(2, 4, 2, 10)


def test_json_path_is_as_given(project: Path, dfls: Dfls) -> None:
    write(project / "a" / "Dockerfile", TEXT)
    run = dfls("check", "--select", "DF101", "-f", "json", "./a")
    assert [f["file"] for f in json.loads(run.out)] == ["a/Dockerfile"]


def test_empty_json_is_an_empty_array(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", "FROM python:3\n")
    run = dfls("check", *TWO, "-f", "json")
    assert (run.code, run.out) == (0, "[]\n")


def _sarif(dfls: Dfls, *paths: str) -> dict[str, Any]:
    run = dfls("check", "--select", "ALL", "-f", "sarif", *paths)
    assert run.code in (0, 1), run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


def test_sarif_validates_against_the_2_1_0_schema(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    write(project / "sub dir" / "app.Dockerfile", "FROM python\nMAINTAINER me\nCMD a b\n")
    data = _sarif(dfls, "Dockerfile", "sub dir")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    run = data["runs"][0]
    assert run["tool"]["driver"]["name"] == "dfls"
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) >= 3
    for rule in rules:
        # The file is read elsewhere (code scanning): no link without a configured docs-url.
        assert "helpUri" not in rule
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith("# ")
        assert rule["shortDescription"]["text"]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert uris == {"Dockerfile", "sub%20dir/app.Dockerfile"}


def test_sarif_links_rule_docs_under_the_configured_docs_url(project: Path, dfls: Dfls) -> None:
    """Regression: helpUri pointed at a made-up github.com/dfls-dev address."""
    write(project / "Dockerfile", TEXT)
    write(project / ".dfls.toml", 'docs-url = "https://docs.example.com/dfls/rules/"\n')
    data = _sarif(dfls, "Dockerfile")
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    driver = data["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    uris = {rule["id"]: rule["helpUri"] for rule in driver["rules"]}
    assert uris["DF101"] == "https://docs.example.com/dfls/rules/DF101.md"
    assert all(
        uri == f"https://docs.example.com/dfls/rules/{code}.md" for code, uri in uris.items()
    )


def test_sarif_results_have_level_message_and_a_1_based_region(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    data = _sarif(dfls, "Dockerfile")
    run = data["runs"][0]
    results = {r["ruleId"]: r for r in run["results"]}
    tag = results["DF101"]
    assert tag["level"] == "warning"
    assert tag["message"]["text"].startswith("`python` has no tag")
    assert tag["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 6,
        "endLine": 1,
        "endColumn": 12,
    }
    assert run["tool"]["driver"]["rules"][tag["ruleIndex"]]["id"] == "DF101"
    shell = results["DF401"]
    assert shell["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": '["python", "app.py"]'
    }


def test_sarif_with_no_results_and_absolute_paths(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", "FROM python:3\n")
    absolute = str(project / "Dockerfile")
    data = _sarif(dfls, absolute)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    write(project / "Dockerfile", "FROM python\n")
    data = _sarif(dfls, absolute)
    location = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": (project / "Dockerfile").as_uri()}


def test_github_annotations_are_exact(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "-f", "github")
    assert run.code == 1
    assert run.out == (
        "::warning file=Dockerfile,line=1,endLine=1,col=6,endColumn=12,"
        "title=dfls DF101 (image-tag)::DF101 [warning] `python` has no tag, so it means "
        "`latest`: pin a version\n"
        "::warning file=Dockerfile,line=2,endLine=2,col=5,endColumn=18,"
        "title=dfls DF401 (shell-form-command)::DF401 [warning] CMD in shell form runs under "
        "/bin/sh, which does not pass SIGTERM to your process: use exec form\n"
    )


def test_github_escaping() -> None:
    assert github.escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_escapes_paths(project: Path, dfls: Dfls) -> None:
    write(project / "a,b:c%" / "Dockerfile", "FROM python\n")
    out = dfls("check", "--select", "DF101", "-f", "github").out
    assert out.startswith("::warning file=a%2Cb%3Ac%25/Dockerfile,line=1,")


def test_gitlab_code_quality(project: Path, dfls: Dfls) -> None:
    write(project / "Dockerfile", "FROM python\nFROM python\nCMD a b\n")
    run = dfls("check", *TWO, "-f", "gitlab")
    issues = json.loads(run.out)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("DF101 image-tag", "major", {"path": "Dockerfile", "lines": {"begin": 1, "end": 1}}),
        ("DF101 image-tag", "major", {"path": "Dockerfile", "lines": {"begin": 2, "end": 2}}),
        (
            "DF401 shell-form-command",
            "major",
            {"path": "Dockerfile", "lines": {"begin": 3, "end": 3}},
        ),
    ]
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == 3
    assert all(i["description"].startswith(i["check_name"][:5]) for i in issues)
    # Moving the findings down a line keeps their fingerprints: not "new" issues.
    write(project / "Dockerfile", "# moved\nFROM python\nFROM python\nCMD a b\n")
    moved = json.loads(dfls("check", *TWO, "-f", "gitlab").out)
    assert [i["fingerprint"] for i in moved] == fingerprints


@pytest.mark.parametrize(
    ("severity", "expected"),
    [("error", "critical"), ("warning", "major"), ("info", "minor"), ("style", "info")],
)
def test_gitlab_severity_mapping(project: Path, dfls: Dfls, severity: str, expected: str) -> None:
    write(project / "Dockerfile", "FROM python\n")
    write(project / ".dfls.toml", f'[severity]\nDF101 = "{severity}"\n')
    (issue,) = json.loads(dfls("check", "--select", "DF101", "-f", "gitlab").out)
    assert issue["severity"] == expected


def test_checkstyle_is_well_formed_and_escaped(project: Path, dfls: Dfls) -> None:
    write(project / 'a&b"<c>' / "Dockerfile", TEXT)
    run = dfls("check", *TWO, "-f", "checkstyle")
    assert run.code == 1
    root = ElementTree.fromstring(run.out)
    assert root.tag == "checkstyle"
    (file_,) = root.findall("file")
    assert file_.get("name") == 'a&b"<c>/Dockerfile'
    errors = file_.findall("error")
    assert [
        (e.get("line"), e.get("column"), e.get("severity"), e.get("source")) for e in errors
    ] == [
        ("1", "6", "warning", "dfls.DF101.image-tag"),
        ("2", "5", "warning", "dfls.DF401.shell-form-command"),
    ]
    assert errors[0].get("message") == "`python` has no tag, so it means `latest`: pin a version"


def test_checkstyle_attribute_escaping() -> None:
    assert checkstyle.attribute("a<b>&\"'\n\x01") == '"a&lt;b&gt;&amp;&quot;\'&#10;\ufffd"'
    value = checkstyle.attribute("\x00\x1f<&")
    assert ElementTree.fromstring(f"<x y={value}/>").get("y") == "\ufffd\ufffd<&"


ANSI = 'FROM python:3.12-slim AS build\nFROM scratch\nCOPY --from=bui\x1b[31mld /a /a\nCMD ["/a"]\n'


@pytest.mark.parametrize("format_", ["text", "github", "gitlab", "checkstyle"])
def test_control_characters_from_the_dockerfile_are_escaped(
    project: Path, dfls: Dfls, format_: str
) -> None:
    """Regression: messages quoting `--from=bui\\x1b[31m` printed the raw ANSI escape."""
    write(project / "Dockerfile", ANSI)
    run = dfls("check", "--select", "DF104", "--format", format_, "--no-color")
    assert run.code == 1, run.err
    assert "\x1b" not in run.out
    assert "\\x1b" in run.out or "\\\\x1b" in run.out


def test_printable() -> None:
    assert printable("a\x1b[31mb\r\nc\td\u202e") == "a\\x1b[31mb\\r\\nc\td\\u202e"
    assert printable("plain — text") == "plain — text"
