"""The formatter's options: the ``[format]`` table of ``.dfls.toml`` and the editor's ``format``.

Declared once, as the fields of :class:`FormatOptions` (the same machinery as rule
options, :mod:`dfls.rules.options`): their names in config (kebab-case; editors may send
camelCase), types, defaults, allowed values and docs all come from the declaration, and so
do the error messages for bad values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from dfls.rules.options import RuleOptions, option, specs
from dfls.rules.options import parse as parse_options


@dataclass(frozen=True)
class FormatOptions(RuleOptions):
    keyword_case: Literal["upper", "majority", "keep"] = option(
        "upper",
        '`"upper"` writes every instruction keyword in upper case; `"majority"` writes them in'
        " the case most keywords of the file use (as DF604's `consistent` style wants);"
        ' `"keep"` leaves them as written.',
    )
    indent_width: int = option(
        4, "Columns of indentation for continuation lines (with spaces).", minimum=1
    )
    indent_style: Literal["space", "tab"] = option(
        "space", '`"space"` indents continuation lines with spaces, `"tab"` with one tab.'
    )
    split_chains: Literal["multi-line", "always", "never"] = option(
        "multi-line",
        "Put each command of a `&&`/`||`/`|` chain in a RUN on its own line:"
        ' `"multi-line"` only in a RUN that already spans several lines, `"always"` in every'
        ' RUN, `"never"` leaves the line breaks as they are.',
    )
    blank_line_before_from: bool = option(
        False, "A blank line before each FROM after the first (and its comments)."
    )
    shell: bool = option(
        False,
        "Format the shell of RUN instructions and of shell-script heredocs with shfmt"
        " (the `shfmt-py` package, `pip install 'dfls[shfmt]'`); off, with a note, when"
        " shfmt is not installed.",
    )


DEFAULT = FormatOptions()


def _kebab(raw: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", raw).lower().replace("_", "-")


def parse(value: object, base: FormatOptions = DEFAULT) -> tuple[FormatOptions, list[str]]:
    """Options from a ``format`` table laid over ``base``; what was wrong with it.

    An unknown name or a bad value is a problem; that option keeps ``base``'s value.
    """
    if not isinstance(value, Mapping):
        return base, ["expected a table of format options"]
    table = {_kebab(str(k)): v for k, v in value.items()}
    parsed, problems = parse_options(FormatOptions, table)
    chosen = {
        spec.attribute: getattr(parsed, spec.attribute)
        for spec in specs(FormatOptions)
        if spec.name in table and spec.convert(table[spec.name]) is not None
    }
    return (replace(base, **chosen) if chosen else base), problems


def shown(options: FormatOptions) -> str:
    """The options as a TOML inline table (for "using ..." in error messages)."""
    parts = [f"{s.name} = {s.shown(getattr(options, s.attribute))}" for s in specs(FormatOptions)]
    return "{" + ", ".join(parts) + "}"
