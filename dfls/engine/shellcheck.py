"""ShellCheck on every script of a Dockerfile (the program itself is run by
:mod:`dfls.engine.shellcheck_run`).

Every text a shell runs (:mod:`dfls.model.shell_sources`) becomes one *unit*: a first
line naming the dialect (``#!/bin/bash``, ``#!/bin/busybox sh``...), then the text with
a line ``export NAME=1 ...`` after its leading comments, declaring the ARG and ENV names
in scope that the text uses. ShellCheck then neither reports them as never assigned
(SC2154) nor asks to quote them (SC2086: a build argument is one word), as with hadolint,
which declares them the same way; after the leading comments, a ``# shellcheck
disable=`` at the top of a heredoc still covers the whole script. The units of one file, or of many, go to one
``shellcheck --format=json1`` call (json1 counts a tab as one column and characters as
code points, as the model does); results are cached per unit text, so an edit checks
again only the scripts that changed.

Findings keep ShellCheck's codes and messages and become :class:`Violation` values, so
suppression, severity overrides, output formats, code actions and hover treat them as
they treat the rules'. Its fixes become :class:`Fix` values at exact Dockerfile positions.

Settings: ``select``/``ignore`` take ``SC`` codes and prefixes (``ignore = ["SC"]`` turns
ShellCheck off), ``severity`` overrides them, and the ``[shellcheck]`` table has ``path``
(the program) and ``enable`` (ShellCheck's optional checks, or ``["all"]``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from dfls.engine import shellcheck_run as run
from dfls.engine.config import Settings
from dfls.knowledge import shellcheck as sc
from dfls.knowledge.shells import (
    busybox_base,
    dialect_of_program,
    dialect_of_shebang,
    stage_dialect,
)
from dfls.model import Dockerfile, Instruction, key_values, variables_at
from dfls.model.edits import Edit
from dfls.model.shell_sources import ShellSource, shell_sources
from dfls.rules.api import Fix, Severity, Violation

NAME = "shellcheck"
"""The ``name`` of every ShellCheck finding (its ``code`` is ``SC2086`` and so on)."""
_SHEBANG = {"busybox": "#!/bin/busybox sh"}
_BLANKS = re.compile(r"[ \t]{2,}")


# -- settings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What the settings say about ShellCheck (see :func:`options`)."""

    enabled: bool
    path: str | None = None
    optional: tuple[str, ...] = ()
    """ShellCheck's optional checks to enable (``--enable``): names or ``all``."""


def _wants(settings: Settings, code: str) -> bool:
    """Whether ``select``/``extend-select``/``ignore`` (and severity ``off``) keep ``code``
    (``SC`` alone stands for every ShellCheck code)."""
    chosen = settings.select is None or any(sc.matches(s, code) for s in settings.select)
    chosen = chosen or any(sc.matches(s, code) for s in settings.extend_select)
    if any(sc.matches(s, code) for s in settings.ignore):
        return False
    return chosen and _level(settings, code) != "off"


def _level(settings: Settings, code: str) -> str | None:
    """The severity setting for ``code``: the longest matching selector wins (``ALL`` is
    the shortest)."""
    found: tuple[int, str] | None = None
    for selector, level in settings.severity.items():
        length = 0 if selector.strip().upper() == "ALL" else len(selector.strip())
        if sc.matches(selector, code) and (found is None or length > found[0]):
            found = (length, level)
    return found[1] if found else None


def _enabled(settings: Settings) -> bool:
    """ShellCheck runs unless ``ignore`` (or a severity ``off``) names ``SC`` or ``ALL``, or
    ``select`` names no ShellCheck code."""
    if any(s.strip().upper() in ("SC", "ALL") for s in settings.ignore):
        return False
    if _level(settings, "SC") == "off":
        return False
    selectors = (*(settings.select or ()), *settings.extend_select)
    return settings.select is None or any(
        s.strip().upper() == "ALL" or sc.is_selector(s) for s in selectors
    )


def options(settings: Settings) -> Options:
    table: Mapping[str, Any] = settings.shellcheck
    path = table.get("path")
    optional = table.get("enable", ())
    return Options(
        _enabled(settings),
        path if isinstance(path, str) and path else None,
        tuple(optional) if isinstance(optional, list | tuple) else (),
    )


# -- units ------------------------------------------------------------------------------


class Unit(NamedTuple):
    """A text ShellCheck reads, and how its lines map to the shell source."""

    text: str
    source: ShellSource
    rows: tuple[int | None, ...]
    """For each line of the unit (0-based), the source's line there; None on our lines
    (the dialect's shebang, the declarations)."""
    instruction: Instruction


def units(dockerfile: Dockerfile) -> list[Unit]:
    """Every script of ``dockerfile`` as ShellCheck will read it (see the module doc)."""
    return [u for made in units_per_instruction(dockerfile) for u in made]


