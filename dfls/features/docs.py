"""Rule documentation: one source (the rule's docstring), rendered for hover, CLI and site.

A rule's docstring has fixed sections: ``## What it does``, ``## Why is this bad?``,
``## Example`` (a ``dockerfile`` block, then "Use instead:" and another block),
``## Exceptions``, ``## Fix safety`` (required when the rule can fix), ``## Options``
(required when it has options), ``## References``.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

from dfls.rules import registry
from dfls.rules.api import FixAvailability, Rule

DOCS_URL = "https://github.com/dfls-dev/dfls/blob/main/docs/rules.md#{anchor}"
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


def parse_docs(rule: type[Rule]) -> RuleDocs:
    text = inspect.cleandoc(rule.__doc__ or "")
    sections: dict[str, str] = {}
    matches = list(_SECTION.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        sections[match.group(1).strip()] = text[match.end() : end].strip()
    return RuleDocs(sections)


def problems(rule: type[Rule]) -> list[str]:
    """What is missing from a rule's docs (empty when they are complete)."""
    docs = parse_docs(rule)
    missing = [s for s in REQUIRED_SECTIONS if s not in docs.sections]
    if rule.fix_availability is not FixAvailability.NEVER and "Fix safety" not in docs.sections:
        missing.append("Fix safety")
    if rule.default_options and "Options" not in docs.sections:
        missing.append("Options")
    found = [f"missing section {s!r}" for s in missing]
    if docs.example is None:
        found.append("no ```dockerfile block under Example")
    if docs.use_instead is None:
        found.append('no "Use instead:" ```dockerfile block under Example')
    return found


def url(rule: type[Rule]) -> str:
    return DOCS_URL.format(anchor=f"{rule.name}-{rule.code.lower()}")


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
    text = render_markdown(rule)
    text = re.sub(r"^#+ ", "", text, flags=re.MULTILINE)
    text = text.replace("```dockerfile\n", "").replace("```", "")
    return re.sub(r"`([^`]+)`", r"\1", text)


def render_reference() -> str:
    """``docs/rules.md``: every rule's page, generated (CI checks it is current)."""
    header = [
        "# dfls rules",
        "",
        "Generated from the rules' docstrings by `python -m dfls.features.docs`; do not edit by hand.",
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


if __name__ == "__main__":  # pragma: no cover - `python -m dfls.features.docs > docs/rules.md`
    import sys

    sys.stdout.write(render_reference())
