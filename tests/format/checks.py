"""Helpers for the formatter tests: options from a golden case, an independent oracle."""

from __future__ import annotations

import io
import json
import re
import tomllib
from pathlib import Path
from typing import Any

from dockerfile_parse import DockerfileParser

from dfls.engine import format_options
from dfls.engine.format_options import FormatOptions
from dfls.features.format import safety
from dfls.model import Dockerfile

GOLDEN = Path(__file__).parent / "golden"


def case_options(case: Path) -> FormatOptions:
    path = case / "options.toml"
    if not path.is_file():
        return format_options.DEFAULT
    options, problems = format_options.parse(tomllib.loads(path.read_text())["format"])
    assert not problems, problems
    return options


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def same_build(before: str, after: str) -> bool:
    """dfls' own comparison: instructions, flags, arguments, heredocs, comments."""
    return safety.file_signature(Dockerfile.parse(before.lstrip("\ufeff"))) == (
        safety.file_signature(Dockerfile.parse(after.lstrip("\ufeff")))
    )


def _blanks(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _normal(value: str) -> Any:
    """Blanks collapsed; an exec-form array (after flags, ``CMD``...) by its values."""
    at = value.find("[")
    if at >= 0:
        try:
            parsed = json.loads(value[at:])
        except ValueError:
            parsed = None
        if isinstance(parsed, list):
            return (_blanks(value[:at]), parsed)
    return _blanks(value)


def oracle_applies(text: str) -> bool:
    """dockerfile-parse ends an instruction at an empty line inside a continuation (Docker
    before 17.x); BuildKit skips those lines, and so does the formatter: no oracle there."""
    dockerfile = Dockerfile.parse(text.lstrip("\ufeff"))
    return not any(i.node.empty_continuation_lines for i in dockerfile.instructions)


def oracle(text: str) -> list[tuple[str, Any]]:
    """Another parser's view (dockerfile-parse): instructions and their values, blanks
    between words not counted, JSON arrays by value, comments left out."""
    parser = DockerfileParser(fileobj=io.BytesIO(text.lstrip("\ufeff").encode("utf-8")))
    found = []
    for item in parser.structure:
        keyword = item["instruction"].upper()
        if keyword == "COMMENT":
            continue
        value = _normal(item["value"])
        if keyword == "FROM" and isinstance(value, str):
            value = re.sub(r" as (\S+)$", r" AS \1", value, flags=re.IGNORECASE)
        if keyword == "ONBUILD" and isinstance(value, str):  # the trigger's keyword
            trigger, _, rest = value.partition(" ")
            value = _normal(trigger.upper() + " " + rest)
        found.append((keyword, value))
    return found
