"""The ``dfls`` command line: one entry point, one subcommand per job.

A thin front end: :data:`COMMANDS` names each command, its help line and the module that
defines its options and runs it (``check_command``, ``format_command``, ...);
``dfls.cli.output`` formats the findings. Only the module of the command given is
imported (the others get a bare entry for ``dfls --help``), so a command loads only what
it runs: ``dfls format`` none of the linter, ``dfls check`` never pygls or lsprotocol
(only ``server`` does), and ``dfls server`` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection, Sequence
from importlib import import_module

from dfls import __version__
from dfls.cli.terminal import HelpFormatter, UsageError, error

COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("lint Dockerfiles (the CI and pre-commit entry point)", "check_command:configure"),
    "format": (
        "format Dockerfiles (in place; --check for CI and pre-commit)",
        "format_command:configure",
    ),
    "rules": ("list every rule", "rules_command:configure_rules"),
    "rule": ("show one rule's documentation", "rules_command:configure_rule"),
    "inspect": (
        "print the parsed model of a Dockerfile as JSON (for rule authors)",
        "inspect_command:configure",
    ),
    "graph": (
        "draw the stage graph of a Dockerfile (Mermaid or Graphviz DOT)",
        "graph_command:configure",
    ),
    "server": ("run the language server (stdio by default)", "main:configure_server"),
}
"""Each command's help line (in ``dfls --help``), and the function in ``dfls.cli.<module>``
that gives its parser a description, its options and its handler."""


def _server(args: argparse.Namespace) -> int:
    # Imported here so that `dfls check` never pays for pygls and lsprotocol.
    from dfls.lsp.app import run

    return run(args)


def configure_server(server: argparse.ArgumentParser) -> None:
    server.description = (
        "Run the Language Server Protocol server for editors: diagnostics as"
        " you type, rule docs on hover, quick fixes and fix-all. It talks over stdin and"
        " stdout unless --tcp is given, and logs to stderr (never stdout). Settings come"
        " from the editor and the nearest .dfls.toml, dfls.toml or pyproject.toml"
        " [tool.dfls]."
    )
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


def build_parser(
    configured: Collection[str] = COMMANDS, listed: Collection[str] = COMMANDS
) -> argparse.ArgumentParser:
    """The parser of the commands ``configured`` (their modules imported, their options
    known); the others ``listed`` are there by name and help line only (for ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="dfls",
        description="A language server and linter for Dockerfiles.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dfls {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_line, where) in COMMANDS.items():
        if name in configured or name in listed:
            sub = commands.add_parser(name, help=help_line, formatter_class=HelpFormatter)
        if name in configured:
            module, function = where.split(":")
            getattr(import_module(f"dfls.cli.{module}"), function)(sub)
    return parser


def _parser(argv: Sequence[str]) -> tuple[argparse.ArgumentParser, str | None]:
    """A parser for ``argv`` that knows only the command it names (and lists the others
    too when something comes before the command: ``dfls -h check`` lists every command);
    that command. ``dfls`` itself takes no option with a value, so the command is the first
    word that is not an option."""
    words = iter(argv)
    for word in words:
        if word == "--":
            word = next(words, "")
        elif word.startswith("-"):
            continue
        if word in COMMANDS:
            return build_parser([word], [word] if argv[0] == word else COMMANDS), word
        break
    return build_parser((), COMMANDS), None


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser, command = _parser(words)
    try:
        args = parser.parse_args(words)
        if args.command is not None and args.command != command:  # pragma: no cover
            # Not the command _parser saw (none found so far): parse again knowing them all.
            parser = build_parser()
            args = parser.parse_args(words)
    except SystemExit as exit_:  # argparse: --help, --version, or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else 2
    if not hasattr(args, "handler"):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.handler(args)
    except UsageError as problem:
        error(str(problem))
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
