"""Rule documentation: one source (the rule's docstring), rendered for hover, CLI and site.

A rule's docstring has fixed sections: ``## What it does``, ``## Why is this bad?``,
``## Example`` (a ``dockerfile`` block, then "Use instead:" and another block),
``## Exceptions``, ``## Fix safety`` (required when the rule can fix), ``## References``.
The ``## Options`` section is not written by hand: it is rendered from the rule's options
dataclass (name, type, allowed values, default and each option's doc), before References.

Links to a rule's docs (diagnostics, hover, SARIF) point at its page shipped inside the
package, ``rule_docs/DF101.md`` next to this module, as a ``file://`` URI, unless the user
configured ``docs-url`` (:func:`dfls.engine.config.docs_link`). dfls has no website of its
own, so it never links to one. ``python -m dfls.features.docs --write`` regenerates those
pages and ``docs/rules.md``; tests check that both are current.
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from dfls.engine.config import docs_link
from dfls.rules import registry
from dfls.rules.api import FixAvailability, Rule
from dfls.rules.options import OptionSpec, specs

PAGES = Path(__file__).resolve().parent / "rule_docs"
"""One markdown page per rule, shipped with the package (wheel and editable install)."""
REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
"""All rules on one page, in a checkout of the repository (not shipped)."""
REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example", "Exceptions", "References")
_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
_BLOCK = re.compile(r"```dockerfile\n(.*?)```", re.DOTALL)


@dataclass(frozen=True)
class RuleDocs:
    sections: dict[str, str]

    @property
    def summary(self) -> str:
        first = self.sections.get("What it does", "").strip().split("\n\n", 1)[0]
        return " ".join(first.split())

    @property
    def example(self) -> str | None:
        blocks = _BLOCK.findall(self.sections.get("Example", ""))
        return blocks[0] if blocks else None

    @property
    def use_instead(self) -> str | None:
        section = self.sections.get("Example", "")
        _, marker, after = section.partition("Use instead")
        blocks = _BLOCK.findall(after) if marker else []
        return blocks[0] if blocks else None


def _docstring_sections(rule: type[Rule]) -> dict[str, str]:
    text = inspect.cleandoc(rule.__doc__ or "")
    sections: dict[str, str] = {}
    matches = list(_SECTION.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        sections[match.group(1).strip()] = text[match.end() : end].strip()
    return sections


def parse_docs(rule: type[Rule]) -> RuleDocs:
    """The docstring's sections, with the Options section rendered before References."""
    written = _docstring_sections(rule)
    options = specs(rule.options_type)
    if not options:
        return RuleDocs(written)
    sections: dict[str, str] = {}
    for title, body in written.items():
        if title == "References":
            sections["Options"] = _options_section(options)
        sections[title] = body
    sections.setdefault("Options", _options_section(options))
    return RuleDocs(sections)


_KIND_WORDS = {
    "bool": "true or false",
    "int": "integer",
    "str": "string",
    "list": "list of strings",
}


def _options_section(options: tuple[OptionSpec, ...]) -> str:
    """``- `name` (one of `"a"`, `"b"`; default `"a"`): doc``, one line per option."""
    lines = []
    for spec in options:
        if spec.choices:
            what = "one of " + ", ".join(f"`{spec.shown(c)}`" for c in spec.choices)
        else:
            what = _KIND_WORDS[spec.kind]
            if spec.minimum is not None:
                what += f", at least {spec.minimum}"
        lines.append(f"- `{spec.name}` ({what}; default `{spec.shown(spec.default)}`): {spec.doc}")
    return "\n".join(lines)


def options_reference() -> str:
    """Every rule's options, for the README's configuration reference (a test keeps the
    README's copy identical to this)."""
    parts = [
        f"`[rules.{rule.code}]` ({rule.name}):\n\n{_options_section(specs(rule.options_type))}"
        for rule in registry.ALL_RULES
        if specs(rule.options_type)
    ]
    return "\n\n".join(parts)


def problems(rule: type[Rule]) -> list[str]:
    """What is missing from a rule's docs (empty when they are complete)."""
    docs = parse_docs(rule)
    missing = [s for s in REQUIRED_SECTIONS if s not in docs.sections]
    if rule.fix_availability is not FixAvailability.NEVER and "Fix safety" not in docs.sections:
        missing.append("Fix safety")
    found = [f"missing section {s!r}" for s in missing]
    if "Options" in _docstring_sections(rule):
        found.append("an Options section by hand (it is rendered from the options dataclass)")
    found += [f"option {s.name!r} has no doc" for s in specs(rule.options_type) if not s.doc]
    if docs.example is None:
        found.append("no ```dockerfile block under Example")
    if docs.use_instead is None:
        found.append('no "Use instead:" ```dockerfile block under Example')
    return found


