"""``dfls check`` as a use case: resolve settings, lint (and fix) files, decide the exit code.

The CLI parses arguments and prints; everything else is here. Work on one file is a
:class:`Job` in, a :class:`FileResult` out: both pickle, so many files can be checked in a
process pool. Nothing here imports pygls or lsprotocol.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dfls.cli import discovery
from dfls.engine import build_context as context
from dfls.engine import config, fixes, sources
from dfls.engine import linting as engine
from dfls.engine.config import LoadedSettings, Settings
from dfls.engine.linting import RuleError
from dfls.model import Dockerfile
from dfls.rules.api import BuildContext, NewFile, Severity, Violation

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

STDIN = "-"


@dataclass(frozen=True)
class Overrides:
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
            path = config.find_config(directory)
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

    def excludes_for(self, directory: Path) -> discovery.ExcludeSet | None:
        return self._entry(directory)[1]

    def config_dir_for(self, dockerfile: Path) -> str | None:
        """The directory of the config file in force (the project root for context lookup)."""
        path = self._entry(Path(os.path.abspath(dockerfile)).parent)[2]
        return str(path.parent) if path is not None else None


@dataclass(frozen=True)
class Job:
    """One file to check. ``path`` is shown to the user; ``text`` is set for stdin."""

    path: str
    settings: Settings
    fs_path: str | None = None
    text: str | None = None
    context_path: str | None = None
    """Where the build context is (the file itself, or ``--stdin-filename``)."""
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


@dataclass(frozen=True)
class FileResult:
    path: str
    violations: tuple[Violation, ...] = ()
    """What is left (after fixing, with --fix)."""
    fixed: tuple[Violation, ...] = ()
    """Fixes applied (or, with --diff, that would be)."""
    fixed_found: int = 0
    """How many fixable findings there were before fixing (what ``dfls check`` reports as
    fixable); :attr:`fixed` can hold more, since fixes repeat until nothing changes."""
    rule_errors: tuple[RuleError, ...] = ()
    error: str | None = None
    """Why the file could not be checked at all (unreadable, binary, too large)."""
    warnings: tuple[str, ...] = ()
    fail_level: str = "warning"
    diff: str = ""
    """With --diff: the Dockerfile's changes as a unified diff."""
    created_diffs: tuple[tuple[str, str], ...] = ()
    """With --diff: (path, diff) of each file fixes would create (shared ones repeat)."""
    created: tuple[str, ...] = ()
    """Files created by fixes (e.g. a ``.dockerignore``), as paths shown to the user."""
    text: str | None = None
    """The fixed text of stdin input (``--fix -`` prints it)."""
    fixable: tuple[int, int] = (0, 0)
    """How many remaining findings ``--fix`` / ``--unsafe-fixes`` could fix."""
    skipped: str | None = None
    """Why a file found by a directory search was not checked after all (binary)."""

    @property
    def failing(self) -> tuple[Violation, ...]:
        threshold = None if self.fail_level == "none" else Severity.parse(self.fail_level)
        if threshold is None:
            return ()
        return tuple(v for v in self.violations if v.severity.rank >= threshold.rank)


def exit_code(results: Iterable[FileResult], config_errors: bool = False) -> int:
    """2 for unreadable files, crashed rules or bad config; else 1 for failing findings."""
    code = 2 if config_errors else 0
    for result in results:
        if result.error is not None or result.rule_errors:
            return 2
        if code == 0 and result.failing:
            code = 1
    return code


def _count_fixable(violations: Sequence[Violation]) -> tuple[int, int]:
    safe = sum(1 for v in violations if fixes.allowed(v, unsafe=False))
    unsafe = sum(1 for v in violations if fixes.allowed(v, unsafe=True)) - safe
    return safe, unsafe


def _unified(old: str, new: str, path: str, created: bool = False) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile="/dev/null" if created else f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _display_join(path: str, name: str) -> str:
    """``name`` beside the file shown as ``path``, spelled the same way."""
    directory = os.path.dirname(path)
    return os.path.join(directory, name) if directory else name


