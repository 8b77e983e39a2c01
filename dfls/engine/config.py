"""Settings: what the user chose, from `.dfls.toml`, `[tool.dfls]` or the editor.

Settings are frozen and fully defaulted. Reading them never fails: every problem (an
unknown key, a bad value, an unknown rule code, a TOML syntax error) becomes a message in
``errors`` and the offending entry falls back to its default.

Keys (kebab-case in files; editors may send camelCase, which is accepted too):
``select``, ``extend-select``, ``ignore`` (rule codes, names, code prefixes such as
``DF2``, or ``ALL``), ``severity`` (a table of rule -> error|warning|info|style|off),
``rules`` (a table of rule -> options table), ``unsafe-fixes`` (bool), ``fail-level``
(error|warning|info|style|none), ``target-stage`` (a stage name), ``exclude``
(gitignore-style patterns, relative to the config file's directory, of paths for
``dfls check`` to skip; see ``dfls.engine.discovery``), ``docs-url`` (where rule docs links
point instead of the pages shipped in the package; see :func:`docs_link`), ``shellcheck``
(a table: ``path`` of the program, ``enable`` for its optional checks; rule selectors also
take ShellCheck's codes and ``SC`` prefixes, see ``dfls.engine.shellcheck``), ``format`` (a
table of formatter options, :mod:`dfls.engine.format_options`), ``inlay-hints`` (bool: the
editor's inlay hints, resolved images and stage names; on by default).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from dfls.engine import format_options, sources
from dfls.knowledge import globs, shellcheck
from dfls.rules.options import parse as parse_options
from dfls.rules.quoting import brief, shorten

if TYPE_CHECKING:  # the rules load on first use: `dfls format` needs none of them
    from dfls.rules.api import Rule, Severity

CONFIG_FILES = (".dfls.toml", "dfls.toml", "pyproject.toml")
FAIL_LEVELS = ("error", "warning", "info", "style", "none")
SEVERITY_VALUES = ("error", "warning", "info", "style", "off")


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    rules: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    unsafe_fixes: bool = False
    fail_level: str = "warning"
    target_stage: str | None = None
    exclude: tuple[str, ...] = ()
    docs_url: str | None = None
    shellcheck: Mapping[str, object] = field(default_factory=dict)
    """``path`` (the program to run) and ``enable`` (ShellCheck's optional checks)."""
    format: format_options.FormatOptions = format_options.DEFAULT
    inlay_hints: bool = True

    def merged(self, other: Mapping[str, object]) -> tuple[Settings, list[str]]:
        """These settings with ``other``'s keys (already validated) laid over them."""
        return from_mapping(other, base=self)

    @property
    def fail_severity(self) -> Severity | None:
        from dfls.rules.api import Severity

        return None if self.fail_level == "none" else Severity.parse(self.fail_level)


class LoadedSettings(NamedTuple):  # not a dataclass: one fewer to make at start-up
    settings: Settings
    path: Path | None
    errors: tuple[str, ...]


_FIELD_NAMES = {f.name for f in fields(Settings)}


def _key(raw: str) -> str:
    """``extend-select``, ``extendSelect`` and ``extend_select`` all name one field."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", raw).lower()
    return snake.replace("-", "_")


def _selector_ok(selector: str) -> bool:
    from dfls.rules import registry

    return (
        selector.upper() == "ALL"
        or bool(registry.select(selector))
        or shellcheck.is_selector(selector)
    )


_KNOWN_KEYS = ", ".join(f.name.replace("_", "-") for f in fields(Settings))


def _shown(key: str, settings: Settings) -> str:
    """A field's value as the user would write it, for "using ..." in error messages."""
    value = getattr(settings, key)
    if value is None:
        return "the default rule set" if key == "select" else "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return brief(value)
    if isinstance(value, format_options.FormatOptions):
        return format_options.shown(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(brief(v) for v in value) + "]"
    return "{" + ", ".join(f"{k} = {brief(v)}" for k, v in dict(value).items()) + "}"


def from_mapping(
    data: object, base: Settings | None = None, where: str = "settings"
) -> tuple[Settings, list[str]]:
    """Validate a settings mapping; unknown or invalid entries become errors.

    Each error names where it comes from, the key as written, what was wrong and what
    is used instead (the default, or the base layer's value).
    """
    settings = base or Settings()
    errors: list[str] = []
    changes: dict[str, Any] = {}
    if not isinstance(data, Mapping):
        return settings, [
            f"{where}: expected a table of settings, got {brief(data)}; using defaults"
        ]
    for raw_key, value in data.items():
        key = _key(str(raw_key))
        if key not in _FIELD_NAMES:
            errors.append(f"{where}: unknown key {brief(raw_key)} (known keys: {_KNOWN_KEYS})")
            continue
        if key == "format":  # a table laid over the layer below's, option by option
            changes.setdefault(key, settings.format)
        problem = _validate(key, value, changes)
        if problem:
            if key not in changes:
                source = "the default" if base is None else "the inherited value"
                problem += f"; using {source}: {_shown(key, settings)}"
            errors.append(f"{where}: {raw_key}: {problem}")
    return replace(settings, **changes), errors


def _string_list(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _validate(key: str, value: object, changes: dict[str, Any]) -> str | None:
    if key in ("select", "extend_select", "ignore", "exclude"):
        return _validate_list(key, value, changes)
    if key == "severity":
        return _validate_severity(value, changes)
    if key == "rules":
        return _validate_rules(value, changes)
    if key in ("unsafe_fixes", "inlay_hints"):
        if not isinstance(value, bool):
            return "expected true or false"
        changes[key] = value
        return None
    if key == "fail_level":
        if not isinstance(value, str) or value.lower() not in FAIL_LEVELS:
            return f"expected one of {', '.join(FAIL_LEVELS)}"
        changes[key] = value.lower()
        return None
    if key == "target_stage":
        if value is not None and not isinstance(value, str):
            return "expected a stage name"
        changes[key] = value or None
        return None
    if key == "shellcheck":
        return _validate_shellcheck(value, changes)
    if key == "docs_url":
        if value is not None and not isinstance(value, str):
            return "expected a URL"
        problem = _docs_url_problem(value) if value else None
        if problem is None:
            changes[key] = value or None
        return problem
    if key == "format":
        return _validate_format(value, changes)
    return "not supported here"  # pragma: no cover - every field is handled above


def _validate_list(key: str, value: object, changes: dict[str, Any]) -> str | None:
    """``select``, ``extend-select``, ``ignore`` (rule selectors) and ``exclude`` (globs)."""
    items = _string_list(value)
    if items is None:
        return "expected a list of strings"
    if key == "exclude":
        return _check_excludes(items, changes)
    unknown = [s for s in items if not _selector_ok(s)]
    if not unknown:
        changes[key] = items
        return None
    named = ", ".join(map(brief, unknown))
    known = tuple(s for s in items if _selector_ok(s))
    if not known:
        # `select = ["DF999"]` selecting nothing would turn every rule off: keep the value
        # from before (the caller says which).
        plural = "rules" if len(unknown) > 1 else "rule"
        return f"unknown {plural} {named}, no known rule left"
    changes[key] = known
    return f"unknown rule {named} (ignored)"


def _validate_severity(value: object, changes: dict[str, Any]) -> str | None:
    if not isinstance(value, Mapping):
        return "expected a table of rule = severity"
    good: dict[str, str] = {}
    bad: list[str] = []
    for rule, level in value.items():
        if not _selector_ok(str(rule)):
            bad.append(f"unknown rule {brief(rule)}")
        elif not isinstance(level, str) or level.lower() not in SEVERITY_VALUES:
            bad.append(
                f"{shorten(str(rule))}: {brief(level)} is not one of {', '.join(SEVERITY_VALUES)}"
            )
        else:
            good[str(rule)] = level.lower()
    changes["severity"] = good
    return "; ".join(bad) or None


def _validate_rules(value: object, changes: dict[str, Any]) -> str | None:
    if not isinstance(value, Mapping):
        return "expected a table of rule = {options}"
    from dfls.rules import registry

    options: dict[str, Mapping[str, object]] = {}
    bad: list[str] = []
    for rule_key, rule_options in value.items():
        rules = registry.select(str(rule_key))
        if len(rules) != 1:
            bad.append(f"unknown rule {brief(rule_key)}")
            continue
        if not isinstance(rule_options, Mapping):
            bad.append(f"{rule_key}: expected a table of options")
            continue
        problems = _check_options(rules[0], rule_options)
        if problems:
            # The whole table falls back to the rule's defaults, as for a bad table.
            bad.extend(f"{rule_key}: {problem}" for problem in problems)
            continue
        options[rules[0].code] = dict(rule_options)
    changes["rules"] = options
    return "; ".join(bad) or None


def _validate_shellcheck(value: object, changes: dict[str, Any]) -> str | None:
    """``[shellcheck]``: ``path`` (a string) and ``enable`` (optional check names)."""
    if not isinstance(value, Mapping):
        return "expected a table with path and enable"
    good: dict[str, object] = {}
    bad: list[str] = []
    for key, item in value.items():
        if key == "path" and isinstance(item, str):
            good["path"] = item
        elif key == "enable" and _string_list(item) is not None:
            good["enable"] = _string_list(item)
        else:
            bad.append(f"{brief(key)}: expected path (a string) or enable (a list of names)")
    changes["shellcheck"] = good
    return "; ".join(bad) or None


def _validate_format(value: object, changes: dict[str, Any]) -> str | None:
    base = changes.get("format", format_options.DEFAULT)
    options, problems = format_options.parse(value, base)
    changes["format"] = options
    return "; ".join(problems) or None


def docs_link(docs_url: str, code: str, name: str) -> str:
    """A rule's docs link under a configured ``docs-url``: a template with ``{code}``
    (DF101) and ``{name}`` (image-tag), or a base to which ``DF101.md`` is added (the
    pages dfls ships, hosted wherever the user put them)."""
    if "{" in docs_url:
        return docs_url.format(code=code, name=name)
    return docs_url.rstrip("/") + f"/{code}.md"


def _docs_url_problem(value: str) -> str | None:
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("http", "https", "file") or (
        parts.scheme != "file" and not parts.netloc
    ):
        return f"expected an http(s):// or file:// URL, got {value!r}"
    try:
        docs_link(value, "DF101", "image-tag")
    except (KeyError, IndexError, ValueError):
        return f"{value!r}: the only placeholders are {{code}} and {{name}}"
    return None


def _check_excludes(patterns: tuple[str, ...], changes: dict[str, Any]) -> str | None:
    """Keep the usable patterns; say which are not (too long, a bad ``[...]`` class)."""
    bad = [(p, globs.problem(p)) for p in patterns]
    changes["exclude"] = tuple(p for p, why in bad if why is None)
    named = "; ".join(f"{brief(p)}: {why}" for p, why in bad if why is not None)
    return f"unusable pattern {named} (ignored)" if named else None


def _check_options(rule: type[Rule], options: Mapping[str, object]) -> list[str]:
    """What is wrong with a rule's options table: names and values its options
    dataclass does not accept (see ``dfls.rules.options``)."""
    _, problems = parse_options(rule.options_type, {str(k): v for k, v in options.items()})
    return problems


def find_config(
    start: Path, stop: Path | None = None, cache: dict[Path, Path | None] | None = None
) -> Path | None:
    """The nearest `.dfls.toml` (or `pyproject.toml` with `[tool.dfls]`) at or above ``start``.

    The search stops at the repository root, the first directory that holds ``.git`` (as
    black's project-root search does): a checked-out repository is not configured by
    whatever lies above it. It also stops at ``stop`` (a language-server workspace folder).
    ``cache`` keeps the answer for every directory searched (resolved), so that the search
    from a sibling directory (with the same ``stop``) ends where they meet.
    """
    directory = start if start.is_dir() else start.parent
    directory = directory.resolve()
    limit = stop.resolve() if stop is not None else None
    searched: list[Path] = []
    found: Path | None = None
    for candidate_dir in (directory, *directory.parents):
        if cache is not None and candidate_dir in cache:
            found = cache[candidate_dir]
            break
        searched.append(candidate_dir)
        found = _config_in(candidate_dir)
        if found is not None or candidate_dir == limit or (candidate_dir / ".git").exists():
            break
    if cache is not None:
        cache.update(dict.fromkeys(searched, found))
    return found


def _config_in(directory: Path) -> Path | None:
    for name in CONFIG_FILES:
        candidate = directory / name
        if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
            return candidate
    return None


_TOOL_TABLE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*dfls[ \t]*[\].]", re.MULTILINE)


def _has_tool_table(path: Path) -> bool:
    """Cheap test for a ``[tool.dfls]`` (or ``[tool.dfls.*]``) table, without parsing TOML."""
    try:
        text = sources.read_bytes(path).decode("utf-8", errors="replace")
    except sources.SourceError:
        return False
    return bool(_TOOL_TABLE.search(text))


def _unusable(path: Path, base: Settings | None, why: str) -> LoadedSettings:
    return LoadedSettings(base or Settings(), path, (f"{path}: {why}; using defaults",))


def load_file(path: Path, base: Settings | None = None) -> LoadedSettings:
    """Settings from one config file; every problem (unreadable, not TOML, a bad value)
    becomes a message naming the file, and the defaults (or ``base``) stand in."""
    import tomllib  # here: a run without a config file does not load the TOML parser

    try:
        data = tomllib.loads(sources.read_bytes(path).decode("utf-8"))
    except sources.SourceError as error:
        return _unusable(path, base, f"cannot read: {error}")
    except UnicodeDecodeError as error:
        return _unusable(
            path, base, f"cannot read: not UTF-8 ({error.reason} at byte {error.start})"
        )
    except tomllib.TOMLDecodeError as error:
        return _unusable(path, base, f"invalid TOML: {error}")
    except RecursionError:
        return _unusable(path, base, "invalid TOML: values nested too deeply")
    where = str(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("dfls", {}) if isinstance(tool, dict) else {}
        where = f"{path} [tool.dfls]"
    try:
        settings, errors = from_mapping(data, base=base, where=where)
    except RecursionError:  # parsed just under Python's limit, too deep to look at
        return _unusable(path, base, "values nested too deeply")
    return LoadedSettings(settings, path, tuple(errors))


def load_for(dockerfile: Path, stop: Path | None = None) -> LoadedSettings:
    """Settings for a Dockerfile: the nearest config file, or the defaults."""
    path = find_config(dockerfile, stop)
    if path is None:
        return LoadedSettings(Settings(), None, ())
    return load_file(path)