def page(rule: type[Rule]) -> Path:
    """Where the rule's page is shipped (``rule_docs/DF101.md``)."""
    return PAGES / f"{rule.code}.md"


def url(rule: type[Rule], docs_url: str | None = None) -> str | None:
    """The link to a rule's docs: under the configured ``docs_url``, else the ``file://``
    URI of its shipped page (None if the page is missing from a broken install)."""
    return _url(rule.code, rule.name, docs_url)


@functools.cache
def _url(code: str, name: str, docs_url: str | None) -> str | None:
    if docs_url:
        return docs_link(docs_url, code, name)
    path = PAGES / f"{code}.md"
    return path.as_uri() if path.is_file() else None


def _aliases(rule: type[Rule]) -> str:
    parts = [f"{tool} {', '.join(ids)}" for tool, ids in sorted(rule.aliases.items()) if ids]
    return "; ".join(parts)


def render_markdown(rule: type[Rule], heading: str = "#") -> str:
    """The rule's page: title, facts line, then every section of its docs."""
    docs = parse_docs(rule)
    facts = [f"`{rule.code}`", f"severity: {rule.severity.value}"]
    facts.append(
        {
            FixAvailability.ALWAYS: "fix: always available",
            FixAvailability.SOMETIMES: "fix: sometimes available",
            FixAvailability.NEVER: "fix: none",
        }[rule.fix_availability]
    )
    if not rule.enabled_by_default:
        facts.append("off by default")
    aliases = _aliases(rule)
    if aliases:
        facts.append(f"same as: {aliases}")
    lines = [f"{heading} {rule.name} ({rule.code})", "", " · ".join(facts), ""]
    for title, body in docs.sections.items():
        lines += [f"{heading}# {title}", "", body, ""]
    return "\n".join(lines).rstrip() + "\n"


def render_plain(rule: type[Rule]) -> str:
    """The same page for clients and terminals that show plain text."""
    return plain_text(render_markdown(rule))


_FENCE_LINE = re.compile(r"^\s*```")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def plain_text(markdown: str) -> str:
    """Markdown as readable plain text: code blocks kept as written, indented by four
    spaces (a ``# comment`` in an example is code, not a heading); elsewhere no heading
    marks, links as ``text <url>``, no bold or backticks, rules as a line of dashes."""
    out: list[str] = []
    in_code = False
    for line in markdown.split("\n"):
        if _FENCE_LINE.match(line):
            in_code = not in_code
            continue
        if in_code:
            out.append("    " + line if line else line)
            continue
        if line == "---":
            out.append("-" * 40)
            continue
        line = re.sub(r"^#+ ", "", line)
        line = _LINK.sub(r"\1 <\2>", line).replace("**", "")
        out.append(re.sub(r"`([^`]+)`", r"\1", line))
    return "\n".join(out)


def render_reference() -> str:
    """``docs/rules.md``: every rule's page, generated (CI checks it is current)."""
    header = [
        "# dfls rules",
        "",
        "Generated from the rules' docstrings by `python -m dfls.features.docs --write`; do not"
        ' edit by hand. "The guide" in these pages is *Writing good Dockerfiles*; a rule it'
        " backs names the section in its References.",
        "",
        "| code | name | severity | fix | summary |",
        "|---|---|---|---|---|",
    ]
    for rule in registry.ALL_RULES:
        anchor = f"{rule.name}-{rule.code.lower()}"
        default = "" if rule.enabled_by_default else " (off by default)"
        header.append(
            f"| [{rule.code}](#{anchor}) | {rule.name} | {rule.severity.value}{default} "
            f"| {rule.fix_availability.value} | {parse_docs(rule).summary} |"
        )
    pages = [render_markdown(rule, heading="##") for rule in registry.ALL_RULES]
    return "\n".join(header) + "\n\n" + "\n".join(pages)


def pages() -> dict[Path, str]:
    """Every generated file and its text: a page per rule, and ``docs/rules.md``."""
    files = {page(rule): render_markdown(rule) for rule in registry.ALL_RULES}
    files[REFERENCE] = render_reference()
    return files


def write_pages() -> list[Path]:
    """Regenerate the pages (removing those of rules that are gone); the files changed."""
    PAGES.mkdir(exist_ok=True)
    files = pages()
    changed = [path for path in PAGES.glob("*.md") if path not in files]
    for path in changed:
        path.unlink()
    for path, text in files.items():
        if not path.parent.is_dir():
            continue  # docs/ exists in a checkout only
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":  # pragma: no cover - exercised by hand
    # `--write`: the pages in the package and docs/rules.md; no argument: docs/rules.md on
    # stdout, as before.
    if sys.argv[1:] == ["--write"]:
        for path in write_pages():
            sys.stdout.write(f"wrote {path}\n")
    else:
        sys.stdout.write(render_reference())