class WriteError(Exception):
    pass


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path``'s content with ``data`` atomically, keeping its mode and owner.

    The new content goes to a temporary file in the same directory, is flushed to disk,
    and is renamed over the original, so a reader sees the old file or the new one,
    never half of either. With ``expected``, the file must still hold those bytes.
    """
    real = Path(os.path.realpath(path))
    info = real.stat()
    if expected is not None and real.read_bytes() != expected:
        raise WriteError("it changed while dfls was fixing it; not written")
    descriptor, temporary = tempfile.mkstemp(
        dir=real.parent, prefix=f".{real.name}.", suffix=".dfls-tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown"):
            # Not allowed to give it away? Then it keeps our ownership.
            with contextlib.suppress(OSError):
                os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def create_exclusive(path: Path, data: bytes) -> bool:
    """Create ``path`` atomically with ``data``; False (and nothing written) if it exists."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".dfls-tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:
            # No hard links here (some network file systems): exclusive open instead.
            try:
                with open(path, "xb") as handle:
                    handle.write(data)
            except FileExistsError:
                return False
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def check(job: Job) -> FileResult:
    """Lint one file and, when asked, fix it. Never raises: a bug becomes an error result."""
    try:
        return _check(job)
    except Exception as error:  # a bug in dfls must not hide the other files' results
        import traceback

        log_details = traceback.format_exc()
        message = f"internal error: {type(error).__name__}: {error} (please report it)"
        return FileResult(
            job.path,
            error=message,
            fail_level=job.settings.fail_level,
            warnings=(log_details,) if os.environ.get("DFLS_DEBUG") else (),
        )


def _check(job: Job) -> FileResult:
    settings = job.settings
    warnings: list[str] = []
    raw: bytes | None = None
    try:
        if job.text is not None:
            source = sources.Source(job.text, None)
        else:
            assert job.fs_path is not None
            source = sources.read(Path(job.fs_path))
            if job.fix and not job.diff:
                raw = source.encode(source.text)
    except sources.BinaryFileError as error:
        if job.explicit:
            return FileResult(job.path, error=str(error), fail_level=settings.fail_level)
        return FileResult(job.path, skipped=str(error), fail_level="none")
    except sources.SourceError as error:
        return FileResult(job.path, error=str(error), fail_level=settings.fail_level)
    if source.warning:
        warnings.append(source.warning)
    fs_path = Path(job.fs_path) if job.fs_path else None
    beside = Path(job.context_path) if job.context_path else fs_path
    stop = Path(job.config_dir) if job.config_dir else None
    build = context.for_dockerfile(beside, stop=stop) if beside else context.UNKNOWN
    errors: list[RuleError] = []
    parsed: Dockerfile | None = None
    if job.require_target and settings.target_stage:
        parsed = Dockerfile.parse(source.text)
        problem = missing_stage(parsed, settings.target_stage)
        if problem is not None:
            return FileResult(job.path, error=problem, fail_level=settings.fail_level)

    def lint(dockerfile: Dockerfile, build: BuildContext = build) -> tuple[Violation, ...]:
        result = engine.lint(dockerfile, settings, build)
        errors[:] = result.rule_errors
        return result.violations

    if not (job.fix or job.diff):
        violations = lint(parsed or Dockerfile.parse(source.text))
        return FileResult(
            job.path,
            violations,
            rule_errors=tuple(errors),
            warnings=tuple(warnings),
            fail_level=settings.fail_level,
            fixable=_count_fixable(violations),
        )

    first: list[int] = []  # how many findings the first lint (before any fix) could fix

    def lint_noting_first(dockerfile: Dockerfile) -> tuple[Violation, ...]:
        found = lint(dockerfile)
        if not first:
            first.append(sum(1 for v in found if fixes.allowed(v, settings.unsafe_fixes)))
        return found

    outcome = fixes.fix_text(source.text, lint_noting_first, unsafe=settings.unsafe_fixes)
    fixed_found = first[0] if first else 0
    changed = outcome.text != source.text
    new_files = [
        _shared_dockerignore(f, source.text, job.siblings)
        for f in outcome.new_files
        if beside is None or not (beside.parent / f.path).exists()
    ]
    if job.diff:
        diff = _unified(source.text, outcome.text, job.path) if changed else ""
        created_diffs = []
        for new_file in new_files:
            shown = _display_join(job.path, new_file.path)
            created_diffs.append((shown, _unified("", new_file.content, shown, created=True)))
        return FileResult(
            job.path,
            outcome.remaining,
            fixed=outcome.applied,
            rule_errors=tuple(errors),
            warnings=tuple(warnings),
            fail_level=settings.fail_level,
            diff=diff,
            created_diffs=tuple(created_diffs),
            fixed_found=fixed_found,
            fixable=_count_fixable(outcome.remaining),
        )

    wrote = fs_path is None and changed  # stdin: the fixed text goes to stdout
    if fs_path is not None and changed:
        try:
            write_atomic(fs_path, source.encode(outcome.text), expected=raw)
            wrote = True
        except UnicodeEncodeError:
            warnings.append(f"the fixed text cannot be written as {source.encoding}; not written")
        except (OSError, WriteError) as error:
            warnings.append(f"cannot write the fixes: {_reason(error)}")
    created: list[str] = []
    if fs_path is not None:  # stdin never creates files: its fixed text goes to stdout
        for new_file in new_files:
            target = fs_path.parent / new_file.path
            try:
                if create_exclusive(target, new_file.content.encode("utf-8")):
                    created.append(_display_join(job.path, new_file.path))
            except OSError as error:
                warnings.append(f"cannot create {new_file.path}: {_reason(error)}")
    final_text = outcome.text if wrote else source.text
    applied = tuple(
        v
        for v in outcome.applied
        if v.fix is not None and (wrote if v.fix.edits else bool(created))
    )
    if new_files and fs_path is not None:
        # The build context changed (we created a file, or a parallel fix of a Dockerfile
        # in the same directory did): check the final text against it.
        remaining = lint(Dockerfile.parse(final_text), context.for_dockerfile(fs_path, stop=stop))
    elif wrote:
        remaining = outcome.remaining
    else:
        remaining = lint(Dockerfile.parse(source.text))
    return FileResult(
        job.path,
        tuple(remaining),
        fixed=applied,
        rule_errors=tuple(errors),
        warnings=tuple(warnings),
        fail_level=settings.fail_level,
        created=tuple(created),
        text=final_text if fs_path is None else None,
        fixable=_count_fixable(remaining),
    )


