"""``dfls rules`` lists every rule; ``dfls rule CODE`` shows one rule's documentation."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dfls.cli.terminal import UsageError, is_terminal, use_color

if TYPE_CHECKING:
    from dfls.rules.api import Rule


def configure_rules(listing: argparse.ArgumentParser) -> None:
    """The options of ``dfls rules`` (:data:`dfls.cli.main.COMMANDS` gives its help line)."""
    listing.description = (
        "List every rule: code, name, default severity, whether it can fix,"
        " and the first sentence of its docs (off-by-default rules say so). --format json"
        " adds the hadolint and BuildKit codes each rule stands for and its full docs."
    )
    listing.add_argument(
        "--format", "-f", choices=("text", "json"), default="text", help="output format"
    )
    listing.set_defaults(handler=run_rules)


def configure_rule(one: argparse.ArgumentParser) -> None:
    """The options of ``dfls rule`` (:data:`dfls.cli.main.COMMANDS` gives its help line)."""
    one.description = (
        "Show one rule's documentation: what it checks, why, an example and"
        " what to write instead, exceptions, options, fix safety and references. The rule"
        " is named by code (DF401), name (shell-form-command), or the hadolint or BuildKit"
        " code it stands for (DL3025, JSONArgsRecommended)."
    )
    one.add_argument("rule", metavar="CODE|NAME", help="e.g. DF401 or shell-form-command")
    one.add_argument(
        "--format",
        "-f",
        choices=("text", "markdown"),
        default="text",
        help="text (lightly formatted on a terminal) or the markdown source",
    )
    one.set_defaults(handler=run_rule)


def run_rules(args: argparse.Namespace) -> int:
    from dfls.rules import registry

    if args.format == "json":
        _write_json(registry.ALL_RULES)
    else:
        _write_table(registry.ALL_RULES)
    return 0


def _write_json(rules: Sequence[type[Rule]]) -> None:
    from dfls.features import docs

    data = [
        {
            "code": rule.code,
            "name": rule.name,
            "severity": rule.severity.value,
            "summary": docs.parse_docs(rule).summary,
            "fix": rule.fix_availability.value,
            "aliases": {
                "hadolint": list(rule.aliases.get("hadolint", ())),
                "buildkit": list(rule.aliases.get("buildkit", ())),
            },
            "docs": docs.render_markdown(rule),
        }
        for rule in rules
    ]
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _write_table(rules: Sequence[type[Rule]]) -> None:
    """One line per rule; on a terminal, a header and summaries cut to its width."""
    from dfls.features import docs

    name_width = max((len(rule.name) for rule in rules), default=4)
    color = use_color(sys.stdout)
    terminal = is_terminal(sys.stdout)
    width = shutil.get_terminal_size().columns if terminal else 0
    if terminal:
        header = f"{'CODE':<5}  {'NAME':<{name_width}}  {'SEVERITY':<8}  {'FIX':<9}  SUMMARY"
        print(f"\x1b[1m{header}\x1b[0m" if color else header)
    for rule in rules:
        fix = {"always": "always", "sometimes": "sometimes", "never": "-"}[
            rule.fix_availability.value
        ]
        off = " (off by default)" if not rule.enabled_by_default else ""
        summary = first_sentence(docs.parse_docs(rule).summary) + off
        line = f"{rule.code}  {rule.name:<{name_width}}  {rule.severity.value:<8}  {fix:<9}  "
        if width and len(line) + len(summary) > width:
            summary = summary[: max(width - len(line) - 1, 10)] + "…"
        if color:
            line = f"\x1b[1m{rule.code}\x1b[0m" + line[len(rule.code) :]
        print(line + summary)


def first_sentence(text: str) -> str:
    """The summary's first sentence, without markdown backticks (for one-line listings).

    A sentence ends at a full stop followed by a blank, outside `code` and parentheses
    and not part of an ellipsis (``COPY . .``, ``(FROM ... AS x)`` and ``https://...``
    do not end it).
    """
    in_code = False
    depth = 0
    end = len(text)
    for index, char in enumerate(text):
        if char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif (
            char == "."
            and depth == 0
            and text[index + 1 : index + 2] in (" ", "\n")
            and text[index - 1 : index] != "."
        ):
            end = index + 1
            break
    return " ".join(text[:end].replace("`", "").split())


def run_rule(args: argparse.Namespace) -> int:
    from dfls.features import docs

    rule = _resolve_rule(args.rule)
    if args.format == "markdown":
        sys.stdout.write(docs.render_markdown(rule))
    elif use_color(sys.stdout):
        sys.stdout.write(terminal_markdown(docs.render_markdown(rule)))
    else:
        sys.stdout.write(docs.render_plain(rule))
    return 0


def _resolve_rule(key: str) -> type[Rule]:
    """A rule by code, name, or hadolint/BuildKit alias; else a usage error with a hint."""
    from dfls.rules import registry

    rule = registry.get(key)
    if rule is not None:
        return rule
    for tool in ("hadolint", "buildkit"):
        codes = registry.alias_map(tool).get(key.lower())
        if codes:
            found = registry.get(codes[0])
            if found is not None:
                return found
    raise UsageError(unknown_rule(key))


_DFLS_CODE = re.compile(r"^DF\d+$", re.IGNORECASE)


def unknown_rule(key: str) -> str:
    """Why ``key`` names no dfls rule, with what it may have meant.

    Another tool's code gets the dfls rule for it, or is said to have none (with the
    closest rule, if any); a misspelled name gets "did you mean". Codes are not
    spell-checked: DF999 is not a typo of DF900, nor DL3061 of DF301.
    """
    from dfls.knowledge import shellcheck
    from dfls.knowledge.spelling import close_match
    from dfls.rules import buildkit, hadolint, registry

    if shellcheck.is_code(key):
        code = shellcheck.normalized(key)
        return f"{code} is ShellCheck's, which dfls runs on every RUN: {shellcheck.wiki_url(code)}"
    for tool in ("hadolint", "BuildKit"):
        codes = registry.alias_map(tool.lower()).get(key.lower())
        if codes:
            named = ", ".join(_named(code) for code in codes)
            return f"{key!r} is {tool}'s; the dfls rule for it is {named}"
    check = buildkit.uncovered(key)
    if check is not None:
        return f"{check[0]} is a BuildKit build check that dfls has no rule for: {check[1]}"
    if hadolint.CODE.match(key):
        found = hadolint.uncovered(key)
        if found is None:
            return f"unknown rule {key!r}: not a hadolint rule dfls knows (see `dfls rules`)"
        text = f"{key.upper()} is a hadolint rule ({found.checks}) that dfls has no rule for"
        if found.closest:
            text += f"; the closest is {_named(found.closest)}, but {found.difference}"
        return text
    near = None if _DFLS_CODE.match(key) else close_match(key, _names())
    hint = f" (did you mean {near}?)" if near else " (see `dfls rules`)"
    return f"unknown rule {key!r}{hint}"


def _named(code: str) -> str:
    from dfls.rules import registry

    rule = registry.get(code)
    return f"{code} ({rule.name})" if rule else code


def _names() -> list[str]:
    from dfls.rules import registry

    return [rule.name for rule in registry.ALL_RULES]


def terminal_markdown(text: str) -> str:
    """Light formatting for a terminal: bold headings, indented code, highlighted `code`."""
    out: list[str] = []
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            out.append(f"    \x1b[36m{line}\x1b[0m")
        elif line.startswith("# "):
            out.append(f"\x1b[1;4m{line[2:]}\x1b[0m")
        elif line.startswith("#"):
            out.append(f"\x1b[1m{line.lstrip('#').strip()}\x1b[0m")
        else:
            line = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", "\\1 <\\2>", line)
            line = re.sub(r"`([^`]+)`", "\x1b[36m\\1\x1b[0m", line)
            out.append(re.sub(r"\*\*([^*]+)\*\*", "\x1b[1m\\1\x1b[0m", line))
    return "\n".join(out) + "\n"
