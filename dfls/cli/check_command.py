"""``dfls check``: its options, and the run from the command line to the exit code.

Exit codes: 0 no finding at or above the fail level, 1 findings, 2 a usage error, an
unreadable path, a bad config file or an internal error (a crashed rule). The checker is
imported only when the command runs, so that parsing the command line stays cheap.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING, TextIO

from dfls.cli.parallel import POOL_THRESHOLD
from dfls.cli.terminal import (
    Progress,
    RawDescriptionHelpFormatter,
    UsageError,
    error,
    is_terminal,
    read_stdin,
    use_color,
    write_stdout,
)

if TYPE_CHECKING:
    from dfls.cli.plan import Job, Plan, SettingsResolver
    from dfls.cli.results import FileResult, Statistic

CHECK_HELP = """\
Lint Dockerfiles. PATHs are files or directories (searched for Dockerfile, Dockerfile.*,
*.Dockerfile, *.dockerfile, Containerfile, Containerfile.*; not backups, archives or docs
such as Dockerfile.bak, Dockerfile.gz, Dockerfile.md); - reads standard input. Settings come from the
nearest .dfls.toml, dfls.toml or pyproject.toml [tool.dfls] above each file (up to the
first directory with .git); options given
here win. Exit status: 0 nothing at or above the fail level, 1 findings, 2 usage error,
unreadable path, bad config or internal error.
"""


def configure(check: argparse.ArgumentParser) -> None:
    """The options of ``dfls check`` (:data:`dfls.cli.main.COMMANDS` gives its help line)."""
    from dfls.cli.output import FORMATS

    check.description = CHECK_HELP
    check.formatter_class = RawDescriptionHelpFormatter
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    check.add_argument(
        "--format", "-f", choices=FORMATS, default="text", help="output format (default: text)"
    )
    _add_rule_options(check.add_argument_group("rule selection"))
    _add_fix_options(check.add_argument_group("fixes"))
    _add_file_options(check.add_argument_group("files"))
    shown = check.add_argument_group("output")
    shown.add_argument("--no-color", action="store_true", help="never colour (also: NO_COLOR)")
    shown.add_argument("--quiet", "-q", action="store_true", help="findings only, no summary")
    shown.add_argument(
        "--statistics", action="store_true", help="count findings per rule instead of listing them"
    )
    check.set_defaults(handler=run)


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _add_rule_options(rules: argparse._ArgumentGroup) -> None:
    rules.add_argument(
        "--select",
        action="append",
        type=_codes,
        metavar="RULES",
        help="only these rules (codes, names, prefixes like DF2, or ALL; comma-separated)",
    )
    rules.add_argument(
        "--extend-select", action="append", type=_codes, metavar="RULES", help="add these rules"
    )
    rules.add_argument(
        "--ignore", action="append", type=_codes, metavar="RULES", help="skip these rules"
    )
    rules.add_argument("--config", metavar="FILE", help="use this config file, no discovery")
    rules.add_argument(
        "--target-stage",
        metavar="NAME",
        help="the stage that ships (a file without that stage is an error, as with --target)",
    )
    rules.add_argument(
        "--fail-level",
        "--failure-threshold",  # hadolint's name for it
        choices=("error", "warning", "info", "style", "none"),
        help="lowest severity that fails the run (default: from config, else warning)",
    )
    rules.add_argument(
        "--exit-zero",
        "--no-fail",  # hadolint's name for it
        dest="fail_level",
        action="store_const",
        const="none",
        help="exit 0 even with findings (same as --fail-level none)",
    )


def _add_fix_options(fixing: argparse._ArgumentGroup) -> None:
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    fixing.add_argument(
        "--unsafe-fixes",
        action="store_true",
        default=None,
        help="also apply unsafe fixes (with --fix or --diff)",
    )
    fixing.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff; write nothing"
    )


def _add_file_options(files: argparse._ArgumentGroup) -> None:
    files.add_argument(
        "--stdin-filename", metavar="PATH", help="the name of the file read from - (for config)"
    )
    files.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude patterns to files named on the command line too (for pre-commit)",
    )
    files.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=0,
        metavar="N",
        help=f"worker processes (default: all cores above {POOL_THRESHOLD} files)",
    )


def run(args: argparse.Namespace) -> int:
    from dfls.cli.plan import plan
    from dfls.cli.results import exit_code

    paths = _paths(args)
    resolver = _resolver(args)
    planned = plan(
        paths,
        resolver,
        fix=args.fix,
        diff=args.diff,
        force_exclude=args.force_exclude,
        stdin=read_stdin,
        stdin_filename=args.stdin_filename,
    )
    _report_plan(resolver, planned, paths, args.quiet)
    _report_shellcheck(planned.jobs)
    results = _check_files(planned.jobs, args)
    _report_files(results, args.quiet)
    code = exit_code([*planned.missing, *results], config_errors=bool(resolver.errors))
    if args.diff:
        return _report_diff(results, code, args.quiet)
    _report(args, planned, results)
    return code


def _paths(args: argparse.Namespace) -> list[str]:
    """The paths to check, once the options are known to go together."""
    if args.diff and args.format != "text":
        raise UsageError("--diff prints a unified diff; it cannot be combined with --format")
    if args.statistics and args.format not in ("text", "json"):
        raise UsageError("--statistics works with --format text or json")
    if args.statistics and (args.fix or args.diff):
        raise UsageError("--statistics cannot be combined with --fix or --diff")
    if args.stdin_filename is not None and "-" not in (args.paths or []):
        if args.paths:
            raise UsageError("--stdin-filename names standard input: add - to the paths")
        args.paths = ["-"]
    paths: list[str] = args.paths or ["."]
    if paths.count("-") > 1:
        raise UsageError("- (standard input) can be given only once")
    return paths


def _resolver(args: argparse.Namespace) -> SettingsResolver:
    """Settings per Dockerfile: the command line's options over the config files."""
    from dfls.cli.plan import SettingsResolver, config_file, settings_overrides
    from dfls.engine import config

    overrides, errors = settings_overrides(_overrides(args))
    if errors:  # pragma: no cover - _overrides validated them already
        raise UsageError(errors[0])
    explicit = None
    if args.config is not None:
        explicit = config.load_file(config_file(args.config))
    return SettingsResolver(overrides, explicit)


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    """The command line's settings, validated with the config file's rules."""
    from dfls.engine import config

    data: dict[str, object] = {}
    for option in ("select", "extend_select", "ignore"):
        lists = getattr(args, option)
        if lists is None:
            continue
        values = [code for group in lists for code in group]
        flag = "--" + option.replace("_", "-")
        if not values:
            raise UsageError(f"{flag}: expected rule codes or names")
        _, errors = config.from_mapping({option: values})
        if errors:
            # An unknown rule on the command line is a usage error: nothing is checked
            # (a config file's falls back instead, as the config error says).
            from dfls.cli.rules_command import unknown_rule
            from dfls.rules import registry

            unknown = [v for v in values if v.upper() != "ALL" and not registry.select(v)]
            problems = "; ".join(unknown_rule(v) for v in unknown) or errors[0]
            raise UsageError(f"{flag}: {problems}; nothing was checked")
        data[option.replace("_", "-")] = values
    if args.fail_level is not None:
        data["fail-level"] = args.fail_level
    if args.target_stage is not None:
        data["target-stage"] = args.target_stage
    if args.unsafe_fixes:
        data["unsafe-fixes"] = True
    return data


