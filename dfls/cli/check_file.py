"""Check one file: read it, lint it and, when asked, fix it and show or write the fixes.

A :class:`Job` in, a :class:`FileResult` out, and never an exception: a bug on one file is
an error result, so the other files' results still count.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from dfls.cli.dockerignore import shared_dockerignore
from dfls.cli.plan import Job
from dfls.cli.results import FileResult, count_fixable
from dfls.cli.writing import WriteError, create_exclusive, reason, unified_diff, write_atomic
from dfls.engine import build_context as context
from dfls.engine import fixes, shellcheck, sources
from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.engine.discovery import inside
from dfls.engine.linting import RuleError
from dfls.model import Dockerfile
from dfls.rules.api import BuildContext, NewFile, Violation


def check(job: Job, parsed: Dockerfile | None = None) -> FileResult:
    """Lint one file and, when asked, fix it. Never raises: a bug becomes an error result.

    ``parsed``: the file's text parsed already (its ShellCheck units were checked with
    those of other files in one call); used when the text read now is its text.
    """
    try:
        return _check(job, parsed)
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


def _check(job: Job, given: Dockerfile | None) -> FileResult:
    opened = _open(job)
    if isinstance(opened, FileResult):
        return opened
    settings = job.settings
    parsed = given if given is not None and given.text == opened.source.text else None
    if job.require_target and settings.target_stage:
        parsed = Dockerfile.parse(opened.source.text)
        problem = missing_stage(parsed, settings.target_stage)
        if problem is not None:
            return FileResult(job.path, error=problem, fail_level=settings.fail_level)
    if not (job.fix or job.diff):
        return opened.result(opened.lint(parsed or Dockerfile.parse(opened.source.text)))
    fixed = _fix(opened)
    if job.diff:
        return _diff(opened, fixed)
    return _write(opened, fixed)


@dataclass
class _Opened:
    """A file being checked: its text, where its build context is, what the rules said."""

    job: Job
    source: sources.Source
    raw: bytes | None
    """The bytes read (with --fix): writing the fixes checks the file still holds them."""
    fs_path: Path | None
    beside: Path | None
    """Where the build context is looked for: the file, or ``--stdin-filename``."""
    stop: Path | None
    build: BuildContext
    warnings: list[str] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    """The rule errors of the latest lint."""

    @property
    def settings(self) -> Settings:
        return self.job.settings

    def lint(
        self, dockerfile: Dockerfile, build: BuildContext | None = None
    ) -> tuple[Violation, ...]:
        extra = shellcheck.findings(dockerfile, self.settings)
        build = self.build if build is None else build
        result = engine.lint(dockerfile, self.settings, build, extra=extra)
        self.errors[:] = result.rule_errors
        return result.violations

    def result(self, violations: tuple[Violation, ...]) -> FileResult:
        """The result with what is left, the latest rule errors and every warning."""
        return FileResult(
            self.job.path,
            violations,
            rule_errors=tuple(self.errors),
            warnings=tuple(self.warnings),
            fail_level=self.settings.fail_level,
            fixable=count_fixable(violations),
        )


def _open(job: Job) -> _Opened | FileResult:
    """Read the file (or take stdin's text) and find its build context."""
    settings = job.settings
    raw: bytes | None = None
    try:
        if job.text is not None:
            source = sources.from_text(job.text, job.encoding)
        else:
            assert job.fs_path is not None
            source = sources.read(Path(job.fs_path))
            if job.fix and not job.diff:
                raw = source.encode(source.text)
    except (sources.BinaryFileError, sources.NotRegularError) as error:
        if job.explicit:
            return FileResult(job.path, error=str(error), fail_level=settings.fail_level)
        return FileResult(job.path, skipped=str(error), fail_level="none")
    except sources.SourceError as error:
        return FileResult(job.path, error=str(error), fail_level=settings.fail_level)
    fs_path = Path(job.fs_path) if job.fs_path else None
    beside = Path(job.context_path) if job.context_path else fs_path
    stop = Path(job.config_dir) if job.config_dir else None
    build = context.for_dockerfile(beside, stop=stop) if beside else context.UNKNOWN
    opened = _Opened(job, source, raw, fs_path, beside, stop, build)
    if source.warning:
        opened.warnings.append(source.warning)
    return opened


class _Fixed(NamedTuple):  # not a dataclass: cheaper to make at start-up
    """The fixes applied to the text in memory."""

    outcome: fixes.FixOutcome
    changed: bool
    found: int
    """How many findings the first lint (before any fix) could fix."""
    new_files: list[NewFile]
    """Files the fixes create that do not exist yet."""


def _fix(opened: _Opened) -> _Fixed:
    """Apply the fixes to the text in memory (nothing is written here)."""
    unsafe = opened.settings.unsafe_fixes
    first: list[int] = []

    def lint_noting_first(dockerfile: Dockerfile) -> tuple[Violation, ...]:
        found = opened.lint(dockerfile)
        if not first:
            first.append(sum(1 for v in found if fixes.allowed(v, unsafe)))
        return found

    text = opened.source.text
    outcome = fixes.fix_text(text, lint_noting_first, unsafe=unsafe)
    new_files = [
        shared_dockerignore(f, text, opened.job.siblings)
        for f in outcome.new_files
        if opened.beside is None or not (opened.beside.parent / f.path).exists()
    ]
    return _Fixed(outcome, outcome.text != text, first[0] if first else 0, new_files)


def _diff(opened: _Opened, fixed: _Fixed) -> FileResult:
    """``--diff``: the fixes as unified diffs, nothing written."""
    path = opened.job.path
    outcome = fixed.outcome
    diff = unified_diff(opened.source.text, outcome.text, path) if fixed.changed else ""
    created_diffs = []
    for new_file in fixed.new_files:
        shown = _display_join(path, new_file.path)
        created_diffs.append((shown, unified_diff("", new_file.content, shown, created=True)))
    return opened.result(outcome.remaining)._replace(
        fixed=outcome.applied,
        diff=diff,
        created_diffs=tuple(created_diffs),
        fixed_found=fixed.found,
    )


def _write(opened: _Opened, fixed: _Fixed) -> FileResult:
    """``--fix``: write the fixed text and the created files, then say what is left."""
    fs_path = opened.fs_path
    outcome = fixed.outcome
    wrote = _write_text(opened, fixed)
    created = _create_files(opened, fixed.new_files)
    final_text = outcome.text if wrote else opened.source.text
    applied = tuple(
        v
        for v in outcome.applied
        if v.fix is not None and (wrote if v.fix.edits else bool(created))
    )
    if fixed.new_files and fs_path is not None:
        # The build context changed (we created a file, or a parallel fix of a Dockerfile
        # in the same directory did): check the final text against it.
        build = context.for_dockerfile(fs_path, stop=opened.stop)
        remaining = opened.lint(Dockerfile.parse(final_text), build)
    elif wrote:
        remaining = outcome.remaining
    else:
        remaining = opened.lint(Dockerfile.parse(opened.source.text))
    return opened.result(tuple(remaining))._replace(
        fixed=applied,
        created=tuple(created),
        text=opened.source.marked(final_text) if fs_path is None else None,
        encoding=opened.source.encoding,
    )


def _write_text(opened: _Opened, fixed: _Fixed) -> bool:
    """Write the fixed text over the file; True if the fixed text is what counts now."""
    fs_path = opened.fs_path
    if fs_path is None:
        return fixed.changed  # stdin: the fixed text goes to stdout
    if not fixed.changed:
        return False
    source = opened.source
    outside = _outside_root(opened.job, fs_path)
    if outside is not None:
        opened.warnings.append(f"fixes not written: {outside}")
        return False
    try:
        write_atomic(fs_path, source.encode(fixed.outcome.text), expected=opened.raw)
        return True
    except UnicodeEncodeError:
        opened.warnings.append(
            f"the fixed text cannot be written as {source.encoding}; not written"
        )
    except (OSError, WriteError) as error:
        opened.warnings.append(f"cannot write the fixes: {reason(error)}")
    return False


def _create_files(opened: _Opened, new_files: list[NewFile]) -> list[str]:
    """Create the files the fixes add (never over an existing one); their shown paths."""
    created: list[str] = []
    if opened.fs_path is None:  # stdin never creates files: its fixed text goes to stdout
        return created
    for new_file in new_files:
        target = opened.fs_path.parent / new_file.path
        outside = _outside_root(opened.job, target.parent)
        if outside is not None:
            opened.warnings.append(f"{new_file.path} not created: {outside}")
            continue
        try:
            if create_exclusive(target, new_file.content.encode("utf-8")):
                created.append(_display_join(opened.job.path, new_file.path))
        except OSError as error:
            opened.warnings.append(f"cannot create {new_file.path}: {reason(error)}")
    return created


def _outside_root(job: Job, path: Path) -> str | None:
    """Why writing ``path`` would leave the checked tree through a symlink (None: it would
    not). A repository may hold ``Dockerfile -> /etc/passwd``: reading it is harmless,
    writing fixes through it is not."""
    if job.root is None or inside(path, Path(job.root)):
        return None
    return (
        f"{job.path if path == Path(job.fs_path or '') else path} leads to"
        f" {os.path.realpath(path)}, outside {job.root}; dfls does not write through a"
        " symlink out of the checked directory"
    )


def missing_stage(dockerfile: Dockerfile, name: str, flag: str = "--target-stage") -> str | None:
    """Why ``name`` cannot be the target stage of ``dockerfile`` (None: it can)."""
    if dockerfile.stage_graph.named(name) is not None:
        return None
    names = [stage.name for stage in dockerfile.stages if stage.name]
    listed = f"stages: {', '.join(names)}" if names else "no named stages"
    return f"{flag}: no stage named {name!r} ({listed})"


def _display_join(path: str, name: str) -> str:
    """``name`` beside the file shown as ``path``, spelled the same way."""
    directory = os.path.dirname(path)
    return os.path.join(directory, name) if directory else name