def units_per_instruction(dockerfile: Dockerfile) -> list[tuple[Unit, ...]]:
    """The units of each instruction, aligned with ``dockerfile.instructions``."""
    found: list[tuple[Unit, ...]] = []
    scopes = _Scopes(dockerfile)
    for instruction in dockerfile.instructions:
        sources = shell_sources(instruction)
        found.append(_made(dockerfile, instruction, scopes.names()) if sources else ())
        scopes.see(instruction)
    return found


def instruction_units(dockerfile: Dockerfile, instruction: Instruction) -> tuple[Unit, ...]:
    """The units of one instruction (its scope from the model: for a few instructions)."""
    if not shell_sources(instruction):
        return ()
    names = frozenset(variables_at(dockerfile, instruction)) | _EVERYWHERE
    return _made(dockerfile, instruction, names)


_EVERYWHERE = frozenset(sc.DECLARED_EVERYWHERE)


def _made(
    dockerfile: Dockerfile, instruction: Instruction, names: frozenset[str]
) -> tuple[Unit, ...]:
    base = stage_dialect(dockerfile, instruction)
    busybox = base == "busybox" or (
        instruction.stage is not None
        and busybox_base(dockerfile.stage_graph, dockerfile.stages[instruction.stage])
    )
    return tuple(
        _unit(source, dialect, names, instruction)
        for source in shell_sources(instruction)
        if (dialect := _dialect(source, base, busybox)) is not None
    )


def _dialect(source: ShellSource, base: str | None, busybox: bool) -> str | None:
    if source.shebang:
        return dialect_of_shebang(source.shebang, busybox)
    if source.runner:
        return dialect_of_program((source.runner,), busybox)
    return base


def _unit(
    source: ShellSource, dialect: str, scope: frozenset[str], instruction: Instruction
) -> Unit:
    """The text for ShellCheck: our shebang, the source's leading comment lines (a
    ``# shellcheck disable=`` there covers the whole script), ``export NAME=1 ...`` for
    the names in scope that the text uses (before their use, as hadolint does: ShellCheck
    then knows them as set, to a plain word), and the rest of the source."""
    text = source.text
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    first = 1 if source.shebang else 0  # a shebang line is blank in ``text``: ours replaces it
    lead = first
    while lead < len(lines) and (not lines[lead].strip() or lines[lead].lstrip().startswith("#")):
        lead += 1
    used = sorted(n for n in scope if ("$" + n) in text or ("${" + n) in text)
    declared = ["export " + " ".join(f"{n}=1" for n in used)] if used else []
    out = [_SHEBANG.get(dialect, f"#!/bin/{dialect}"), *lines[first:lead], *declared]
    rows: list[int | None] = [None, *range(first, lead), *([None] * len(declared))]
    out.extend(lines[lead:])
    rows.extend(range(lead, len(lines)))
    return Unit("\n".join(out) + "\n", source, tuple(rows), instruction)


class _Scopes:
    """The ARG and ENV names each instruction sees, in one pass over the file: a stage
    starts with the ARG and ENV names of the stage it is built on (BuildKit passes both
    on), then adds its own."""

    def __init__(self, dockerfile: Dockerfile) -> None:
        self.graph = dockerfile.stage_graph
        self.stages = dockerfile.stages
        self.current: set[str] = set()
        self.envs: dict[int, set[str]] = {}
        self.stage: int | None = None
        self.frozen: frozenset[str] | None = None

    def names(self) -> frozenset[str]:
        if self.frozen is None:
            self.frozen = frozenset(self.current) | _EVERYWHERE
        return self.frozen

    def see(self, instruction: Instruction) -> None:
        if instruction.stage != self.stage and instruction.keyword == "FROM":
            self.stage = instruction.stage
            parent = None
            if instruction.stage is not None and instruction.stage < len(self.stages):
                parent = self.graph.parent(self.stages[instruction.stage])
            inherited = self.envs.get(parent.index, set()) if parent is not None else set()
            self.current = set(inherited)
            self.envs[instruction.stage if instruction.stage is not None else -1] = set(inherited)
            self.frozen = None
        elif instruction.keyword in ("ARG", "ENV") and instruction.stage is not None:
            keys = {pair.key for pair in key_values(instruction)}
            self.current |= keys
            self.envs.setdefault(instruction.stage, set()).update(keys)
            self.frozen = None


# -- findings ---------------------------------------------------------------------------


def violations(found: Sequence[tuple[Unit, run.Result]], settings: Settings) -> list[Violation]:
    """ShellCheck's comments on the units as findings at Dockerfile positions, selected and
    with severity overrides as the settings say."""
    result: list[Violation] = []
    wanted: dict[str, bool] = {}
    for unit, comments in found:
        for raw in comments:
            keep = wanted.get(raw.code)
            if keep is None:
                keep = wanted[raw.code] = _wants(settings, raw.code)
            if not keep:
                continue
            violation = _violation(unit, raw, settings)
            if violation is not None:
                result.append(violation)
    return result


