"""``dfls format``: lay Dockerfiles out one way, never changing what they build.

Files are found as ``dfls check`` finds them (same discovery, ``exclude`` patterns and
``--force-exclude``) and formatted in place; ``--check`` only says which would change,
``--diff`` prints the changes, ``-`` formats standard input to standard output. Options
come from the ``[format]`` table of the nearest config file. Exit status: 0 nothing (else)
to do, 1 with ``--check`` or ``--diff`` when a file would change, 2 a usage error, an
unreadable file, a bad config file, or a file the formatter refused to format (it would
have built differently: a bug, reported rather than written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from dfls.cli.terminal import (
    RawDescriptionHelpFormatter,
    UsageError,
    error,
    read_stdin,
    write_stdout,
)

if TYPE_CHECKING:
    from dfls.cli.plan import Job
    from dfls.engine.sources import Source
    from dfls.features.format.shell import ShellFormatter

FORMAT_HELP = """\
Format Dockerfiles in place: keyword case, one blank after the keyword, continuation lines
indented alike with one blank before the backslash, exec-form arrays as ["a", "b"], at
most one blank line in a row, no trailing blanks, one final newline. The formatter checks
that the result builds the same (same instructions, flags, arguments and heredocs) and
refuses otherwise. PATHs as for dfls check; - formats standard input to standard output.
Options come from [format] in the nearest .dfls.toml, dfls.toml or pyproject.toml
[tool.dfls]. Exit status: 0 done, 1 (with --check or --diff) a file would change, 2 usage
error, unreadable file, bad config, or a file the formatter refused to change.
"""


def configure(command: argparse.ArgumentParser) -> None:
    """The options of ``dfls format`` (:data:`dfls.cli.main.COMMANDS` gives its help line)."""
    command.description = FORMAT_HELP
    command.formatter_class = RawDescriptionHelpFormatter
    command.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    command.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file would change"
    )
    command.add_argument(
        "--diff", action="store_true", help="print the changes as a unified diff; write nothing"
    )
    command.add_argument("--config", metavar="FILE", help="use this config file, no discovery")
    command.add_argument(
        "--stdin-filename", metavar="PATH", help="the name of the file read from - (for config)"
    )
    command.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude patterns to files named on the command line too (for pre-commit)",
    )
    command.add_argument("--quiet", "-q", action="store_true", help="errors only, no summary")
    command.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default: all cores for many files)",
    )
    command.set_defaults(handler=run)


# Plain classes and a NamedTuple, not dataclasses: making a dataclass costs a compile of
# its methods at import (a few milliseconds here, on every start of `dfls format`).


class _Tally:
    def __init__(self, failed: bool) -> None:
        self.changed = 0
        self.unchanged = 0
        self.failed = failed
        self.shell_note = False


class _Mode(NamedTuple):
    check: bool
    diff: bool
    quiet: bool


class _Outcome:
    """What formatting one file did, reported by the parent in job order (the file may
    have been formatted in a worker process)."""

    def __init__(self) -> None:
        self.changed: bool | None = None
        """None: not formatted (unreadable, or skipped)."""
        self.failed = False
        self.messages: list[str] = []
        """For stderr, each as an error (``dfls: ...``)."""
        self.output = ""
        """For stdout (a diff, or standard input formatted)."""
        self.encoding = "utf-8"
        """How ``output`` is written: standard input formatted goes out as it came in."""
        self.shell_missing = False
        """Shell formatting was asked for and shfmt is not there."""


def run(args: argparse.Namespace) -> int:
    from dfls.cli.parallel import workers
    from dfls.cli.plan import Overrides, SettingsResolver, config_file, plan
    from dfls.engine import config

    paths = _paths(args)
    explicit = None
    if args.config is not None:
        explicit = config.load_file(config_file(args.config))
    resolver = SettingsResolver(Overrides(), explicit)
    planned = plan(
        paths,
        resolver,
        force_exclude=args.force_exclude,
        stdin=read_stdin,
        stdin_filename=args.stdin_filename,
    )
    for problem in resolver.errors:
        error(f"config error: {problem}")
    for missing in planned.missing:
        error(f"{missing.path}: {missing.error}")
    tally = _Tally(failed=bool(resolver.errors or planned.missing))
    if not planned.jobs and not planned.missing and not args.quiet:
        error(f"warning: no Dockerfiles found in {', '.join(paths)}")
    mode = _Mode(args.check, args.diff, args.quiet)
    for outcome in _format_jobs(planned.jobs, mode, workers(args.jobs, len(planned.jobs))):
        _report(outcome, tally)
    if not args.quiet and (args.check or args.diff or "-" not in paths):
        _summary(tally, args)
    if tally.failed:
        return 2
    return 1 if (args.check or args.diff) and tally.changed else 0


def _format_jobs(jobs: list[Job], mode: _Mode, workers: int) -> list[_Outcome]:
    """Every job formatted, shared with forked children (or a process pool) when
    ``workers`` > 1; in job order."""
    if not jobs:
        return []
    # Loaded before the fork (and gc.freeze): the children start with the formatter in
    # memory instead of each importing it again.
    import dfls.features.format  # noqa: F401

    with _few_collections():
        if workers < 2 or len(jobs) < 2:
            return _format_chunk(mode, jobs)
        from functools import partial

        from dfls.cli.parallel import chunked, fork_chunks, run_chunks

        work = partial(_format_chunk, mode)
        # Forked children take the files one by one in turn, which shares the work out more
        # evenly than runs of neighbours (on the corpus, 132/141 ms against 157/117 ms).
        forked = fork_chunks(work, [[job] for job in jobs], workers)
        return forked if forked is not None else run_chunks(work, chunked(jobs, workers), workers)


@contextmanager
def _few_collections() -> Iterator[None]:
    """Formatting makes many short-lived objects and few reference cycles: the garbage
    collector runs less often (as in mypy), and leaves what is already loaded alone (also in
    a forked child, whose memory then stays shared). About 4% faster."""
    import gc

    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _format_chunk(mode: _Mode, jobs: list[Job]) -> list[_Outcome]:
    """The unit of work of a pool worker."""
    return [_format_job(job, mode) for job in jobs]


def _report(outcome: _Outcome, tally: _Tally) -> None:
    if outcome.shell_missing and not tally.shell_note:
        from dfls.features.format import shell

        tally.shell_note = True
        error(f"note: {shell.MISSING}")
    for message in outcome.messages:
        error(message)
    if outcome.output:
        write_stdout(outcome.output, outcome.encoding)
    tally.failed = tally.failed or outcome.failed
    if outcome.changed is True:
        tally.changed += 1
    elif outcome.changed is False:
        tally.unchanged += 1


def _paths(args: argparse.Namespace) -> list[str]:
    if args.check and args.diff:
        raise UsageError("--check and --diff: choose one")
    if args.stdin_filename is not None and "-" not in (args.paths or []):
        if args.paths:
            raise UsageError("--stdin-filename names standard input: add - to the paths")
        args.paths = ["-"]
    paths: list[str] = args.paths or ["."]
    if paths.count("-") > 1:
        raise UsageError("- (standard input) can be given only once")
    return paths


def _read(job: Job, outcome: _Outcome) -> Source | None:
    from dfls.engine import sources

    try:
        if job.text is not None:
            return sources.from_text(job.text, job.encoding)
        assert job.fs_path is not None
        return sources.read(Path(job.fs_path))
    except (sources.BinaryFileError, sources.NotRegularError) as problem:
        if job.explicit:
            outcome.messages.append(f"{job.path}: {problem}")
            outcome.failed = True
        return None
    except sources.SourceError as problem:
        outcome.messages.append(f"{job.path}: {problem}")
        outcome.failed = True
        return None


def _shell(job: Job, outcome: _Outcome) -> ShellFormatter | None:
    if not job.settings.format.shell:
        return None
    from dfls.features.format import shell

    found = shell.default()
    outcome.shell_missing = found is None
    return found


def _format_job(job: Job, mode: _Mode) -> _Outcome:
    from dfls.features.format import format_text

    outcome = _Outcome()
    source = _read(job, outcome)
    if source is None:
        return outcome
    result = format_text(source.text, job.settings.format, _shell(job, outcome))
    messages = outcome.messages
    if result.refused is not None:
        messages.append(f"{job.path}: {result.refused}")
        outcome.failed = True
    if not mode.quiet:
        messages.extend(f"{job.path}: {note}" for note in result.notes)
    outcome.changed = result.changed
    if mode.diff:
        if result.changed:
            from dfls.cli.writing import unified_diff

            outcome.output = unified_diff(result.original, result.text, job.path)
    elif mode.check:
        if result.changed and not mode.quiet:
            messages.append(f"would reformat {job.path}")
    elif job.fs_path is None:
        outcome.output = source.marked(result.text)
        outcome.encoding = source.encoding
    elif result.changed:
        _write(job, source, result.original, result.text, outcome)
    return outcome


def _write(job: Job, source: Source, old: str, new: str, outcome: _Outcome) -> None:
    from dfls.cli.writing import WriteError, reason, write_atomic

    assert job.fs_path is not None
    try:
        write_atomic(Path(job.fs_path), source.encode(new), expected=source.encode(old))
    except (OSError, WriteError) as problem:
        outcome.messages.append(f"{job.path}: cannot write: {reason(problem)}")
        outcome.failed = True


def _summary(tally: _Tally, args: argparse.Namespace) -> None:
    def files(n: int) -> str:
        return f"{n} file" + ("s" if n != 1 else "")

    if args.check or args.diff:
        text = f"{files(tally.changed)} would be reformatted, {tally.unchanged} left unchanged"
    else:
        text = f"{files(tally.changed)} reformatted, {tally.unchanged} left unchanged"
    print(text + ".", file=sys.stderr)
