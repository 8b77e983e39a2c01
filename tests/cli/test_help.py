"""Every command says what it does in `--help`, and every option has a help line
(regression: `dfls rules|rule|inspect|server --help` printed only the usage)."""

from __future__ import annotations

import argparse

import pytest

from dfls.cli import main as cli
from tests.cli.conftest import Dfls


def _commands() -> dict[str, argparse.ArgumentParser]:
    for action in cli.build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


COMMANDS = _commands()


def test_the_commands_are_these() -> None:
    assert sorted(COMMANDS) == ["check", "format", "graph", "inspect", "rule", "rules", "server"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_describes_the_command_and_every_option(name: str, dfls: Dfls) -> None:
    parser = COMMANDS[name]
    assert parser.description and len(parser.description) > 40, name
    for action in parser._actions:
        assert action.help, f"dfls {name}: {action.option_strings or action.dest} has no help"
    run = dfls(name, "--help")
    assert run.code == 0
    assert parser.description.split()[0] in run.out
