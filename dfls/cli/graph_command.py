"""``dfls graph``: the stage graph of a Dockerfile as Mermaid or Graphviz DOT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dfls.cli.terminal import error, read_one


def configure(graph: argparse.ArgumentParser) -> None:
    """The options of ``dfls graph`` (:data:`dfls.cli.main.COMMANDS` gives its help line)."""
    graph.description = (
        "Print the stage graph of a Dockerfile: its stages, the images they"
        " start from, FROM edges (solid) and COPY --from / RUN --mount=from= edges"
        " (dashed), with the target stage and the stages that ship with it marked. Mermaid"
        " renders in GitHub and GitLab markdown; DOT with Graphviz (dot -Tsvg)."
    )
    graph.add_argument("file", metavar="FILE", help="a Dockerfile, or - for stdin")
    graph.add_argument(
        "--format",
        choices=("mermaid", "dot"),
        default="mermaid",
        help="output format (default: mermaid)",
    )
    graph.add_argument(
        "--target",
        metavar="STAGE",
        help="the stage to build (default: target-stage from the config, else the last stage)",
    )
    graph.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path: str = args.file
    source = read_one(path)
    if source is None:
        return 2
    from dfls.features import graph  # not at import time: `dfls server` starts faster
    from dfls.model import parse

    dockerfile = parse(source.text)
    target = args.target
    if target is not None:
        from dfls.cli.check_file import missing_stage

        problem = missing_stage(dockerfile, target, "--target")
        if problem is not None:
            error(f"{path}: {problem}")
            return 2
    elif path != "-":
        from dfls.engine.config import load_for

        target = load_for(Path(path).resolve()).settings.target_stage
    drawn = graph.build(dockerfile, target)
    sys.stdout.write(graph.mermaid(drawn) if args.format == "mermaid" else graph.dot(drawn))
    return 0
