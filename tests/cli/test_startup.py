"""A command loads only what it runs: `dfls format` none of the linter, `dfls check` none of
the formatter, neither the language server; no TOML parser without a config file. Checked
in a fresh interpreter (what a module list says, not how long it took); and the parser of
one command is the same as in the parser of every command."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dfls.cli import main as cli
from tests.cli.conftest import CLEAN, write

LSP = ("pygls", "lsprotocol", "cattrs", "dfls.lsp")
OTHER_COMMANDS = (
    "dfls.cli.rules_command",
    "dfls.cli.inspect_command",
    "dfls.cli.graph_command",
)
LINTER = (
    "dfls.cli.check_command",
    "dfls.cli.check_file",
    "dfls.cli.pool",
    "dfls.cli.results",
    "dfls.cli.output",
    "dfls.engine.linting",
    "dfls.engine.shellcheck",
    "dfls.rules.registry",
    "dfls.rules.api",
)
FORMATTER = ("dfls.cli.format_command", "dfls.features.format")
# Standard modules a command on one file does without: the TOML parser (no config file),
# process pools, subprocesses, logging; shutil (argparse's width lookup imports it, and it
# zlib, bz2 and lzma: dfls.cli.terminal.HelpFormatter finds the width itself).
HEAVY_STDLIB = (
    "tomllib",
    "concurrent.futures",
    "multiprocessing",
    "subprocess",
    "logging",
    "shutil",
)


def _loaded(argv: list[str], cwd: Path, *names: str, code: int = 0) -> list[str]:
    """Which of ``names`` (modules, or packages with everything under them) are loaded
    once ``dfls ARGV`` has run (with exit status ``code``) in a fresh interpreter."""
    script = (
        "import json, sys\n"
        "from dfls.cli.main import main\n"
        f"code = main({argv!r})\n"
        f"names = {names!r}\n"
        "loaded = sorted(n for n in names if any(m == n or m.startswith(n + '.')"
        " for m in sys.modules))\n"
        "print(json.dumps([code, loaded]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    code_, loaded = json.loads(run.stdout.splitlines()[-1])
    assert code_ == code, run.stdout
    return list(loaded)


def _exist(*names: str) -> None:
    """The names are real modules: a renamed one would make the guard vacuous."""
    for name in names:
        if name.split(".")[0] in ("pygls", "lsprotocol", "cattrs"):
            continue  # not needed to check the CLI's list; installed with dfls anyway
        importlib.import_module(name)


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("options", "code", "used"),
    [
        (["--check", "-q"], 1, ()),
        (["--diff", "-q"], 1, ()),
        (["-q"], 0, ("shutil",)),  # writing in place: tempfile, which imports shutil
    ],
)
def test_format_loads_neither_the_linter_nor_the_server(
    tmp_path: Path, options: list[str], code: int, used: tuple[str, ...]
) -> None:
    write(tmp_path / "Dockerfile", "from python:3.12-slim\n")  # to be formatted
    unwanted = (*LSP, *OTHER_COMMANDS, *LINTER, *HEAVY_STDLIB, "dfls.features.format.shell")
    _exist(*unwanted)
    argv = ["format", *options, "Dockerfile"]
    loaded = _loaded(argv, tmp_path, *unwanted, *FORMATTER, code=code)
    # The formatter ran; nothing else from the list.
    assert loaded == sorted((*FORMATTER, *used))
    assert (tmp_path / "Dockerfile").read_text().startswith("FROM") == (options == ["-q"])


@pytest.mark.e2e
def test_check_loads_neither_the_formatter_nor_the_server(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", CLEAN)
    unwanted = (*LSP, *OTHER_COMMANDS, *FORMATTER, "tomllib", "concurrent.futures", "logging")
    _exist(*unwanted)
    loaded = _loaded(
        ["check", "-q", "--select", "DF101", "Dockerfile"],
        tmp_path,
        *unwanted,
        "dfls.engine.linting",
    )
    assert loaded == ["dfls.engine.linting"]


@pytest.mark.e2e
def test_a_config_file_is_read_with_the_toml_parser(tmp_path: Path) -> None:
    """The other side of the guard: with a config file, tomllib is there (so its absence
    above means something)."""
    write(tmp_path / "Dockerfile", CLEAN)
    write(tmp_path / ".dfls.toml", "[format]\nindent-width = 2\n")
    assert _loaded(["format", "--check", "-q", "Dockerfile"], tmp_path, "tomllib") == ["tomllib"]


@pytest.mark.e2e
def test_version_loads_no_command(tmp_path: Path) -> None:
    modules = ("dfls.cli.check_command", "dfls.cli.format_command", "dfls.cli.plan")
    unwanted = (*modules, *OTHER_COMMANDS, "dataclasses", "shutil")
    assert _loaded(["--version"], tmp_path, *unwanted) == []


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_a_command_alone_parses_and_helps_as_among_all(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    parser, command = cli._parser([name, "--x"])
    assert command == name
    alone = _subparsers(parser)
    assert list(alone) == [name]
    everything = _subparsers(cli.build_parser())[name]
    assert alone[name].format_help() == everything.format_help()
    assert alone[name].get_default("handler") is everything.get_default("handler")


@pytest.mark.parametrize(
    ("argv", "command", "listed"),
    [
        (["format", "x"], "format", ["format"]),
        (["--", "check"], "check", sorted(cli.COMMANDS)),  # something before the command
        (["-h", "rules"], "rules", sorted(cli.COMMANDS)),  # `dfls -h rules` lists them all
        (["--help"], None, sorted(cli.COMMANDS)),
        (["bogus", "check"], None, sorted(cli.COMMANDS)),  # an invalid choice, as before
        ([], None, sorted(cli.COMMANDS)),
    ],
)
def test_the_parser_knows_the_command_named(
    argv: list[str], command: str | None, listed: list[str]
) -> None:
    parser, found = cli._parser(argv)
    assert found == command
    assert sorted(_subparsers(parser)) == listed
    configured = [n for n, p in _subparsers(parser).items() if p.get_default("handler")]
    assert configured == ([command] if command else [])


def test_the_command_list_in_help_is_the_full_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    listing, _ = cli._parser(["--help"])
    assert listing.format_help() == cli.build_parser().format_help()


def test_help_width_is_found_as_shutil_finds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from dfls.cli.terminal import HelpFormatter

    for columns in ("57", "", "bogus", "0"):
        monkeypatch.setenv("COLUMNS", columns)
        expected = shutil.get_terminal_size().columns - 2
        assert HelpFormatter("dfls")._width == expected, columns


def test_the_config_search_of_sibling_directories_ends_in_the_cache(tmp_path: Path) -> None:
    """`dfls check a/Dockerfile b/Dockerfile` looks at the parents once; same answers."""
    from dfls.engine import config

    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", "[tool.dfls]\nfail-level = 'error'\n")
    write(tmp_path / "c" / ".dfls.toml", "")
    directories = [tmp_path / "a" / "x", tmp_path / "b", tmp_path / "c" / "d", tmp_path]
    for directory in directories:
        directory.mkdir(parents=True, exist_ok=True)
    cache: dict[Path, Path | None] = {}
    for directory in directories:
        assert config.find_config(directory, cache=cache) == config.find_config(directory)
    resolved = tmp_path.resolve()
    assert cache[resolved / "a"] == resolved / "pyproject.toml"  # searched through once
    assert cache[resolved / "c" / "d"] == resolved / "c" / ".dfls.toml"
    assert resolved.parent not in cache  # the search stops at .git
    cache[resolved / "b"] = None  # an answer in the cache is taken as it is
    assert config.find_config(tmp_path / "b", cache=cache) is None