def _report_plan(resolver: SettingsResolver, planned: Plan, paths: list[str], quiet: bool) -> None:
    """Bad config files, paths that do not exist, and nothing found to check."""
    for problem in resolver.errors:
        error(f"config error: {problem}")
    for missing in planned.missing:
        error(f"{missing.path}: {missing.error}")
    if planned.outside and not quiet:
        path, target = planned.outside[0]
        more = len(planned.outside) - 1
        others = f" and {more} more" if more else ""
        error(
            f"note: not following symlinks out of the checked directory: {path} -> {target}"
            f"{others} (name a file on the command line to check it)"
        )
    if not planned.jobs and not planned.missing and not quiet:
        error(f"warning: no Dockerfiles found in {', '.join(paths)}")


def _report_shellcheck(jobs: list[Job]) -> None:
    """One line when ShellCheck is wanted but cannot run (the rest still runs)."""
    from dfls.engine import shellcheck

    seen: set[str] = set()
    for job in jobs:
        problem = shellcheck.unavailable(job.settings)
        if problem is not None and problem not in seen:
            seen.add(problem)
            error(f"warning: {problem}")


def _check_files(jobs: list[Job], args: argparse.Namespace) -> list[FileResult]:
    """Check every file (in a pool for many), with a progress bar on a terminal."""
    from dfls.cli import pool
    from dfls.cli.parallel import workers

    progress = Progress(sys.stderr, is_terminal(sys.stderr) and not args.quiet)
    try:
        return pool.run(jobs, workers(args.jobs, len(jobs)), progress)
    finally:
        progress.close()


