"""The ``dfls`` command line: one entry point, one subcommand per job.

A thin front end: ``dfls.cli.checking`` does the work, ``dfls.cli.output`` formats it. Exit codes
for ``check``: 0 no finding at or above the fail level, 1 findings, 2 a usage error, an
unreadable path, a bad config file or an internal error (a crashed rule). ``check`` never
imports pygls or lsprotocol; only ``server`` does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dfls import __version__
from dfls.engine import sources

if TYPE_CHECKING:
    from dfls.cli.checking import FileResult, Statistic
    from dfls.rules.api import Rule

POOL_THRESHOLD = 32
"""Above this many files, ``check`` uses a process pool (when there is more than one core)."""
PROGRESS_AFTER = 1.0
"""Seconds before the progress bar appears (on a TTY only)."""


class UsageError(Exception):
    """A mistake on the command line: message on stderr, exit code 2, no traceback."""


def use_color(stream: TextIO, no_color: bool = False) -> bool:
    """Colour on a terminal, unless --no-color or NO_COLOR; FORCE_COLOR forces it."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def _error(message: str) -> None:
    print(f"dfls: {message}", file=sys.stderr)


def _inspect(args: argparse.Namespace) -> int:
    path: str = args.file
    try:
        if path == "-":
            source = sources.decode(sys.stdin.buffer.read())
        else:
            source = sources.read(Path(path))
    except sources.SourceError as error:
        print(f"dfls: {path}: {error}", file=sys.stderr)
        return 2
    if source.warning:
        print(f"dfls: {path}: {source.warning}", file=sys.stderr)
    from dfls.model import parse  # not at import time: `dfls server` starts faster
    from dfls.model.export import dockerfile_json

    data = dockerfile_json(parse(source.text))
    json.dump(data, sys.stdout, indent=2 if args.indent else None, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


class Progress:
    """``[#####     ] 120/400 files`` on stderr, only on a TTY and only after a second."""

    def __init__(self, stream: TextIO, enabled: bool, delay: float = PROGRESS_AFTER) -> None:
        self.stream = stream
        self.enabled = enabled
        self.start = time.monotonic()
        self.delay = delay
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + " " * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} files")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


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
            problem = errors[0].split(": ", 2)[-1]
            raise UsageError(f"{flag}: {problem.removesuffix(' (ignored)')}")
        data[option.replace("_", "-")] = values
    if args.fail_level is not None:
        data["fail-level"] = args.fail_level
    if args.target_stage is not None:
        data["target-stage"] = args.target_stage
    if args.unsafe_fixes:
        data["unsafe-fixes"] = True
    return data


def _read_stdin() -> str:
    try:
        source = sources.decode(sys.stdin.buffer.read())
    except sources.SourceError as error:
        raise UsageError(f"-: {error}") from None
    if source.warning:
        _error(f"-: warning: {source.warning}")
    return source.text


def _workers(requested: int, files: int) -> int:
    if requested < 0:
        raise UsageError("--jobs: expected 0 (automatic) or a positive number")
    if requested:
        return requested
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) if files > POOL_THRESHOLD else 1


