"""The ``dfls`` command line: one entry point, one subcommand per job.

A thin front end: each command's module (``check_command``, ``rules_command``,
``inspect_command``) defines its options and runs it; ``dfls.cli.output`` formats the
findings. Parsing the command line imports none of the linter, so ``dfls server`` starts
fast. ``check`` never imports pygls or lsprotocol; only ``server`` does.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dfls import __version__
from dfls.cli import (
    check_command,
    format_command,
    graph_command,
    inspect_command,
    rules_command,
)
from dfls.cli.terminal import UsageError, error


def _server(args: argparse.Namespace) -> int:
    # Imported here so that `dfls check` never pays for pygls and lsprotocol.
    from dfls.lsp.app import run

    return run(args)


def _add_server(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    server = commands.add_parser(
        "server",
        help="run the language server (stdio by default)",
        description="Run the Language Server Protocol server for editors: diagnostics as"
        " you type, rule docs on hover, quick fixes and fix-all. It talks over stdin and"
        " stdout unless --tcp is given, and logs to stderr (never stdout). Settings come"
        " from the editor and the nearest .dfls.toml, dfls.toml or pyproject.toml"
        " [tool.dfls].",
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dfls", description="A language server and linter for Dockerfiles."
    )
    parser.add_argument("--version", action="version", version=f"dfls {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check_command.add_parser(commands)
    format_command.add_parser(commands)
    rules_command.add_parsers(commands)
    inspect_command.add_parser(commands)
    graph_command.add_parser(commands)
    _add_server(commands)
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
