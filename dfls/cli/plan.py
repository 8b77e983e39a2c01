"""What ``dfls check`` will do: the settings of each Dockerfile, and one :class:`Job` per file.

Settings come from the nearest config file (cached per directory) with the command line's
:class:`Overrides` on top. A job pickles, so files can be checked in a process pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from dfls.cli.terminal import UsageError
from dfls.engine import config, discovery
from dfls.engine.config import LoadedSettings, Settings

if TYPE_CHECKING:  # results loads the linter: `dfls format` needs none of it
    from dfls.cli.results import FileResult

STDIN = "-"


# NamedTuples and a plain class, not dataclasses: making a dataclass compiles its methods
# at import, a millisecond or so each on every start of `dfls check` and `dfls format`.


class Overrides(NamedTuple):
    """Settings given on the command line; they beat every config file.

    ``select`` replaces the config's ``select`` and ``extend-select``; ``extend_select``
    and ``ignore`` add to the config's lists; the scalars replace.
    """

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_level: str | None = None
    target_stage: str | None = None
    unsafe_fixes: bool | None = None

    def apply(self, settings: Settings) -> Settings:
        changes: dict[str, object] = {}
        if self.select is not None:
            changes["select"] = self.select
            changes["extend_select"] = self.extend_select
        elif self.extend_select:
            changes["extend_select"] = settings.extend_select + self.extend_select
        if self.ignore:
            changes["ignore"] = settings.ignore + self.ignore
        if self.fail_level is not None:
            changes["fail_level"] = self.fail_level
        if self.target_stage is not None:
            changes["target_stage"] = self.target_stage
        if self.unsafe_fixes is not None:
            changes["unsafe_fixes"] = self.unsafe_fixes
        return replace(settings, **changes) if changes else settings  # type: ignore[arg-type]


def settings_overrides(data: Mapping[str, object]) -> tuple[Overrides, list[str]]:
    """Validate the command line's settings with the config rules (same messages)."""
    parsed, errors = config.from_mapping(data, where="command line")
    return (
        Overrides(
            select=parsed.select if "select" in data else None,
            extend_select=parsed.extend_select,
            ignore=parsed.ignore,
            fail_level=parsed.fail_level if "fail-level" in data else None,
            target_stage=parsed.target_stage if "target-stage" in data else None,
            unsafe_fixes=True if data.get("unsafe-fixes") else None,
        ),
        errors,
    )


def config_file(given: str) -> Path:
    """The ``--config`` file, or a usage error that says what is wrong with it."""
    path = Path(given)
    if path.is_file():
        return path
    if path.is_dir():
        problem = "is a directory; name the file (.dfls.toml, dfls.toml or pyproject.toml)"
    elif path.exists():
        problem = "is not a regular file"
    else:
        problem = "no such file"
    raise UsageError(f"--config: {given}: {problem}")


_Entry = tuple[Settings, discovery.ExcludeSet | None, Path | None]
"""Settings, exclude patterns and the config file in force for a directory."""


class SettingsResolver:
    """Settings per Dockerfile: the nearest config (cached per directory) + overrides.

    With an explicit config file, that file is used for every Dockerfile. Problems in
    config files are collected (once per file) in :attr:`errors`.
    """

    def __init__(self, overrides: Overrides, explicit: LoadedSettings | None = None) -> None:
        self.overrides = overrides
        self.explicit = explicit
        self.errors: dict[str, None] = {}
        self._by_directory: dict[Path, _Entry] = {}
        self._by_config: dict[Path | None, _Entry] = {}
        self._found: dict[Path, Path | None] = {}
        """Config files found, by directory searched (:func:`dfls.engine.config.find_config`)."""
        if explicit is not None:
            self._note(explicit)

    def _note(self, loaded: LoadedSettings) -> None:
        for error in loaded.errors:
            self.errors.setdefault(error, None)

    def _entry(self, directory: Path) -> _Entry:
        entry = self._by_directory.get(directory)
        if entry is not None:
            return entry
        if self.explicit is not None:
            loaded = self.explicit
        else:
            path = config.find_config(directory, cache=self._found)
            cached = self._by_config.get(path)
            if cached is not None:
                self._by_directory[directory] = cached
                return cached
            loaded = config.load_file(path) if path else LoadedSettings(Settings(), None, ())
            self._note(loaded)
        base = loaded.path.parent if loaded.path else directory
        excludes = (
            discovery.ExcludeSet(base, loaded.settings.exclude) if loaded.settings.exclude else None
        )
        entry = (self.overrides.apply(loaded.settings), excludes, loaded.path)
        if self.explicit is None:
            self._by_config[loaded.path] = entry
        self._by_directory[directory] = entry
        return entry

    def settings_for(self, dockerfile: Path) -> Settings:
        return self._entry(Path(os.path.abspath(dockerfile)).parent)[0]

    def settings_and_config_dir(self, dockerfile: Path) -> tuple[Settings, str | None]:
        """:meth:`settings_for` and :meth:`config_dir_for` at once."""
        settings, _, path = self._entry(Path(os.path.abspath(dockerfile)).parent)
        return settings, str(path.parent) if path is not None else None

    def excludes_for(self, directory: Path) -> discovery.ExcludeSet | None:
        return self._entry(directory)[1]

    def config_dir_for(self, dockerfile: Path) -> str | None:
        """The directory of the config file in force (the project root for context lookup)."""
        path = self._entry(Path(os.path.abspath(dockerfile)).parent)[2]
        return str(path.parent) if path is not None else None


