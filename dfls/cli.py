"""The ``dfls`` command line: one entry point, one subcommand per job."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from dfls import __version__, sources
from dfls.model import parse
from dfls.model.export import dockerfile_json


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
    data = dockerfile_json(parse(source.text))
    json.dump(data, sys.stdout, indent=2 if args.indent else None, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _server(args: argparse.Namespace) -> int:
    # Imported here so that `dfls check` never pays for pygls and lsprotocol.
    from dfls.lsp.server import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dfls", description="A language server and linter for Dockerfiles."
    )
    parser.add_argument("--version", action="version", version=f"dfls {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
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
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.handler(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    return code
