"""``dfls inspect``: the parsed model of a Dockerfile as JSON (for rule authors)."""

from __future__ import annotations

import argparse
import json
import sys

from dfls.cli.terminal import read_one


def configure(inspect: argparse.ArgumentParser) -> None:
    """The options of ``dfls inspect`` (:data:`dfls.cli.main.COMMANDS` gives its help line)."""
    inspect.description = (
        "Print the parsed model of a Dockerfile as JSON: its parser directives,"
        " instructions (keyword, flags, words, exec form, heredocs, variables, with their"
        " ranges), comments, stages and syntax problems. Lines and characters count from 0;"
        " characters are code points. A debugging tool for rule authors and tests."
    )
    inspect.add_argument("file", metavar="FILE", help="a Dockerfile, or - for stdin")
    inspect.add_argument("--compact", dest="indent", action="store_false", help="one line")
    inspect.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path: str = args.file
    source = read_one(path)
    if source is None:
        return 2
    from dfls.model import parse  # not at import time: `dfls server` starts faster
    from dfls.model.export import dockerfile_json

    data = dockerfile_json(parse(source.text))
    json.dump(data, sys.stdout, indent=2 if args.indent else None, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