def _point(unit: Unit, line: int, column: int) -> tuple[int, int] | None:
    """A 1-based unit position as a 0-based source position (None: on our lines)."""
    row = unit.rows[line - 1] if 0 < line <= len(unit.rows) else None
    return None if row is None else (row, column - 1)


def _violation(unit: Unit, raw: run.Raw, settings: Settings) -> Violation | None:
    start = _point(unit, raw.line, raw.column)
    if start is None:
        return None  # on our lines
    end = _point(unit, raw.end_line, raw.end_column) or (start[0], 10**6)
    if raw.code == "SC2291" and _only_joined_blanks(unit.source, start, end):
        return None
    span = unit.source.span(start, end)
    level = _level(settings, raw.code) or sc.LEVELS.get(raw.level, "warning")
    return Violation(raw.code, NAME, span, raw.message, Severity.parse(level), _fix(unit, raw))


def _only_joined_blanks(source: ShellSource, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """SC2291 (repeated spaces) where every run of blanks in ``start``..``end`` spans a
    continuation join: a continuation line's indentation, not spaces meant to be printed."""
    if source.heredoc or start[0] != 0 or end[0] != 0:
        return False
    line = source.text.split("\n", 1)[0]
    runs = list(_BLANKS.finditer(line, start[1], min(end[1], len(line))))
    return bool(runs) and all(
        source.locate(0, b.start()).line != source.locate(0, b.end() - 1).line for b in runs
    )


def _fix(unit: Unit, raw: run.Raw) -> Fix | None:
    if not raw.replacements:
        return None
    edits: list[Edit] = []
    for line, column, end_line, end_column, text in raw.replacements:
        start, end = _point(unit, line, column), _point(unit, end_line, end_column)
        if start is None or end is None or "\n" in text:
            return None
        span = unit.source.span(start, end)
        if not unit.source.heredoc and start[0] == 0 and span.start.line != span.end.line:
            return None  # across a continuation join: the edit would remove the escape
        if text.endswith("\\"):
            return None  # would make a continuation
        edits.append(Edit(span, text))
    title = f"Apply ShellCheck's fix for {raw.code}"
    if raw.code in sc.SAFE_FIXES:
        return Fix.safe(title, *edits)
    return Fix.unsafe(title, *edits)


def check(
    dockerfiles: Sequence[Dockerfile], settings: Settings, background: bool = False
) -> list[list[Violation]]:
    """ShellCheck's findings for each Dockerfile, all checked in one call (cached units are
    not checked again). Raises :class:`~dfls.engine.shellcheck_run.Unavailable` when
    ShellCheck cannot run."""
    opts = options(settings)
    if not opts.enabled:
        return [[] for _ in dockerfiles]
    runner = run.runner_for(opts.path, opts.optional, background)
    per_file = [units(d) for d in dockerfiles]
    results = runner.run(u.text for file_units in per_file for u in file_units)
    return [
        violations([(u, results[u.text]) for u in file_units], settings) for file_units in per_file
    ]


def without_twins(violations: list[Violation]) -> list[Violation]:
    """``violations`` less the ShellCheck findings that a dfls rule reports at the same
    place (:data:`dfls.knowledge.shellcheck.TWINS`): one finding for one problem."""
    wanted = {sc.TWINS[v.code] for v in violations if v.code in sc.TWINS}
    if not wanted:
        return violations
    spans = [v.span for v in violations if v.code in wanted]
    if not spans:
        return violations
    return [
        v
        for v in violations
        if v.code not in sc.TWINS
        or not any(s.start < v.span.end and v.span.start < s.end for s in spans)
    ]


def unavailable(settings: Settings) -> str | None:
    """Why ShellCheck cannot run with these settings (None: it can, or it is not wanted):
    the one notice a front end shows."""
    opts = options(settings)
    return run.problem(opts.path) if opts.enabled else None


def findings(
    dockerfile: Dockerfile, settings: Settings, background: bool = False
) -> list[Violation]:
    """:func:`check` for one file; nothing when ShellCheck cannot run (the front end says
    so once, see :func:`unavailable`). ``background``: with the language server's runner
    (and its cache)."""
    try:
        return check([dockerfile], settings, background)[0]
    except run.Unavailable as error:
        _debug(error)
        return []


def _debug(error: Exception) -> None:
    import logging  # here: `dfls check` with ShellCheck at hand does not load it

    logging.getLogger(__name__).debug("%s", error)


def prefetch(dockerfiles: Sequence[tuple[Dockerfile, Settings]]) -> None:
    """Check the scripts of many files in one call, so that :func:`findings` on each then
    finds them cached (the CLI does this per chunk of files)."""
    groups: dict[int, tuple[Settings, list[Dockerfile]]] = {}
    for dockerfile, settings in dockerfiles:
        groups.setdefault(id(settings), (settings, []))[1].append(dockerfile)
    for settings, files in groups.values():
        try:
            check(files, settings)
        except run.Unavailable as error:
            _debug(error)
