"""Comment lines: parser directives at the top of the file, rule codes in suppressions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from dfls.features import docs
from dfls.features.completion.items import Item, Kind
from dfls.knowledge import reference, values
from dfls.rules import registry

_DIRECTIVE_LINE = re.compile(r"^\s*#\s*([a-zA-Z]+)\s*=")
# What can be typed after "#" on a directive line: name, "=", value.
_TYPED_DIRECTIVE = re.compile(r"^\s*#\s*(?P<name>[a-zA-Z]*)(?P<eq>\s*=\s*(?P<value>.*))?$")
_TYPED_PRAGMA = re.compile(
    r"^\s*#\s*(?P<tool>dfls|hadolint)\s+(?:global\s+)?ignore\s*=\s*(?P<codes>[\w\-, ]*)$",
    re.IGNORECASE,
)
_TYPED_WORDS = re.compile(r"^\s*#\s*(?P<words>[a-z ]*)$", re.IGNORECASE)
_PRAGMAS = ("dfls ignore=", "dfls global ignore=", "hadolint ignore=")


def in_directive_area(lines: list[str], line: int) -> bool:
    """Whether ``line`` may hold a parser directive: every line above it is one."""
    return all(_DIRECTIVE_LINE.match(lines[i]) for i in range(line))


def directives(before: str) -> tuple[int, Iterator[Item]] | None:
    """Directive names or values for a directive line typed up to the cursor: how many
    characters the items replace, and the items."""
    match = _TYPED_DIRECTIVE.match(before)
    if match is None:
        return None
    name = match.group("name").lower()
    if match.group("eq") is None:
        return len(match.group("name")), _directive_names()
    value = match.group("value")
    if name == "check":
        return _check(value)
    choices = values.DIRECTIVE_VALUES.get(name, ())
    return len(value), (Item(c.value, Kind.VALUE, c.value, c.summary) for c in choices)


def _directive_names() -> Iterator[Item]:
    for name, entry in reference.DIRECTIVES.items():
        yield Item(
            f"{name}=",
            Kind.KEYWORD,
            f"{name}=",
            entry.summary.replace("`", ""),
            doc=("directive", name),
            filter_text=name,
        )


def _check(value: str) -> tuple[int, Iterator[Item]]:
    """``# check=skip=A,B;error=true``: the keys, then BuildKit's check names."""
    current = value.rsplit(";", 1)[-1]
    if current.lower().startswith("skip="):
        typed = current[5:].rsplit(",", 1)[-1]
        return len(typed), _checks()
    choices = values.DIRECTIVE_VALUES["check"]
    return len(current), (Item(c.value, Kind.PROPERTY, c.value, c.summary) for c in choices)


def pragma(before: str) -> tuple[int, Iterator[Item]] | None:
    """Rule codes in ``# dfls ignore=``/``# hadolint ignore=``, or the pragma itself."""
    match = _TYPED_PRAGMA.match(before)
    if match is not None:
        typed = match.group("codes").rsplit(",", 1)[-1].lstrip()
        return len(typed), _rule_codes(match.group("tool").lower())
    words = _TYPED_WORDS.match(before)
    if words is None or not words.group("words").strip():
        return None
    typed = words.group("words").lstrip()
    found = (
        Item(p, Kind.KEYWORD, p, "suppress rules for the next instruction")
        for p in _PRAGMAS
        if p.startswith(typed.lower())
    )
    return len(typed), found


@cache
def _summaries() -> dict[str, str]:
    """Each rule's summary, cut to its first sentence (the list shows one line)."""
    found = {}
    for rule in registry.ALL_RULES:
        summary = docs.parse_docs(rule).summary.replace("`", "")
        first = summary.split(". ", 1)[0].rstrip(".")
        found[rule.code] = first if len(first) <= 100 else first[:99] + "…"
    return found


def _checks() -> Iterator[Item]:
    """BuildKit's check names; those dfls has a rule for carry its summary and docs."""
    yield Item("all", Kind.VALUE, "all", "skip every check")
    ours = registry.alias_map("buildkit")
    summaries = _summaries()
    for name, summary in values.BUILDKIT_CHECKS.items():
        codes = ours.get(name.lower())
        if codes:
            # Several rules answer to some checks (JSONArgsRecommended): name them all.
            detail = (
                f"{codes[0]}: {summaries[codes[0]]}"
                if len(codes) == 1
                else f"{', '.join(codes)}: {summary}"
            )
            yield Item(name, Kind.RULE, name, detail, doc=("rule", codes[0]))
        else:
            yield Item(name, Kind.RULE, name, f"BuildKit: {summary}")


def _rule_codes(tool: str) -> Iterator[Item]:
    """dfls codes, or another tool's names for the rules dfls has, with our summary."""
    summaries = _summaries()
    if tool == "dfls":
        for rule in registry.ALL_RULES:
            yield Item(
                rule.code,
                Kind.RULE,
                rule.code,
                f"{rule.name}: {summaries[rule.code]}",
                doc=("rule", rule.code),
                filter_text=f"{rule.code} {rule.name}",
            )
        return
    for alias, codes in sorted(registry.alias_map(tool).items()):
        aliased = registry.get(codes[0])
        assert aliased is not None
        name = next(a for a in aliased.aliases[tool] if a.lower() == alias)
        yield Item(
            name,
            Kind.RULE,
            name,
            f"{aliased.code}: {summaries[aliased.code]}",
            doc=("rule", aliased.code),
        )