def _check(args: argparse.Namespace) -> int:
    from dfls.cli import checking, output
    from dfls.engine import config

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
    overrides, errors = checking.settings_overrides(_overrides(args))
    if errors:  # pragma: no cover - _overrides validated them already
        raise UsageError(errors[0])
    explicit = None
    if args.config is not None:
        config_path = Path(args.config)
        if not config_path.is_file():
            raise UsageError(f"--config: {args.config}: no such file")
        explicit = config.load_file(config_path)
    resolver = checking.SettingsResolver(overrides, explicit)
    plan = checking.plan(
        paths,
        resolver,
        fix=args.fix,
        diff=args.diff,
        force_exclude=args.force_exclude,
        stdin=_read_stdin,
        stdin_filename=args.stdin_filename,
    )
    for problem in resolver.errors:
        _error(f"config error: {problem}")
    for missing in plan.missing:
        _error(f"{missing.path}: {missing.error}")
    if not plan.jobs and not plan.missing and not args.quiet:
        _error(f"warning: no Dockerfiles found in {', '.join(paths)}")
    progress = Progress(sys.stderr, _is_terminal(sys.stderr) and not args.quiet)
    try:
        results = checking.run(plan.jobs, _workers(args.jobs, len(plan.jobs)), progress)
    finally:
        progress.close()
    for result in results:
        if result.skipped is not None and not args.quiet:
            _error(f"{result.path}: skipped: {result.skipped}")
        if result.error is not None:
            _error(f"{result.path}: {result.error}")
        for warning in result.warnings:
            _error(f"{result.path}: warning: {warning}")
        for rule_error in result.rule_errors:
            _error(f"{result.path}: internal error: {rule_error.message} (please report it)")
            if os.environ.get("DFLS_DEBUG"):
                sys.stderr.write(rule_error.details)
    code = checking.exit_code([*plan.missing, *results], config_errors=bool(resolver.errors))
    stdin_fix = args.fix and not args.diff and any(r.text is not None for r in results)
    out = sys.stderr if stdin_fix else sys.stdout
    if args.diff:
        return _report_diff(results, code, args.quiet)
    if stdin_fix:
        for result in results:
            if result.text is not None:
                sys.stdout.write(result.text)
        sys.stdout.flush()
    unsafe = bool(args.unsafe_fixes) or any(j.settings.unsafe_fixes for j in plan.jobs)
    report = output.Report(
        [r for r in results if r.error is None and r.skipped is None],
        color=use_color(out, args.no_color),
        quiet=args.quiet,
        fix=args.fix,
        unsafe_fixes=unsafe,
        unchecked=len(plan.missing) + sum(1 for r in results if r.error is not None),
    )
    if args.statistics:
        _write_statistics(checking.statistics(report.results), args.format, out)
    else:
        output.writer("text" if stdin_fix else args.format)(report, out)
    if args.fix and args.format != "text" and not args.quiet and not stdin_fix:
        from dfls.cli.output import text

        for line in text.summary(output.Report(report.results, fix=True)):
            print(line, file=sys.stderr)
    return code


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
        fixes = sum(len(r.fixed) for r in changed)
        found = sum(r.fixed_found for r in changed)
        if changed:
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
            print(f"Would fix {problems} in {files}{more}.", file=sys.stderr)
        else:
            print("No fixes to apply.", file=sys.stderr)
    return code if code == 2 else (1 if changed else 0)


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


def _resolve_rule(key: str) -> type[Rule]:
    from dfls.rules import registry

    rule = registry.get(key)
    if rule is not None:
        return rule
    for tool in ("hadolint", "buildkit"):
        codes = registry.alias_map(tool).get(key.lower())
        if codes:
            found = registry.get(codes[0])
            if found is not None:
                return found
    import difflib

    keys = [r.code for r in registry.ALL_RULES] + [r.name for r in registry.ALL_RULES]
    close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else " (see `dfls rules`)"
    raise UsageError(f"unknown rule {key!r}{hint}")


def _rules(args: argparse.Namespace) -> int:
    from dfls.features import docs
    from dfls.rules import registry

    rules = registry.ALL_RULES
    if args.format == "json":
        data = [
            {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity.value,
                "summary": docs.parse_docs(rule).summary,
                "fix": rule.fix_availability.value,
                "aliases": {
                    "hadolint": list(rule.aliases.get("hadolint", ())),
                    "buildkit": list(rule.aliases.get("buildkit", ())),
                },
                "docs": docs.render_markdown(rule),
            }
            for rule in rules
        ]
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    name_width = max((len(rule.name) for rule in rules), default=4)
    color = use_color(sys.stdout)
    terminal = _is_terminal(sys.stdout)
    width = shutil.get_terminal_size().columns if terminal else 0
    if terminal:
        header = f"{'CODE':<5}  {'NAME':<{name_width}}  {'SEVERITY':<8}  {'FIX':<9}  SUMMARY"
        print(f"\x1b[1m{header}\x1b[0m" if color else header)
    for rule in rules:
        fix = {"always": "always", "sometimes": "sometimes", "never": "-"}[
            rule.fix_availability.value
        ]
        off = " (off by default)" if not rule.enabled_by_default else ""
        summary = first_sentence(docs.parse_docs(rule).summary) + off
        line = f"{rule.code}  {rule.name:<{name_width}}  {rule.severity.value:<8}  {fix:<9}  "
        if width and len(line) + len(summary) > width:
            summary = summary[: max(width - len(line) - 1, 10)] + "…"
        if color:
            line = f"\x1b[1m{rule.code}\x1b[0m" + line[len(rule.code) :]
        print(line + summary)
    return 0


def first_sentence(text: str) -> str:
    """The summary's first sentence, without markdown backticks (for one-line listings).

    A sentence ends at a full stop followed by a blank, outside `code` and parentheses
    and not part of an ellipsis (``COPY . .``, ``(FROM ... AS x)`` and ``https://...``
    do not end it).
    """
    in_code = False
    depth = 0
    end = len(text)
    for index, char in enumerate(text):
        if char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif (
            char == "."
            and depth == 0
            and text[index + 1 : index + 2] in (" ", "\n")
            and text[index - 1 : index] != "."
        ):
            end = index + 1
            break
    return " ".join(text[:end].replace("`", "").split())


