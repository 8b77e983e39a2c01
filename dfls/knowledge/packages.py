"""Package-manager commands in RUN instructions, described by data.

:data:`MANAGERS` says, for each package manager, which programs run it, which of its
subcommands install, remove, refresh the index or clean the cache, which options take a
value (so the value is not mistaken for a package), where it keeps its cache and which
manifest files a manifest-driven install reads. :func:`analyse` applies that table to one
RUN (its shell-form script and every heredoc body, across continuation lines, through
``sudo``/``env`` wrappers and ``python -m pip``) and answers the questions rules ask: which
commands install what (with word spans), and whether the same RUN keeps a cache out of the
layer (a clean command, an ``rm -rf`` of the cache directory, a no-cache option on the
command, or a ``--mount=type=cache``/``tmpfs`` over the directory).
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from dfls.model import Dockerfile, Instruction, Span, variables_at
from dfls.model.edits import Edit
from dfls.model.shell import Command, Script, ShellWord, scripts, scripts_complete


@dataclass(frozen=True)
class Manager:
    """One package manager. Actions may be two words (``mod download``, ``cache clean``)."""

    name: str
    family: str
    """Managers of one family share cleaning: ``dnf clean all`` also cleans after ``yum``."""
    programs: frozenset[str]
    install: frozenset[str] = frozenset()
    remove: frozenset[str] = frozenset()
    update: frozenset[str] = frozenset()
    clean: frozenset[str] = frozenset()
    prompts: frozenset[str] = frozenset()
    """Actions that ask "Do you want to continue?" unless told yes."""
    yes_options: tuple[str, ...] = ()
    value_options: frozenset[str] = frozenset()
    cache_dirs: tuple[str, ...] = ()
    """Where an install leaves downloads or indexes (``~`` is any home directory)."""
    no_cache_options: tuple[str, ...] = ()
    default_action: str | None = None
    """The action of the bare program (``yarn`` alone installs)."""
    manifests: tuple[str, ...] = ()
    """The files a manifest-driven install reads (lock files last)."""


_APT_PROMPTS = frozenset(
    {
        "install",
        "reinstall",
        "remove",
        "purge",
        "autoremove",
        "autopurge",
        "upgrade",
        "dist-upgrade",
        "full-upgrade",
        "build-dep",
    }
)
_RPM_VALUES = frozenset(
    {
        "-c",
        "--config",
        "-x",
        "--exclude",
        "--enablerepo",
        "--disablerepo",
        "--repo",
        "--repoid",
        "--setopt",
        "--installroot",
        "--releasever",
        "--downloaddir",
        "--destdir",
    }
)
_RPM_INSTALL = frozenset(
    {"install", "groupinstall", "group install", "localinstall", "reinstall", "builddep"}
)
_RPM_REMOVE = frozenset({"remove", "erase", "autoremove", "groupremove", "group remove"})


# apt >= 2.7.8: `apt-get distclean` (also spelled `dist-clean`) is `clean` plus the lists.
_CLEAN_DELETES = {
    "distclean": ("/var/lib/apt/lists", "/var/cache/apt"),
    "dist-clean": ("/var/lib/apt/lists", "/var/cache/apt"),
}


def _rpm(name: str, cache_dirs: tuple[str, ...], prompts: bool = True) -> Manager:
    return Manager(
        name,
        "rpm",
        frozenset({name}),
        install=_RPM_INSTALL,
        remove=_RPM_REMOVE,
        update=frozenset({"makecache"}),
        clean=frozenset({"clean all"}),
        prompts=_RPM_INSTALL | _RPM_REMOVE | {"update", "upgrade", "distro-sync"}
        if prompts
        else frozenset(),
        yes_options=("-y", "--assumeyes"),
        value_options=_RPM_VALUES,
        cache_dirs=cache_dirs,
    )


MANAGERS: tuple[Manager, ...] = (
    Manager(
        "apt-get",
        "apt",
        frozenset({"apt-get", "apt"}),
        install=frozenset({"install", "reinstall"}),
        remove=frozenset({"remove", "purge", "autoremove", "autopurge"}),
        update=frozenset({"update"}),
        clean=frozenset({"clean", "autoclean", "distclean", "dist-clean"}),
        prompts=_APT_PROMPTS,
        yes_options=("-y", "--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2"),
        value_options=frozenset(
            {"-o", "--option", "-t", "--target-release", "--default-release", "-c"}
            | {"--config-file", "-a", "--host-architecture"}
        ),
        cache_dirs=("/var/lib/apt/lists", "/var/cache/apt"),
    ),
    Manager(
        "apk",
        "apk",
        frozenset({"apk"}),
        install=frozenset({"add"}),
        remove=frozenset({"del"}),
        update=frozenset({"update"}),
        clean=frozenset({"cache clean", "cache purge"}),
        value_options=frozenset(
            {"-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch"}
            | {"--cache-dir", "--repositories-file", "--keys-dir"}
        ),
        cache_dirs=("/var/cache/apk", "/etc/apk/cache"),
        no_cache_options=("--no-cache",),
    ),
    _rpm("yum", ("/var/cache/yum",)),
    _rpm("dnf", ("/var/cache/dnf", "/var/cache/libdnf5")),
    # microdnf never asks for confirmation.
    _rpm("microdnf", ("/var/cache/yum", "/var/cache/dnf"), prompts=False),
    _rpm("tdnf", ("/var/cache/tdnf",)),
    Manager(
        "zypper",
        "zypper",
        frozenset({"zypper"}),
        install=frozenset({"install", "in"}),
        remove=frozenset({"remove", "rm"}),
        update=frozenset({"refresh", "ref"}),
        clean=frozenset({"clean", "cc"}),
        prompts=frozenset({"install", "in", "remove", "rm", "update", "up", "dist-upgrade"}),
        yes_options=("-n", "--non-interactive", "-y", "--no-confirm"),
        value_options=frozenset({"-r", "--repo", "--from", "-t", "--type", "-R", "--root"}),
        cache_dirs=("/var/cache/zypp",),
    ),
    Manager(
        "pip",
        "pip",
        frozenset({"pip"}),
        install=frozenset({"install"}),
        remove=frozenset({"uninstall"}),
        clean=frozenset({"cache purge"}),
        value_options=frozenset(
            {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i"}
            | {"--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target"}
            | {"--prefix", "--root", "--trusted-host", "--platform", "--python-version"}
            | {"--implementation", "--abi", "--src", "--upgrade-strategy", "--progress-bar"}
            | {"--cache-dir", "--log", "--proxy", "--retries", "--timeout", "--exists-action"}
            | {"--cert", "--client-cert", "--global-option", "--config-settings", "-C"}
            | {"--only-binary", "--no-binary", "--report", "--root-user-action", "--python"}
        ),
        cache_dirs=("~/.cache/pip",),
        # pip accepts any unambiguous prefix of a long option.
        no_cache_options=("--no-cache-dir", "--no-cache-di", "--no-cache-d", "--no-cache"),
        manifests=("requirements.txt",),
    ),
    Manager(
        "npm",
        "npm",
        frozenset({"npm"}),
        install=frozenset({"install", "i", "ci", "add", "clean-install"}),
        remove=frozenset({"uninstall", "remove", "rm", "un", "r"}),
        clean=frozenset({"cache clean", "cache clear", "cache rm"}),
        value_options=frozenset(
            {"--prefix", "--registry", "--cache", "-w", "--workspace", "--omit", "--include"}
            | {"--userconfig", "--install-strategy"}
        ),
        cache_dirs=("~/.npm",),
        manifests=("package.json", "package-lock.json"),
    ),
    Manager(
        "yarn",
        "yarn",
        frozenset({"yarn"}),
        install=frozenset({"install", "add"}),
        remove=frozenset({"remove"}),
        clean=frozenset({"cache clean"}),
        value_options=frozenset(
            {"--cwd", "--cache-folder", "--modules-folder", "--network-timeout"}
        ),
        cache_dirs=("/usr/local/share/.cache/yarn", "~/.cache/yarn", "~/.yarn/berry/cache"),
        default_action="install",
        manifests=("package.json", "yarn.lock"),
    ),
    Manager(
        "pnpm",
        "pnpm",
        frozenset({"pnpm"}),
        install=frozenset({"install", "i", "add"}),
        remove=frozenset({"remove", "rm", "uninstall"}),
        clean=frozenset({"store prune"}),
        value_options=frozenset({"--dir", "-C", "--filter", "-F", "--store-dir"}),
        cache_dirs=("~/.local/share/pnpm/store", "~/.pnpm-store"),
        manifests=("package.json", "pnpm-lock.yaml"),
    ),
    Manager(
        "go",
        "go",
        frozenset({"go"}),
        install=frozenset({"mod download"}),
        clean=frozenset({"clean"}),
        cache_dirs=("/go/pkg/mod", "~/go/pkg/mod", "~/.cache/go-build"),
        manifests=("go.mod", "go.sum"),
    ),
    Manager(
        "bundle",
        "bundle",
        frozenset({"bundle", "bundler"}),
        install=frozenset({"install"}),
        value_options=frozenset(
            {"--without", "--with", "--path", "--jobs", "-j", "--gemfile", "--retry"}
            | {"--binstubs"}
        ),
        default_action="install",
        manifests=("Gemfile", "Gemfile.lock"),
    ),
    Manager(
        "composer",
        "composer",
        frozenset({"composer", "composer.phar"}),
        install=frozenset({"install"}),
        clean=frozenset({"clear-cache", "clearcache", "cc"}),
        value_options=frozenset({"--working-dir", "-d"}),
        cache_dirs=("~/.composer/cache", "~/.cache/composer"),
        manifests=("composer.json", "composer.lock"),
    ),
    Manager(
        "poetry",
        "poetry",
        frozenset({"poetry"}),
        install=frozenset({"install"}),
        value_options=frozenset({"--only", "--without", "--with", "-E", "--extras", "-C"})
        | {"--directory", "-P", "--project"},
        cache_dirs=("~/.cache/pypoetry",),
        manifests=("pyproject.toml", "poetry.lock"),
    ),
    Manager(
        "uv",
        "uv",
        frozenset({"uv"}),
        install=frozenset({"sync", "pip install"}),
        remove=frozenset({"pip uninstall"}),
        clean=frozenset({"cache clean", "cache prune"}),
        value_options=frozenset(
            {"--group", "--only-group", "--no-group", "--extra", "--python", "-p"}
            | {"--project", "--directory", "--package", "-r", "--requirement"}
        ),
        cache_dirs=("~/.cache/uv",),
        no_cache_options=("--no-cache", "-n"),
        manifests=("pyproject.toml", "uv.lock"),
    ),
    Manager(
        "cargo",
        "cargo",
        frozenset({"cargo"}),
        install=frozenset({"fetch", "build"}),
        value_options=frozenset({"--manifest-path", "--target", "-p", "--package", "-j"}),
        cache_dirs=("/usr/local/cargo/registry", "~/.cargo/registry"),
        manifests=("Cargo.toml", "Cargo.lock"),
    ),
)
BY_NAME: dict[str, Manager] = {m.name: m for m in MANAGERS}
_BY_PROGRAM: dict[str, Manager] = {p: m for m in MANAGERS for p in m.programs}
_PIP = re.compile(r"^pip(\d+(\.\d+)?)?$")
_PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$")
_HOME = re.compile(r"^(~|\$HOME|\$\{HOME\}|/root|/home/[^/]+)(?=/|$)")
_GLOB = set("*?[")
_AUTO = ("--auto-remove", "--autoremove")
_VERSION_SPLIT = {
    "apt": re.compile(r"[=/:]"),
    "apk": re.compile(r"[=~<>]"),
    "pip": re.compile(r"[=<>!~@\[;\s]"),
}
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


@dataclass(frozen=True)
class RunFacts:
    """What one RUN does with packages and caches."""

    instruction: Instruction
    commands: tuple[tuple[Script, Command], ...]
    """Every simple command (``sudo``/``env`` unwrapped), heredoc bodies included."""
    packages: tuple[PackageCommand, ...]
    mounts: tuple[Mount, ...]

    def find(
        self, *managers: str, family: str | None = None, action: str | None = None
    ) -> Iterator[PackageCommand]:
        """Package commands of the named managers (or family), optionally of one action kind.

        ``action`` is ``"install"``, ``"remove"``, ``"update"`` or ``"clean"``.
        """
        for command in self.packages:
            manager = command.manager
            if managers and manager.name not in managers:
                continue
            if family is not None and manager.family != family:
                continue
            if action is not None and not getattr(command, _KIND[action]):
                continue
            yield command

    def removed_paths(self) -> Iterator[tuple[Script, ShellWord]]:
        """Every path an ``rm`` in this RUN deletes."""
        for script, command in self.commands:
            if command.name != "rm":
                continue
            for word in command.words[1:]:
                if not word.value.startswith("-"):
                    yield script, word

    def removes(self, path: str) -> bool:
        """True if an ``rm`` here deletes ``path`` (or a directory above it, or its contents)."""
        return any(covers(word.value, path) for _, word in self.removed_paths())

    def mounted(self, path: str) -> bool:
        """True if a cache or tmpfs mount over ``path`` keeps it out of the layer."""
        return any(m.type in ("cache", "tmpfs") and covers(m.target, path) for m in self.mounts)

    def keeps_out(self, path: str) -> bool:
        return self.removes(path) or self.mounted(path) or self._clean_deletes(path)

    def _clean_deletes(self, path: str) -> bool:
        """True if a clean command here deletes ``path`` (``apt-get distclean`` the lists)."""
        return any(
            covers(directory, path)
            for command in self.find(family="apt")
            for directory in _CLEAN_DELETES.get(command.action, ())
        )

    def cleans(self, manager: Manager) -> bool:
        """True if this RUN empties ``manager``'s cache: a clean command of its family,
        an ``rm`` of (or a cache/tmpfs mount over) every one of its cache directories it uses.
        """
        if any(c.cleans for c in self.find(family=manager.family)):
            return True
        return any(self.keeps_out(d) for d in _family_dirs(manager.family))

    def removed_names(self, family: str) -> frozenset[str]:
        """The package names that remove commands of ``family`` name in this RUN."""
        return frozenset(
            package_name(c.manager, w.value)
            for c in self.find(family=family, action="remove")
            for w in c.packages
        )

    def auto_purged(self) -> bool:
        """True for the official images' pattern: ``apt-mark auto`` everything, then
        ``apt-get purge --auto-remove`` (or ``autoremove``): what this RUN installed goes.
        """
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


def package_name(manager: Manager, value: str) -> str:
    """A package word without its version, release or architecture: ``curl=7.88`` -> ``curl``."""
    splitter = _VERSION_SPLIT.get(manager.family)
    name = splitter.split(value, 1)[0] if splitter else value
    if manager.family == "pip":
        name = name.replace("_", "-")
    return name.lower()


def _family_dirs(family: str) -> tuple[str, ...]:
    return tuple(d for m in MANAGERS if m.family == family for d in m.cache_dirs)


def analyse(instruction: Instruction) -> RunFacts:
    """The package facts of one RUN (any other instruction gives empty facts).

    Computed once per instruction: most RUN rules ask for them.
    """
    return instruction.memoized("packages.analyse", lambda: _analyse(instruction))


def _analyse(instruction: Instruction) -> RunFacts:
    if instruction.keyword != "RUN":
        return RunFacts(instruction, (), (), ())
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
    return RunFacts(instruction, tuple(commands), tuple(found), mounts(instruction))


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
    manager = _BY_PROGRAM.get(name)
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


# -- paths ---------------------------------------------------------------------------------


def normalise(path: str) -> str:
    """A path for comparison: home directories as ``~``, no trailing ``/``, ``.``/``..`` folded."""
    path = _HOME.sub("~", path.strip())
    home = path.startswith("~")
    rest = path[1:] if home else path
    if not home and not rest.startswith("/"):
        return rest.rstrip("/") or rest  # relative: depends on the working directory
    rest = posixpath.normpath("/" + rest.lstrip("/"))
    if home:
        return "~" if rest == "/" else "~" + rest
    return rest


def covers(pattern: str, path: str) -> bool:
    """True if removing (or mounting over) ``pattern`` takes ``path`` out of the layer.

    ``/var/lib/apt/lists/*`` and ``/var/lib/apt`` cover ``/var/lib/apt/lists``; so does a
    glob for the files directly inside it (``/var/cache/apk/*.tar.gz``).
    """
    if "$" in pattern.replace("$HOME", "").replace("${HOME}", ""):
        return False
    wanted = normalise(path)
    given = normalise(pattern)
    while given.endswith(("/*", "/**", "/.*")):
        given = given.rsplit("/", 1)[0]
    if not given or given == "/":
        return False  # "rm -rf /*" is not a cleanup we want to credit
    if any(ch in _GLOB for ch in given):
        parent, base = posixpath.split(given)
        if parent == wanted and any(ch in _GLOB for ch in base):
            return True
        return any(fnmatch.fnmatchcase(a, given) for a in _ancestors(wanted))
    return wanted == given or wanted.startswith(given + "/")


def _ancestors(path: str) -> Iterator[str]:
    while path and path not in ("/", "~"):
        yield path
        path = posixpath.dirname(path)


# -- edits ---------------------------------------------------------------------------------


def append_command(instruction: Instruction, text: str) -> Edit | None:
    """An edit that appends `` && text`` to a shell-form RUN, when that is well-formed.

    None for exec form, heredoc RUNs, scripts ending with an operator or a comment, and
    incomplete scripts (an unterminated quote or ``$(``: the text would land inside it).
    """
    span = instruction.args_span
    if instruction.exec_form is not None or instruction.heredocs or span is None:
        return None
    if not scripts_complete(instruction):
        return None
    if not instruction.words:
        return None
    (script, *_) = scripts(instruction)
    if not script.commands:
        return None
    tail = script.source[script.commands[-1].end :]
    if "#" in tail or script.source.rstrip().endswith((";", "&", "|", "\\", "`")):
        return None
    return Edit(Span(span.end, span.end), f" && {text}")


# -- index updates -------------------------------------------------------------------------

READERS = {
    "apt": frozenset(
        {"install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep"}
        | {"source", "download", "satisfy"}
    ),
    "apk": frozenset({"add", "upgrade", "fix"}),
}
"""Per family, the actions that read the package index an update downloads."""


def reads_index(facts: RunFacts, family: str) -> bool:
    """True if the RUN uses the family's package index (installs, upgrades, `apt-cache`)."""
    readers = READERS.get(family, frozenset())
    if any(c.action in readers for c in facts.find(family=family)):
        return True
    return family == "apt" and any(c.name == "apt-cache" for _, c in facts.commands)


def update_alone(facts: RunFacts, family: str) -> bool:
    """True if the RUN updates the family's index but nothing in it reads the index.

    Its index is for a later RUN: removing it here would break that RUN's install.
    """
    updates = any(True for _ in facts.find(family=family, action="update"))
    return updates and not reads_index(facts, family)


# -- stages --------------------------------------------------------------------------------


def env_value(
    dockerfile: Dockerfile, instruction: Instruction, command: Command, name: str
) -> str | None:
    """The value of environment variable ``name`` when ``command`` runs (None: not set).

    A ``NAME=value`` prefix on the command wins over ENV and ARG of the stage and its parents.
    """
    for assignment in command.assignments:
        key, _, value = assignment.value.partition("=")
        if key == name:
            return value
    if name not in dockerfile.text:
        return None  # no ENV or ARG names it: skip computing the scope
    return variables_at(dockerfile, instruction).get(name)


def same_flags(first: Instruction, second: Instruction) -> bool:
    """True if two RUNs have the same flags (mounts, network, security), in the same order."""

    def flags(run: Instruction) -> tuple[tuple[str, str | None], ...]:
        return tuple((flag.name.lower(), flag.value) for flag in run.flags)

    return flags(first) == flags(second)


def comment_between(dockerfile: Dockerfile, first: Instruction, second: Instruction) -> bool:
    """True if a comment line separates two instructions."""
    return any(first.last_line < c.span.start.line < second.line for c in dockerfile.comments)


def and_list_allowed(dockerfile: Dockerfile, instruction: Instruction) -> bool:
    """False when the stage's SHELL is PowerShell, where Windows PowerShell 5 rejects `&&`."""
    if instruction.stage is None:
        return True
    graph = dockerfile.stage_graph
    for stage in reversed(graph.chain(graph.stages[instruction.stage])):
        for earlier in reversed(stage.instructions):
            if earlier.keyword != "SHELL" or earlier.index >= instruction.index:
                continue
            form = earlier.exec_form
            program = form[0].value.lower().replace("\\", "/").rsplit("/", 1)[-1] if form else ""
            return program.removesuffix(".exe") not in ("powershell", "pwsh")
    return True


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
