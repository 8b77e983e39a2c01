"""Which RUN commands build an artifact (compile, bundle, package), described by data.

Used by the multi-stage rules: a stage that runs one of these on an SDK image is a build
stage, and shipping it means shipping the toolchain too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from dfls.knowledge.images import ImageInfo, SizeClass, classify
from dfls.model import Instruction, Stage
from dfls.model.shell import Command, Script, run_commands

# Program -> the subcommands that build. An empty set: the program itself compiles.
_BUILD_ACTIONS: dict[str, frozenset[str]] = {
    "go": frozenset({"build", "install"}),
    "cargo": frozenset({"build", "install"}),
    "dotnet": frozenset({"build", "publish"}),
    "mvn": frozenset({"package", "install", "verify", "compile", "deploy"}),
    "gradle": frozenset({"build", "assemble", "jar", "bootjar", "installdist", "shadowjar"}),
    "npm": frozenset({"build"}),
    "yarn": frozenset({"build"}),
    "pnpm": frozenset({"build"}),
    "pip": frozenset({"wheel"}),
    "poetry": frozenset({"build"}),
    "uv": frozenset({"build"}),
}
_ALIASES = {"mvnw": "mvn", "gradlew": "gradle", "pip3": "pip"}
_COMPILERS = frozenset(
    {
        "gcc",
        "g++",
        "cc",
        "c++",
        "clang",
        "clang++",
        "make",
        "cmake",
        "ninja",
        "rustc",
        "javac",
        "tsc",
    }
)
# Tools that take several goals at once (`mvn clean package`): any positional word counts.
_MULTI_GOAL = frozenset({"mvn", "gradle"})
# `npm run build`, `yarn run build:prod`: the script name after `run` counts.
_RUNNERS = frozenset({"run", "run-script"})
_QUERIES = frozenset({"--version", "-version", "version", "--help", "-help", "-h"})
_PYTHON_BUILDS = (("-m", "build"), ("setup.py", "build"), ("setup.py", "bdist_wheel"))


def _positional(command: Command) -> list[str]:
    return [w.value for w in command.words[1:] if not w.value.startswith("-")]


def builds(command: Command) -> bool:
    """True when ``command`` compiles or packages something (``go build``, ``mvn package``)."""
    if command.name == "npx" and len(command.words) > 1:
        return builds(command._replace(words=command.words[1:]))  # `npx tsc`
    name = _ALIASES.get(command.name, command.name)
    if any(w.value in _QUERIES for w in command.words[1:]):
        return False  # `javac --version` only asks
    if name in _COMPILERS:
        return True
    if name.startswith("python"):
        argv = command.argv[1:3]
        return any(list(pair) == argv for pair in _PYTHON_BUILDS)
    actions = _BUILD_ACTIONS.get(name)
    if actions is None:
        return False
    words = [w.lower() for w in _positional(command)]
    if not words:
        return False
    if name in _MULTI_GOAL:
        return any(w in actions for w in words)
    if words[0] in _RUNNERS and len(words) > 1:
        return words[1].split(":", 1)[0] in actions
    return words[0] in actions


def describe(command: Command) -> str:
    """The building part of ``command`` for messages: ``go build``, ``npm run build``, ``make``."""
    if command.name == "npx" and len(command.words) > 1:
        return describe(command._replace(words=command.words[1:]))
    name = _ALIASES.get(command.name, command.name)
    if name.startswith("python"):
        return " ".join((command.name, *command.argv[1:3]))
    words = _positional(command)
    if name not in _BUILD_ACTIONS or not words:
        return command.name
    if name in _MULTI_GOAL:
        goal = next((w for w in words if w.lower() in _BUILD_ACTIONS[name]), words[0])
        return f"{command.name} {goal}"
    if words[0] in _RUNNERS and len(words) > 1:
        return f"{command.name} {words[0]} {words[1]}"
    return f"{command.name} {words[0]}"


def build_steps(instructions: Iterable[Instruction]) -> Iterator[tuple[Script, Command]]:
    """Every building command in the RUN instructions among ``instructions``."""
    for instruction in instructions:
        if instruction.keyword != "RUN":
            continue
        for script, command in run_commands(instruction):
            if builds(command):
                yield script, command


class ShippedBuild(NamedTuple):
    """A build that runs in the shipped image itself, on a toolchain-sized base."""

    base: Stage
    """The stage whose FROM names the external image."""
    info: ImageInfo
    script: Script
    command: Command
    """The first building command."""


def shipped_build(chain: tuple[Stage, ...]) -> ShippedBuild | None:
    """The build step of a shipped stage chain on an SDK or full language image, if any.

    ``chain`` is the target stage and the stages it is built FROM (oldest first). A full
    language image (``node:20``, ``python:3.12``) counts too: it carries compilers and
    headers that a slim runtime does not.
    """
    if not chain:
        return None
    base = chain[0]
    info = classify(base.image)
    if not (info.is_sdk or (info.size is SizeClass.FULL and info.runtime is not None)):
        return None
    for script, command in build_steps(i for stage in chain for i in stage.instructions):
        return ShippedBuild(base, info, script, command)
    return None