def missing_stage(dockerfile: Dockerfile, name: str) -> str | None:
    """Why ``name`` cannot be the target stage of ``dockerfile`` (None: it can)."""
    if dockerfile.stage_graph.named(name) is not None:
        return None
    names = [stage.name for stage in dockerfile.stages if stage.name]
    listed = f"stages: {', '.join(names)}" if names else "no named stages"
    return f"--target-stage: no stage named {name!r} ({listed})"


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def check_chunk(jobs: Sequence[Job]) -> list[FileResult]:
    """The unit of work of a pool worker."""
    return [check(job) for job in jobs]


@dataclass
class Plan:
    """What ``dfls check`` will do: the jobs, plus paths that could not even be listed."""

    jobs: list[Job] = field(default_factory=list)
    missing: list[FileResult] = field(default_factory=list)


def plan(
    paths: Sequence[str],
    resolver: SettingsResolver,
    *,
    fix: bool = False,
    diff: bool = False,
    force_exclude: bool = False,
    stdin: Callable[[], str] | None = None,
    stdin_filename: str | None = None,
) -> Plan:
    """Expand the command line's paths into jobs, in order, each with its settings."""
    result = Plan()
    roots: list[Path] = []
    order: list[Path | str] = []
    for path in paths:
        if path == STDIN:
            order.append(STDIN)
        else:
            roots.append(Path(path))
            order.append(Path(path))
    seen: set[Path] = set()
    for item in order:
        if isinstance(item, str):
            text = stdin() if stdin is not None else ""
            shown = stdin_filename or STDIN
            where = Path(stdin_filename) if stdin_filename else Path("Dockerfile")
            settings = resolver.settings_for(where)
            if (
                stdin_filename
                and force_exclude
                and discovery.excluded(where, False, resolver.excludes_for)
            ):
                continue
            result.jobs.append(
                Job(
                    shown,
                    settings,
                    fs_path=None,
                    context_path=stdin_filename,
                    config_dir=resolver.config_dir_for(where) if stdin_filename else None,
                    require_target=resolver.overrides.target_stage is not None,
                    text=text,
                    fix=fix,
                    diff=diff,
                )
            )
            continue
        for found in discovery.walk([item], resolver.excludes_for, force_exclude, seen):
            if isinstance(found, tuple):
                result.missing.append(FileResult(str(found[0]), error=found[1], fail_level="none"))
                continue
            settings = resolver.settings_for(found.path)
            result.jobs.append(
                Job(
                    str(found.path),
                    settings,
                    fs_path=str(found.path),
                    fix=fix,
                    diff=diff,
                    explicit=found.explicit,
                    require_target=resolver.overrides.target_stage is not None,
                    config_dir=resolver.config_dir_for(found.path),
                )
            )
    if fix or diff:
        result.jobs = _with_siblings(result.jobs)
    return result


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
                job = replace(job, siblings=others)
        out.append(job)
    return out