def _rule(args: argparse.Namespace) -> int:
    from dfls.features import docs

    rule = _resolve_rule(args.rule)
    if args.format == "markdown":
        sys.stdout.write(docs.render_markdown(rule))
    elif use_color(sys.stdout):
        sys.stdout.write(terminal_markdown(docs.render_markdown(rule)))
    else:
        sys.stdout.write(docs.render_plain(rule))
    return 0


def terminal_markdown(text: str) -> str:
    """Light formatting for a terminal: bold headings, indented code, highlighted `code`."""
    import re

    out: list[str] = []
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            out.append(f"    \x1b[36m{line}\x1b[0m")
        elif line.startswith("# "):
            out.append(f"\x1b[1;4m{line[2:]}\x1b[0m")
        elif line.startswith("#"):
            out.append(f"\x1b[1m{line.lstrip('#').strip()}\x1b[0m")
        else:
            line = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", "\\1 <\\2>", line)
            line = re.sub(r"`([^`]+)`", "\x1b[36m\\1\x1b[0m", line)
            out.append(re.sub(r"\*\*([^*]+)\*\*", "\x1b[1m\\1\x1b[0m", line))
    return "\n".join(out) + "\n"


def _server(args: argparse.Namespace) -> int:
    # Imported here so that `dfls check` never pays for pygls and lsprotocol.
    from dfls.lsp.app import run

    return run(args)


CHECK_HELP = """\
Lint Dockerfiles. PATHs are files or directories (searched for Dockerfile, Dockerfile.*,
*.Dockerfile, *.dockerfile, Containerfile, Containerfile.*; not backups, archives or docs
such as Dockerfile.bak, Dockerfile.gz, Dockerfile.md); - reads standard input. Settings come from the
nearest .dfls.toml, dfls.toml or pyproject.toml [tool.dfls] above each file; options given
here win. Exit status: 0 nothing at or above the fail level, 1 findings, 2 usage error,
unreadable path, bad config or internal error.
"""


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from dfls.cli.output import FORMATS

    check = commands.add_parser(
        "check",
        help="lint Dockerfiles (the CI and pre-commit entry point)",
        description=CHECK_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    check.add_argument(
        "--format", "-f", choices=FORMATS, default="text", help="output format (default: text)"
    )
    rules = check.add_argument_group("rule selection")
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
    fixing = check.add_argument_group("fixes")
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
    files = check.add_argument_group("files")
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
    shown = check.add_argument_group("output")
    shown.add_argument("--no-color", action="store_true", help="never colour (also: NO_COLOR)")
    shown.add_argument("--quiet", "-q", action="store_true", help="findings only, no summary")
    shown.add_argument(
        "--statistics", action="store_true", help="count findings per rule instead of listing them"
    )
    check.set_defaults(handler=_check)


def _add_rules(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = commands.add_parser("rules", help="list every rule")
    listing.add_argument("--format", "-f", choices=("text", "json"), default="text")
    listing.set_defaults(handler=_rules)
    one = commands.add_parser("rule", help="show one rule's documentation")
    one.add_argument("rule", metavar="CODE|NAME", help="e.g. DF401 or shell-form-command")
    one.add_argument(
        "--format",
        "-f",
        choices=("text", "markdown"),
        default="text",
        help="text (lightly formatted on a terminal) or the markdown source",
    )
    one.set_defaults(handler=_rule)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dfls", description="A language server and linter for Dockerfiles."
    )
    parser.add_argument("--version", action="version", version=f"dfls {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_check(commands)
    _add_rules(commands)
    inspect = commands.add_parser(
        "inspect", help="print the parsed model of a Dockerfile as JSON (for rule authors)"
    )
    inspect.add_argument("file", metavar="FILE", help="a Dockerfile, or - for stdin")
    inspect.add_argument("--compact", dest="indent", action="store_false", help="one line")
    inspect.set_defaults(handler=_inspect)
    server = commands.add_parser("server", help="run the language server (stdio by default)")
    server.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (default)")
    server.add_argument("--tcp", action="store_true", help="listen on a TCP port instead")
    server.add_argument("--host", default="127.0.0.1", help="TCP host (with --tcp)")
    server.add_argument("--port", type=int, default=2087, help="TCP port (with --tcp)")
    server.add_argument("--log-file", metavar="PATH", help="also write logs to this file")
    server.add_argument(
        "--log-level",
        default="warning",
        choices=("debug", "info", "warning", "error"),
        help="log verbosity (logs go to stderr, never stdout)",
    )
    server.set_defaults(handler=_server)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: --help, --version, or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else 2
    if not hasattr(args, "handler"):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.handler(args)
    except UsageError as error:
        _error(str(error))
        return 2
    except BrokenPipeError:
        # The reader went away (`dfls check | head`): stop quietly, as cat does.
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    return code


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
