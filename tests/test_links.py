"""Every link dfls makes to a rule's docs resolves.

dfls has no website: diagnostics (``codeDescription.href``), hovers and SARIF (``helpUri``)
link to the rule's page shipped inside the package (a ``file://`` URI of a file that
exists), or under the ``docs-url`` the user configured. Regression: they all linked to a
made-up ``github.com/dfls-dev/dfls`` address.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from dfls.engine import linting as engine
from dfls.engine.config import LoadedSettings, Settings, docs_link, from_mapping
from dfls.features import docs, hover
from dfls.lsp import convert
from dfls.lsp.session import Session
from dfls.lsp.settings import ConfigStore, EditorSettings
from dfls.model import Dockerfile, Position
from dfls.rules import registry
from dfls.rules.api import BuildContext, Rule

ROOT = Path(__file__).resolve().parent.parent
URI = "file:///w/Dockerfile"
# Findings from many rules, some spanning a whole line (hover shows them as a link line).
TEXT = "FROM python\nMAINTAINER me\nRUN cd /app && apt-get install curl\nCMD python app.py\n"
BASE = "https://docs.example.com/dfls/rules/"
REAL_ADDRESSES: frozenset[str] = frozenset()
"""URLs naming dfls that do exist (its repository, once published): none yet."""


def _ids(rule: type[Rule]) -> str:
    return rule.code


def _file(uri: str) -> Path:
    parts = urlsplit(uri)
    assert parts.scheme == "file", uri
    return Path(unquote(parts.path))


@pytest.mark.parametrize("rule", registry.ALL_RULES, ids=_ids)
def test_each_rule_links_to_its_shipped_page(rule: type[Rule]) -> None:
    link = docs.url(rule)
    assert link is not None
    page = _file(link)
    assert page == docs.page(rule)
    assert page.is_file()
    assert page.read_text(encoding="utf-8") == docs.render_markdown(rule), (
        f"{page} is stale: run `python -m dfls.features.docs --write`"
    )


def test_the_shipped_pages_are_exactly_the_rules() -> None:
    shipped = sorted(path.name for path in docs.PAGES.glob("*"))
    assert shipped == sorted(f"{rule.code}.md" for rule in registry.ALL_RULES)


def test_pages_are_in_the_package_directory() -> None:
    """Shipped as package data: inside dfls/, which the wheel packages whole."""
    assert docs.PAGES.is_relative_to(ROOT / "dfls")
    assert 'packages = ["dfls"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_a_configured_docs_url_is_a_base_or_a_template() -> None:
    rule = registry.get("DF101")
    assert rule is not None
    assert docs.url(rule, BASE) == BASE + "DF101.md"
    assert docs.url(rule, BASE.rstrip("/")) == BASE + "DF101.md"
    template = "https://wiki.example.com/dfls/{name}-{code}.html"
    assert docs.url(rule, template) == "https://wiki.example.com/dfls/image-tag-DF101.html"
    assert docs_link("file:///srv/dfls-docs", "DF401", "shell-form-command") == (
        "file:///srv/dfls-docs/DF401.md"
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("docs.example.com/rules", "expected an http(s):// or file:// URL"),
        ("ftp://example.com/", "expected an http(s):// or file:// URL"),
        ("https:///rules", "expected an http(s):// or file:// URL"),
        ("https://example.com/{rule}.html", "the only placeholders are {code} and {name}"),
        ("https://example.com/{0}.html", "the only placeholders are {code} and {name}"),
        ("https://example.com/{code.html", "the only placeholders are {code} and {name}"),
        (42, "expected a URL"),
    ],
)
def test_a_bad_docs_url_is_reported_and_not_used(value: object, problem: str) -> None:
    settings, errors = from_mapping({"docs-url": value})
    assert settings.docs_url is None
    assert len(errors) == 1 and problem in errors[0], errors


def _session(**settings: object) -> Session:
    store = ConfigStore(lambda path, stop: LoadedSettings(Settings(), None, ()))
    store.set_editor(EditorSettings({"select": ["ALL"], **settings}))
    return Session(store, convert.UTF16, read_context=lambda path: BuildContext(known=False))


def _hrefs(session: Session) -> dict[str, str]:
    doc = session.get(URI)
    assert doc is not None
    found = session.diagnostics(doc)
    assert len(found) >= 5
    return {d["code"]: d["codeDescription"]["href"] for d in found}


def test_diagnostics_link_to_files_that_exist() -> None:
    session = _session()
    session.open(URI, 1, TEXT)
    for code, href in _hrefs(session).items():
        assert _file(href).is_file(), (code, href)
        assert _file(href).name == f"{code}.md"


def test_diagnostics_link_under_the_docs_url_setting_and_follow_its_changes() -> None:
    session = _session(docsUrl=BASE)
    session.open(URI, 1, TEXT)
    assert all(href == f"{BASE}{code}.md" for code, href in _hrefs(session).items())
    # The setting is dropped: the links made with it are not reused.
    session.config.set_editor(EditorSettings({"select": ["ALL"]}))
    session.invalidate()
    assert all(href.startswith("file://") for href in _hrefs(session).values())


def _hover_links(docs_url: str | None) -> list[str]:
    dockerfile = Dockerfile.parse(TEXT)
    violations = engine.lint(dockerfile, Settings(select=("ALL",))).violations
    links: list[str] = []
    for line, text in enumerate(dockerfile.lines):
        for character in range(len(text) + 1):
            found = hover.hover(dockerfile, Position(line, character), violations, docs_url)
            if found is not None:
                links += re.findall(r"\[Rule docs\]\(([^)]+)\)", found.markdown)
    assert links, "no hover linked to a rule's docs"
    return links


def test_hover_links_to_files_that_exist() -> None:
    for link in _hover_links(None):
        assert _file(link).is_file(), link


def test_hover_links_under_the_docs_url_setting() -> None:
    assert all(re.fullmatch(re.escape(BASE) + r"DF\d{3}\.md", link) for link in _hover_links(BASE))


def test_no_made_up_dfls_address_anywhere() -> None:
    """No URL naming dfls in a host or path dfls does not have (it has no website)."""
    paths = [*ROOT.joinpath("dfls").rglob("*.py"), *ROOT.joinpath("docs").rglob("*.md")]
    paths += [ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    editors = ROOT / "editors"
    paths += [
        p
        for p in editors.rglob("*")
        if p.is_file()
        and "node_modules" not in p.parts
        and p.suffix in (".ts", ".json", ".lua", ".md")
        and p.name != "package-lock.json"
    ]
    made_up = re.compile(r"https?://[^\s)\"'>]*dfls[^\s)\"'>]*")
    found = {
        str(path.relative_to(ROOT)): made_up.findall(path.read_text(encoding="utf-8"))
        for path in paths
    }
    made_up_found = {
        path: [url for url in urls if url not in REAL_ADDRESSES] for path, urls in found.items()
    }
    assert {path: urls for path, urls in made_up_found.items() if urls} == {}