def _shared_dockerignore(new_file: NewFile, text: str, siblings: Sequence[str]) -> NewFile:
    """DF301's ``.dockerignore``, made to suit every Dockerfile checked in the directory.

    The rule's template keeps out the patterns that would exclude a file the Dockerfile's
    COPYs name; one ``.dockerignore`` serves every Dockerfile beside it (unless it has its
    own ``<name>.dockerignore``), so the created file is the union of their templates
    without any pattern that would exclude a file one of them copies by name.
    """
    if new_file.path != context.DOCKERIGNORE or not siblings:
        return new_file
    from dfls.knowledge.context import explicit_sources, is_ignored
    from dfls.rules.df301_missing_dockerignore import template

    dockerfiles = [Dockerfile.parse(text)]
    for sibling in siblings:
        if Path(sibling + context.DOCKERIGNORE).exists():
            continue  # it has its own ignore file
        try:
            dockerfiles.append(Dockerfile.parse(sources.read(Path(sibling)).text))
        except sources.SourceError:
            continue
    if len(dockerfiles) == 1:
        return new_file
    named = {path for d in dockerfiles for path in explicit_sources(d)}
    header = ""
    sections: dict[str, list[str]] = {}
    for dockerfile in dockerfiles:
        header, *body = template(dockerfile).splitlines()
        title = ""
        for line in body:
            if line.startswith("# "):
                title = line
                sections.setdefault(title, [])
            elif line and title and line not in sections[title]:
                sections[title].append(line)
    lines = [header]
    used: set[str] = set()
    for title, patterns in sections.items():
        kept = [
            p
            for p in patterns
            if p not in used and not any(is_ignored((p,), path) for path in named)
        ]
        used.update(kept)
        if kept:
            lines.extend(["", title, *kept])
    return NewFile(new_file.path, "\n".join(lines) + "\n")


def run_serial(jobs: Sequence[Job]) -> Iterator[FileResult]:
    for job in jobs:
        yield check(job)


@dataclass(frozen=True)
class Statistic:
    code: str
    name: str
    count: int
    fixable: int


def statistics(results: Iterable[FileResult]) -> list[Statistic]:
    """Findings per rule, most frequent first (``--statistics``)."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    fixable: dict[str, int] = {}
    for result in results:
        for violation in result.violations:
            names[violation.code] = violation.name
            counts[violation.code] = counts.get(violation.code, 0) + 1
            if fixes.allowed(violation, unsafe=True):
                fixable[violation.code] = fixable.get(violation.code, 0) + 1
    rows = [Statistic(code, names[code], counts[code], fixable.get(code, 0)) for code in counts]
    rows.sort(key=lambda row: (-row.count, row.code))
    return rows


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


def chunked(jobs: Sequence[Job], workers: int) -> list[list[Job]]:
    """Chunks small enough to balance the load, big enough to amortise pickling."""
    size = max(1, min(32, len(jobs) // (workers * 6) or 1))
    return [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]


def _pool_context() -> BaseContext:
    """``fork`` where it is safe (POSIX, one thread): workers start with dfls imported."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    # Forking a threaded process can deadlock (and warns from Python 3.12 on).
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool (no traceback per worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(
    jobs: Sequence[Job],
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[FileResult]:
    """Check every job, in a process pool when ``workers`` > 1; results in job order."""
    total = len(jobs)
    if workers <= 1 or total <= 1:
        results = []
        for done, job in enumerate(jobs, 1):
            results.append(check(job))
            if progress is not None:
                progress(done, total)
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed

    chunks = chunked(jobs, workers)
    by_chunk: dict[int, list[FileResult]] = {}
    done = 0
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=_pool_context(),
        initializer=_ignore_interrupts,
    )
    try:
        futures = {pool.submit(check_chunk, chunk): index for index, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            chunk_results = future.result()
            by_chunk[futures[future]] = chunk_results
            done += len(chunk_results)
            if progress is not None:
                progress(done, total)
    except BaseException:
        # Ctrl-C (or a broken pool): drop the queued chunks; workers finish their current one.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [result for index in range(len(chunks)) for result in by_chunk[index]]