class Job(NamedTuple):
    """One file to check. ``path`` is shown to the user; ``text`` is set for stdin."""

    path: str
    settings: Settings
    fs_path: str | None = None
    text: str | None = None
    context_path: str | None = None
    """Where the build context is (the file itself, or ``--stdin-filename``)."""
    encoding: str = "utf-8"
    """The encoding standard input came in (``--fix -`` and ``format -`` answer in it)."""
    fix: bool = False
    diff: bool = False
    explicit: bool = True
    """Named on the command line (or stdin), not found by a directory search."""
    config_dir: str | None = None
    """The config file's directory: where the search for a ``.dockerignore`` above stops."""
    require_target: bool = False
    """``--target-stage`` was given: a Dockerfile without that stage is an error, as in
    ``docker build --target``."""
    siblings: tuple[str, ...] = ()
    """Other Dockerfiles checked in the same directory (with --fix/--diff): a created
    ``.dockerignore`` must suit them too."""
    root: str | None = None
    """The checked tree (resolved, see :attr:`dfls.engine.discovery.Found.root`): ``--fix``
    writes nothing through a symlink that leads out of it."""


class Plan:
    """What ``dfls check`` will do: the jobs, plus paths that could not even be listed."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []
        self.missing: list[FileResult] = []
        self.outside: list[tuple[str, str]] = []
        """Symlinks a search found that lead out of the searched directory, and their
        targets: not checked (a file named on the command line is)."""


def plan(
    paths: Sequence[str],
    resolver: SettingsResolver,
    *,
    fix: bool = False,
    diff: bool = False,
    force_exclude: bool = False,
    stdin: Callable[[], tuple[str, str]] | None = None,
    stdin_filename: str | None = None,
) -> Plan:
    """Expand the command line's paths into jobs, in order, each with its settings."""
    result = Plan()
    seen: set[Path] = set()
    # Paths in runs between the `-`s: one walk per run (it resolves the working directory once).
    for is_stdin, run in groupby(paths, key=lambda path: path == STDIN):
        if is_stdin:
            for _ in run:
                text, encoding = stdin() if stdin is not None else ("", "utf-8")
                job = _stdin_job(text, resolver, stdin_filename, force_exclude, fix=fix, diff=diff)
                if job is not None:
                    result.jobs.append(job._replace(encoding=encoding))
            continue
        roots = [Path(path) for path in run]
        for found in discovery.walk(roots, resolver.excludes_for, force_exclude, seen):
            if isinstance(found, discovery.Outside):
                result.outside.append((str(found.path), found.target))
                continue
            if not isinstance(found, discovery.Found):  # (path, problem)
                from dfls.cli.results import FileResult

                result.missing.append(FileResult(str(found[0]), error=found[1], fail_level="none"))
                continue
            settings, config_dir = resolver.settings_and_config_dir(found.path)
            result.jobs.append(
                Job(
                    str(found.path),
                    settings,
                    fs_path=str(found.path),
                    fix=fix,
                    diff=diff,
                    explicit=found.explicit,
                    require_target=resolver.overrides.target_stage is not None,
                    config_dir=config_dir,
                    root=str(found.root),
                )
            )
    if fix or diff:
        result.jobs = _with_siblings(result.jobs)
    return result


def _stdin_job(
    text: str,
    resolver: SettingsResolver,
    stdin_filename: str | None,
    force_exclude: bool,
    *,
    fix: bool,
    diff: bool,
) -> Job | None:
    """Standard input as a job, named ``--stdin-filename`` (None: that name is excluded)."""
    where = Path(stdin_filename) if stdin_filename else Path("Dockerfile")
    settings = resolver.settings_for(where)
    if stdin_filename and force_exclude and discovery.excluded(where, False, resolver.excludes_for):
        return None
    return Job(
        stdin_filename or STDIN,
        settings,
        fs_path=None,
        context_path=stdin_filename,
        config_dir=resolver.config_dir_for(where) if stdin_filename else None,
        require_target=resolver.overrides.target_stage is not None,
        text=text,
        fix=fix,
        diff=diff,
    )


def _with_siblings(jobs: list[Job]) -> list[Job]:
    """Tell each file job which other Dockerfiles are checked in its directory."""
    by_directory: dict[str, list[str]] = {}
    for job in jobs:
        if job.fs_path is not None:
            directory = os.path.dirname(os.path.abspath(job.fs_path))
            by_directory.setdefault(directory, []).append(job.fs_path)
    out = []
    for job in jobs:
        if job.fs_path is not None:
            directory = os.path.dirname(os.path.abspath(job.fs_path))
            others = tuple(p for p in by_directory[directory] if p != job.fs_path)
            if others:
                job = job._replace(siblings=others)
        out.append(job)
    return out