def _report_files(results: list[FileResult], quiet: bool) -> None:
    """Files skipped or not checked, their warnings, and rules that crashed on them."""
    for result in results:
        if result.skipped is not None and not quiet:
            error(f"{result.path}: skipped: {result.skipped}")
        if result.error is not None:
            error(f"{result.path}: {result.error}")
        for warning in result.warnings:
            error(f"{result.path}: warning: {warning}")
        for rule_error in result.rule_errors:
            error(f"{result.path}: internal error: {rule_error.message} (please report it)")
            if os.environ.get("DFLS_DEBUG"):
                sys.stderr.write(rule_error.details)


def _report(args: argparse.Namespace, planned: Plan, results: list[FileResult]) -> None:
    """The findings in the chosen format (or statistics); ``--fix -`` prints the text first."""
    from dfls.cli import output
    from dfls.cli.results import statistics

    stdin_fix = args.fix and not args.diff and any(r.text is not None for r in results)
    out = sys.stderr if stdin_fix else sys.stdout
    if stdin_fix:
        for result in results:
            if result.text is not None:
                write_stdout(result.text, result.encoding)
        sys.stdout.flush()
    unsafe = bool(args.unsafe_fixes) or any(j.settings.unsafe_fixes for j in planned.jobs)
    report = output.Report(
        [r for r in results if r.error is None and r.skipped is None],
        color=use_color(out, args.no_color),
        quiet=args.quiet,
        fix=args.fix,
        unsafe_fixes=unsafe,
        unchecked=len(planned.missing) + sum(1 for r in results if r.error is not None),
        docs_url=next((j.settings.docs_url for j in planned.jobs if j.settings.docs_url), None),
    )
    if args.statistics:
        _write_statistics(statistics(report.results), args.format, out)
    else:
        output.writer("text" if stdin_fix else args.format)(report, out)
    if args.fix and args.format != "text" and not args.quiet and not stdin_fix:
        from dfls.cli.output import text

        for line in text.summary(output.Report(report.results, fix=True)):
            print(line, file=sys.stderr)


def _report_diff(results: list[FileResult], code: int, quiet: bool) -> int:
    changed = [r for r in results if r.diff or r.created_diffs]
    shown: set[str] = set()
    for result in changed:
        sys.stdout.write(result.diff)
        for path, diff in result.created_diffs:
            # One .dockerignore serves every Dockerfile beside it: show its creation once.
            key = os.path.normpath(os.path.abspath(path))
            if key not in shown:
                shown.add(key)
                sys.stdout.write(diff)
    if not quiet:
        print(_diff_summary(changed), file=sys.stderr)
    return code if code == 2 else (1 if changed else 0)


def _diff_summary(changed: list[FileResult]) -> str:
    if not changed:
        return "No fixes to apply."
    fixes = sum(len(r.fixed) for r in changed)
    found = sum(r.fixed_found for r in changed)
    files = f"{len(changed)} file" + ("s" if len(changed) != 1 else "")
    problems = f"{fixes} problem" + ("s" if fixes != 1 else "")
    more = ""
    if fixes > found:
        # Fixes repeat until nothing changes: fixing one finding can bring up another.
        extra = fixes - found
        appear = "appears" if extra == 1 else "appear"
        more = (
            f" (the {found} reported as fixable, and {extra} more that {appear}"
            " once they are fixed)"
        )
    return f"Would fix {problems} in {files}{more}."


def _write_statistics(rows: list[Statistic], format_: str, out: TextIO) -> None:
    if format_ == "json":
        data = [
            {"code": r.code, "name": r.name, "count": r.count, "fixable": r.fixable} for r in rows
        ]
        json.dump(data, out, indent=2)
        out.write("\n")
        return
    width = max((len(str(r.count)) for r in rows), default=1)
    for row in rows:
        marker = "[*]" if row.fixable else "   "
        out.write(f"{row.count:>{width}}  {row.code}  {marker} {row.name}\n")
