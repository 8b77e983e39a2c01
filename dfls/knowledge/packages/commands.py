"""Package-manager commands in RUN instructions, and what one RUN does with packages.

:func:`analyse` applies the :data:`~dfls.knowledge.packages.managers.MANAGERS` table to one
RUN (its shell-form script and every heredoc body, across continuation lines, through
``sudo``/``env`` wrappers and ``python -m pip``) and answers the questions rules ask: which
commands install what (with word spans), and whether the same RUN keeps a cache out of the
layer (a clean command, an ``rm -rf`` of the cache directory, a no-cache option on the
command, or a ``--mount=type=cache``/``tmpfs`` over the directory).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from dfls.knowledge.packages.managers import (
    BY_PROGRAM,
    CLEAN_DELETES,
    Manager,
    family_dirs,
    package_name,
)
from dfls.knowledge.packages.paths import PathSet, covers
from dfls.model import Instruction, Span
from dfls.model.edits import Edit
from dfls.model.shell import Command, Script, ShellWord, scripts

_PIP = re.compile(r"^pip(\d+(\.\d+)?)?$")
_PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$")
_AUTO = ("--auto-remove", "--autoremove")
_INFO_OPTIONS = frozenset({"--version", "-v", "-V", "--help", "-h"})
_ASSUME_YES = re.compile(r"^APT::Get::Assume-Yes=(1|true|yes|on)$", re.IGNORECASE)


class Mount(NamedTuple):
    """One ``RUN --mount``: ``type`` (``bind`` by default) and ``target``."""

    type: str
    target: str
    span: Span


class PackageCommand(NamedTuple):
    """One package-manager command: ``apt-get install -y curl``.

    ``action`` is the subcommand (``install``, ``mod download``; the manager's default
    action for a bare ``yarn``); ``packages`` are the positional words after it (not
    options, not option values); ``options`` pairs every option word with its value word.
    """

    manager: Manager
    script: Script
    command: Command
    program: ShellWord
    action: str
    action_words: tuple[ShellWord, ...]
    packages: tuple[ShellWord, ...]
    options: tuple[tuple[ShellWord, ShellWord | None], ...]
    editable: bool
    """Whether edits can be made at word spans (not inside an exec-form JSON string)."""

    @property
    def installs(self) -> bool:
        return self.action in self.manager.install

    @property
    def removes(self) -> bool:
        return self.action in self.manager.remove

    @property
    def updates(self) -> bool:
        return self.action in self.manager.update

    @property
    def cleans(self) -> bool:
        return self.action in self.manager.clean

    @property
    def assumes_yes(self) -> bool:
        """True if the command will not stop to ask "Do you want to continue?"."""
        if self.has_option(*self.manager.yes_options):
            return True
        return any(_ASSUME_YES.match(v.value) for v in self.option_values("-o", "--option"))

    @property
    def span(self) -> Span:
        """The whole command, from the program (``sudo`` and ``env`` left out)."""
        return self.script.span(self.program.start, self.command.end)

    @property
    def head_span(self) -> Span:
        """The program and its subcommand: ``apt-get install``, ``go mod download``."""
        last = self.action_words[-1] if self.action_words else self.program
        return self.script.span(self.program.start, last.end)

    def word_span(self, word: ShellWord) -> Span:
        return self.script.word_span(word)

    def has_option(self, *names: str) -> bool:
        """An option given on the command (``-y``, grouped ``-qy``, ``--opt=value``)."""
        return any(_option_matches(word.value, names) for word, _ in self.options)

    def option_values(self, *names: str) -> list[ShellWord]:
        """The value words of the named options (``-r req.txt``, ``--omit=dev``)."""
        found: list[ShellWord] = []
        for word, value in self.options:
            name = word.value.split("=", 1)[0]
            if name in names:
                if "=" in word.value:
                    found.append(_value_part(word))
                elif value is not None:
                    found.append(value)
            elif word.value[:2] in names and not word.value.startswith("--"):
                found.append(_value_part(word, 2))
        return found

    def insert_after_action(self, text: str) -> Edit | None:
        """An edit inserting `` text`` after the subcommand (or the program)."""
        if not self.editable or self.script.incomplete:
            return None
        anchor = self.action_words[-1] if self.action_words else self.program
        end = self.script.word_span(anchor).end
        return Edit(Span(end, end), " " + text)


def _value_part(word: ShellWord, skip: int | None = None) -> ShellWord:
    offset = word.text.index("=") + 1 if skip is None else skip
    value = word.value.split("=", 1)[1] if skip is None else word.value[skip:]
    return ShellWord(word.text[offset:], value, word.start + offset, word.end)


def _option_matches(value: str, names: Collection[str]) -> bool:
    if value in names or value.split("=", 1)[0] in names:
        return True
    if value.startswith("-") and not value.startswith("--") and len(value) > 2:
        letters = value[1:]
        return any(len(n) == 2 and n[0] == "-" and n[1] != "-" and n[1] in letters for n in names)
    return False


_T = TypeVar("_T")


@dataclass(frozen=True)
class RunFacts:
    """What one RUN does with packages and caches.

    No reference to the instruction: the facts are memoized on it, and the reference cycle
    would keep both alive until one of the collector's rare full passes. The answers that
    look at every command of the RUN are computed once and kept (in ``_memo``): rules ask
    them once per package command, and a RUN may chain thousands.
    """

    commands: tuple[tuple[Script, Command], ...]
    """Every simple command (``sudo``/``env`` unwrapped), heredoc bodies included."""
    packages: tuple[PackageCommand, ...]
    mounts: tuple[Mount, ...]
    _memo: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)

    def _once(self, key: object, compute: Callable[[], _T]) -> _T:
        memo = self._memo
        if key not in memo:
            memo[key] = compute()
        found: _T = memo[key]
        return found

    def find(
        self, *managers: str, family: str | None = None, action: str | None = None
    ) -> Iterator[PackageCommand]:
        """Package commands of the named managers (or family), optionally of one action kind.

        ``action`` is ``"install"``, ``"remove"``, ``"update"`` or ``"clean"``.
        """
        if family is None:
            return self._filter(self.packages, managers, action)
        of_family = self._once(
            ("find", family, None),
            lambda: tuple(c for c in self.packages if c.manager.family == family),
        )
        if managers:
            return self._filter(of_family, managers, action)
        return iter(
            self._once(("find", family, action), lambda: tuple(self._filter(of_family, (), action)))
        )

    @staticmethod
    def _filter(
        commands: tuple[PackageCommand, ...], managers: tuple[str, ...], action: str | None
    ) -> Iterator[PackageCommand]:
        for command in commands:
            if managers and command.manager.name not in managers:
                continue
            if action is not None and not getattr(command, _KIND[action]):
                continue
            yield command

    def removed_paths(self) -> Iterator[tuple[Script, ShellWord]]:
        """Every path an ``rm`` in this RUN deletes."""
        return iter(self._once("removed_paths", self._removed_paths))

    def _removed_paths(self) -> tuple[tuple[Script, ShellWord], ...]:
        found: list[tuple[Script, ShellWord]] = []
        for script, command in self.commands:
            if command.name != "rm":
                continue
            for word in command.words[1:]:
                if not word.value.startswith("-"):
                    found.append((script, word))
        return tuple(found)

    def removes(self, path: str) -> bool:
        """True if an ``rm`` here deletes ``path`` (or a directory above it, or its contents)."""
        removed = self._once(
            "removes", lambda: PathSet(word.value for _, word in self.removed_paths())
        )
        return removed.covers(path)

    def mounted(self, path: str) -> bool:
        """True if a cache or tmpfs mount over ``path`` keeps it out of the layer."""
        return any(m.type in ("cache", "tmpfs") and covers(m.target, path) for m in self.mounts)

    def keeps_out(self, path: str) -> bool:
        return self.removes(path) or self.mounted(path) or self._clean_deletes(path)

    def _clean_deletes(self, path: str) -> bool:
        """True if a clean command here deletes ``path`` (``apt-get distclean`` the lists)."""
        deleted = self._once(
            "clean_deletes",
            lambda: PathSet(
                directory
                for command in self.find(family="apt")
                for directory in CLEAN_DELETES.get(command.action, ())
            ),
        )
        return deleted.covers(path)

    def cleans(self, manager: Manager) -> bool:
        """True if this RUN empties ``manager``'s cache: a clean command of its family,
        an ``rm`` of (or a cache/tmpfs mount over) every one of its cache directories it uses.
        """
        return self._once(("cleans", manager.family), lambda: self._cleans(manager.family))

    def _cleans(self, family: str) -> bool:
        if any(c.cleans for c in self.find(family=family)):
            return True
        return any(self.keeps_out(d) for d in family_dirs(family))

    def removed_names(self, family: str) -> frozenset[str]:
        """The package names that remove commands of ``family`` name in this RUN."""
        return self._once(
            ("removed_names", family),
            lambda: frozenset(
                package_name(c.manager, w.value)
                for c in self.find(family=family, action="remove")
                for w in c.packages
            ),
        )

    def auto_purged(self) -> bool:
        """True for the official images' pattern: ``apt-mark auto`` everything, then
        ``apt-get purge --auto-remove`` (or ``autoremove``): what this RUN installed goes.
        """
        return self._once("auto_purged", self._auto_purged)

    def _auto_purged(self) -> bool:
        marks = any(
            c.name == "apt-mark" and len(c.words) > 1 and c.words[1].value == "auto"
            for _, c in self.commands
        )
        return marks and any(
            c.action in ("autoremove", "autopurge") or (c.removes and c.has_option(*_AUTO))
            for c in self.find(family="apt")
        )

    def kept(self, install: PackageCommand) -> tuple[ShellWord, ...]:
        """The packages of ``install`` that this RUN does not remove again before it ends."""
        family = install.manager.family
        if family == "apt" and self.auto_purged():
            return ()
        removed = self.removed_names(family)
        if family == "apk" and any(
            group.value in removed for group in install.option_values("-t", "--virtual")
        ):
            return ()  # apk add --virtual .deps ... && apk del .deps
        return tuple(
            w for w in install.packages if package_name(install.manager, w.value) not in removed
        )


_KIND = {"install": "installs", "remove": "removes", "update": "updates", "clean": "cleans"}


def analyse(instruction: Instruction) -> RunFacts:
    """The package facts of one RUN (any other instruction gives empty facts).

    Computed once per instruction: most RUN rules ask for them.
    """
    return instruction.memoized("packages.analyse", lambda: _analyse(instruction))


def _analyse(instruction: Instruction) -> RunFacts:
    if instruction.keyword != "RUN":
        return RunFacts((), (), ())
    editable = instruction.exec_form is None
    commands: list[tuple[Script, Command]] = []
    found: list[PackageCommand] = []
    for script in scripts(instruction):
        for raw in script.commands:
            command = raw.unwrapped()
            commands.append((script, command))
            package = _package_command(script, command, editable)
            if package is not None:
                found.append(package)
    return RunFacts(tuple(commands), tuple(found), mounts(instruction))


def mounts(instruction: Instruction) -> tuple[Mount, ...]:
    found: list[Mount] = []
    for flag in instruction.flags:
        if flag.name.lower() != "mount" or not flag.value:
            continue
        fields: dict[str, str] = {}
        for part in flag.value.split(","):
            key, _, value = part.partition("=")
            fields[key.strip().lower()] = value.strip()
        target = fields.get("target") or fields.get("dst") or fields.get("destination") or ""
        found.append(Mount(fields.get("type", "bind").lower(), target, flag.span))
    return tuple(found)


def _package_command(script: Script, command: Command, editable: bool) -> PackageCommand | None:
    words = command.words
    if not words:
        return None
    name = command.name
    start = 0
    if _PYTHON.match(name) and len(words) >= 3 and words[1].value == "-m":
        name, start = words[2].value, 2  # python3 -m pip install ...
    if _PIP.match(name):
        name = "pip"
    manager = BY_PROGRAM.get(name)
    if manager is None:
        return None
    program = words[0]
    positional, options = _split(manager, words[start + 1 :])
    action, action_words = _action(manager, positional, options)
    packages = tuple(positional[len(action_words) :])
    return PackageCommand(
        manager, script, command, program, action, action_words, packages, options, editable
    )


def _split(
    manager: Manager, words: tuple[ShellWord, ...]
) -> tuple[list[ShellWord], tuple[tuple[ShellWord, ShellWord | None], ...]]:
    positional: list[ShellWord] = []
    options: list[tuple[ShellWord, ShellWord | None]] = []
    index = 0
    while index < len(words):
        word = words[index]
        value = word.value
        index += 1
        if not value.startswith("-") or value == "-":
            positional.append(word)
            continue
        takes_value = "=" not in value and value in manager.value_options
        if takes_value and index < len(words):
            options.append((word, words[index]))
            index += 1
        else:
            options.append((word, None))
    return positional, tuple(options)


def _action(
    manager: Manager,
    positional: list[ShellWord],
    options: tuple[tuple[ShellWord, ShellWord | None], ...],
) -> tuple[str, tuple[ShellWord, ...]]:
    known = manager.install | manager.remove | manager.update | manager.clean | manager.prompts
    if len(positional) >= 2:
        pair = f"{positional[0].value} {positional[1].value}"
        if pair in known:
            return pair, (positional[0], positional[1])
    if positional:
        return positional[0].value, (positional[0],)
    if any(word.value in _INFO_OPTIONS for word, _ in options):
        return "", ()  # `yarn --version` asks, it does not install
    return manager.default_action or "", ()


def manifest_install(command: PackageCommand) -> bool:
    """True for an install that reads the project's manifest rather than named packages:
    ``npm ci``, ``yarn``, ``pip install -r req.txt``, ``poetry install``, ``uv sync``,
    ``bundle install``, ``composer install``, ``go mod download``, ``cargo fetch``.
    """
    name = command.manager.name
    if not command.installs:
        return False
    if name in ("pip", "uv") and command.action != "sync":
        return bool(command.option_values("-r", "--requirement"))
    if name in ("npm", "yarn", "pnpm"):
        return not command.packages and not command.has_option("-g", "--global")
    if name == "cargo":
        return command.action == "fetch"
    return bool(command.manager.manifests) and command.manager.family not in _SYSTEM


_SYSTEM = frozenset({"apt", "apk", "rpm", "zypper"})
