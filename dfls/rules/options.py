"""Rule options: a rule states each option once, as a field of a frozen dataclass.

A rule with options subclasses :class:`RuleOptions` and names it as its ``options_type``::

    @dataclass(frozen=True)
    class Options(RuleOptions):
        strictness: Literal["latest", "major"] = option("latest", "what it means")

Everything else derives from the fields (see :func:`specs`): the option's name in config
(kebab-case: ``max_commands`` is ``max-commands``), its type (``bool``, ``int``, ``str``, a
``Literal`` of strings, or ``tuple[str, ...]`` for a list), its default, the allowed
values, an int's lower bound, and its documentation. Config validation, the engine and the
rule docs all read them from here, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields
from typing import Literal, NamedTuple, TypeVar, get_args, get_origin, get_type_hints

from dfls.rules.quoting import brief

_DOC = "dfls.doc"
_MINIMUM = "dfls.minimum"

T = TypeVar("T")


@dataclass(frozen=True)
class RuleOptions:
    """The options of a rule; a rule without options has this empty one."""


OptionsT = TypeVar("OptionsT", bound=RuleOptions)

Kind = Literal["bool", "int", "str", "list"]


def option(default: T, doc: str, *, minimum: int | None = None) -> T:
    """A field of a :class:`RuleOptions` dataclass: its default, its docs (a sentence of
    markdown after the name) and, for an int, the least value the rule works with."""
    result: T = field(default=default, metadata={_DOC: doc, _MINIMUM: minimum})
    return result


class OptionSpec(NamedTuple):
    """One option as config files and docs see it (a NamedTuple: cheaper to make at
    start-up than a dataclass)."""

    name: str
    attribute: str
    kind: Kind
    default: object
    doc: str = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None

    @property
    def expected(self) -> str:
        """What a valid value is, in words: ``one of "latest", "major"``."""
        if self.choices:
            import json  # (here: a message about a bad value; commands start without it)

            return "one of " + ", ".join(map(json.dumps, self.choices))
        if self.kind == "int" and self.minimum is not None:
            return f"an integer of at least {self.minimum}"
        return {
            "bool": "true or false",
            "int": "an integer",
            "str": "a string",
            "list": "a list of strings",
        }[self.kind]

    def convert(self, value: object) -> object | None:
        """``value`` as the field holds it, or None when it is not valid."""
        if self.kind == "bool":
            return value if isinstance(value, bool) else None
        if self.kind == "int":
            # TOML's true is not a number, whatever Python thinks.
            if isinstance(value, bool) or not isinstance(value, int):
                return None
            return value if self.minimum is None or value >= self.minimum else None
        if self.kind == "str":
            if not isinstance(value, str) or (self.choices and value not in self.choices):
                return None
            return value
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
        return None

    def shown(self, value: object, depth: int = 0) -> str:
        """A value as it is written in ``.dfls.toml``, kept short and shallow."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list | tuple):
            if depth >= 2:
                return "[...]"
            items = [self.shown(v, depth + 1) for v in value[:5]]
            return "[" + ", ".join(items + ["..."] * (len(value) > 5)) + "]"
        import json  # (here: a message about a bad value; commands start without it)

        # TOML also has dates and times, which JSON does not: show those as text.
        text = json.dumps(value, default=str)
        return text if len(text) <= 60 else text[:57] + "..."


def specs(options_type: type[RuleOptions]) -> tuple[OptionSpec, ...]:
    """The options of a rule, in the order its dataclass declares them.

    Raises TypeError for a field that config cannot express (no default, another type):
    a bug in the rule, found by the tests over every rule.
    """
    found = _SPECS.get(options_type)
    if found is None:
        hints = get_type_hints(options_type)
        found = tuple(_spec(f, hints[f.name], options_type) for f in fields(options_type))
        _SPECS[options_type] = found
    return found


_SPECS: dict[type[RuleOptions], tuple[OptionSpec, ...]] = {}


def _spec(declared: Field[object], hint: object, owner: type) -> OptionSpec:
    where = f"{owner.__qualname__}.{declared.name}"
    if not isinstance(declared.default, bool | int | str | tuple):
        raise TypeError(f"{where}: an option needs a default (a bool, int, str or tuple)")
    kind: Kind
    choices: tuple[str, ...] = ()
    if hint in (bool, int, str):
        kind = "bool" if hint is bool else "int" if hint is int else "str"
    elif get_origin(hint) is Literal and all(isinstance(a, str) for a in get_args(hint)):
        kind, choices = "str", get_args(hint)
    elif hint == tuple[str, ...]:
        kind = "list"
    else:
        raise TypeError(f"{where}: {hint} is not an option type (bool, int, str, Literal, list)")
    minimum = declared.metadata.get(_MINIMUM)
    if minimum is not None and kind != "int":
        raise TypeError(f"{where}: only an int option has a minimum")
    name = declared.name.replace("_", "-")
    doc = str(declared.metadata.get(_DOC, ""))
    spec = OptionSpec(name, declared.name, kind, declared.default, doc, choices, minimum)
    if spec.convert(spec.default) != spec.default:
        raise TypeError(f"{where}: the default is not {spec.expected}")
    return spec


def defaults(options_type: type[OptionsT]) -> OptionsT:
    """The default options, one object per type (rules without options share one)."""
    found = _DEFAULTS.get(options_type)
    if not isinstance(found, options_type):
        found = _DEFAULTS[options_type] = options_type()
    return found


_DEFAULTS: dict[type[RuleOptions], RuleOptions] = {}

NO_OPTIONS = defaults(RuleOptions)
"""The options of a rule without options."""


def parse(options_type: type[OptionsT], values: Mapping[str, object]) -> tuple[OptionsT, list[str]]:
    """Options from a settings table (kebab-case names), and what was wrong with it.

    An unknown name or an invalid value is a problem; that option keeps its default.
    """
    if not values:
        return defaults(options_type), []
    known = {spec.name: spec for spec in specs(options_type)}
    chosen: dict[str, object] = {}
    problems: list[str] = []
    for name, value in values.items():
        spec = known.get(name)
        if spec is None:
            names = ", ".join(sorted(known)) or "none"
            problems.append(f"unknown option {brief(name)} (options: {names})")
            continue
        converted = spec.convert(value)
        if converted is None:
            problems.append(
                f"option {brief(name)} expects {spec.expected}, got {spec.shown(value)}"
            )
            continue
        chosen[spec.attribute] = converted
    if not chosen:
        return defaults(options_type), problems
    return options_type(**chosen), problems
