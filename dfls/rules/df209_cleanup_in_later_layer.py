"""DF209: removing in a later RUN what an earlier instruction put into the image."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from dfls.knowledge.copies import is_heredoc, is_url, sources
from dfls.knowledge.packages.commands import RunFacts, analyse
from dfls.knowledge.packages.index import READERS, update_alone
from dfls.knowledge.packages.managers import package_name
from dfls.knowledge.packages.paths import covered_root, covers, directories, is_glob, normalise
from dfls.knowledge.stage_index import PACKAGES, keyword, program
from dfls.model import Instruction
from dfls.model.shell import Command, ShellWord
from dfls.rules.api import Rule, RuleContext, Severity, Violation

# family -> the action that leaves the manager's first cache directory behind.
_CACHES = {"apt": "update", "apk": "install", "rpm": "install", "pip": "install", "npm": "install"}
_PACKAGE_FAMILIES = frozenset({"apt", "apk", "rpm", "zypper", "pip"})
_ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst")
# Options of `git clone` that take a value: the value is not the URL or the directory.
_GIT_CLONE_VALUES = frozenset(
    {"-b", "--branch", "--depth", "-c", "--config", "-o", "--origin", "--reference", "-j"}
    | {"--jobs", "--filter", "--template", "-u", "--upload-pack", "--separate-git-dir"}
)
_OUTPUTS = {"curl": ("-o", "--output"), "wget": ("-O", "--output-document")}
# What the rule reads: the instructions that set the directory or write, and the RUNs that
# install, remove, download or clone (the others write nothing it knows of).
_READS = (
    *(keyword(k) for k in ("WORKDIR", "COPY", "ADD")),
    PACKAGES,
    *(program(p) for p in ("rm", "git", *_OUTPUTS)),
)


@dataclass
class _Image:
    """What the instructions so far put into the image, and where."""

    workdir: str | None = None
    """Unknown until a WORKDIR says: base images set their own (golang uses ``/go``)."""
    packages: dict[tuple[str, str], Instruction] = field(default_factory=dict)
    paths: _Written = field(default_factory=lambda: _Written())


class _Written:
    """The paths written so far: each entry is the paths one instruction may have written
    (a COPY to ``/tmp`` wrote ``/tmp`` or ``/tmp/<name>``, depending on whether ``/tmp`` was
    a directory), with the first instruction that wrote them.

    :meth:`take` finds the first entry a removed pattern covers through an index of every
    path and the directories above it, so a stage with thousands of writes and ``rm`` words
    stays linear (a glob pattern is compared with every entry).
    """

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], tuple[int, Instruction]] = {}
        self._serial = 0
        self._under: dict[str, list[tuple[int, tuple[str, ...]]]] = {}

    def add(self, paths: tuple[str, ...], instruction: Instruction) -> None:
        if paths in self.entries:
            return  # the first writer stays
        self._serial += 1
        self.entries[paths] = (self._serial, instruction)
        for path in paths:
            wanted = normalise(path)
            for directory in (wanted, *directories(wanted)):
                self._under.setdefault(directory, []).append((self._serial, paths))

    def take(self, pattern: str, own: list[str]) -> Instruction | None:
        """Remove and return the first writer of a path ``pattern`` covers (not one of
        ``own``, the paths the removing RUN writes itself)."""
        given = covered_root(pattern)
        if given is None:
            return None
        if is_glob(given):
            candidates: Iterable[tuple[str, ...]] = list(self.entries)
        else:
            live = self.entries
            candidates = (k for s, k in self._under.get(given, ()) if live.get(k, (0,))[0] == s)
        for paths in candidates:
            if any(covers(pattern, p) and p not in own for p in paths):
                return self.entries.pop(paths)[1]
        return None


class CleanupInLaterLayer(Rule):
    """## What it does
    Checks the stages that ship for a `RUN` that removes something an earlier instruction
    added: a package installed by an earlier `RUN` (`apt-get purge`, `apt-get remove`,
    `apk del`, `dnf remove`, `pip uninstall`), or, with `rm`, a file or directory an
    earlier instruction wrote (a `COPY`'d archive, a `curl -o` download, a `git clone`, the
    package index of an earlier `apt-get update`).

    ## Why is this bad?
    An image is a stack of layers, and each layer stores the files its instruction
    changed. Deleting a file in a later `RUN` only hides it: the bytes stay in the earlier
    layer, are pulled with the image and count towards its size. Cleanup only shrinks the
    image when it runs in the same `RUN` that created the files, which is why the guide
    purges `gcc` and removes the apt lists in the `RUN` that installed them.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends gcc \\
        && rm -rf /var/lib/apt/lists/*
    RUN pip install --no-cache-dir psycopg2
    RUN apt-get purge -y gcc && apt-get autoremove -y
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends gcc \\
        && pip install --no-cache-dir psycopg2 \\
        && apt-get purge -y gcc && apt-get autoremove -y \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Exceptions
    - Packages that came with the base image, and paths the file does not show being
      written, are not known to be in an earlier layer and are not reported. Relative
      paths are only resolved after a `WORKDIR` (the base image may set its own).
    - Paths under a cache or tmpfs mount of the `RUN` that wrote them never reached a layer.
    - A `RUN` that installs a package again before removing it is not reported.
    - Only stages that ship are checked; in a build stage, layer sizes do not matter.
      ONBUILD triggers are not checked.

    ## References
    - [Docker docs: image layers](https://docs.docker.com/get-started/docker-concepts/building-images/understanding-image-layers/)
    - Guide: *Writing good Dockerfiles*, section "Reducing Image Size: Practical Techniques"
    """

    code = "DF209"
    name = "cleanup-in-later-layer"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        image = _Image()
        for instruction in ctx.shipped_selected(*_READS):
            kind = instruction.keyword
            if kind == "WORKDIR":
                image.workdir = _resolve(image.workdir, _last_value(instruction))
            elif kind in ("COPY", "ADD"):
                for candidates in _copied(instruction, image):
                    image.paths.add(candidates, instruction)
            elif kind == "RUN":
                yield from self._run(instruction, image)

    def _run(self, run: Instruction, image: _Image) -> Iterator[Violation]:
        facts = analyse(run)
        own_packages = _installed(facts, kept_only=False)
        own_paths = _written(facts, image)
        yield from self._removed_packages(facts, image, own_packages)
        yield from self._removed_paths(facts, image, own_paths)
        image.packages.update(dict.fromkeys(_installed(facts), run))
        for path in own_paths:
            image.paths.add((path,), run)

    def _removed_packages(
        self, facts: RunFacts, image: _Image, own: set[tuple[str, str]]
    ) -> Iterator[Violation]:
        for command in facts.find(action="remove"):
            for word in command.packages:
                key = (command.manager.family, package_name(command.manager, word.value))
                earlier = image.packages.pop(key, None)
                if earlier is None or key in own:
                    continue
                yield self.violation(
                    command.word_span(word),
                    f"`{word.value}` was installed by the RUN on line {earlier.line + 1}: "
                    "removing it in a later RUN does not make the image smaller, its files "
                    "stay in that layer; remove it in the same RUN",
                )

    def _removed_paths(self, facts: RunFacts, image: _Image, own: list[str]) -> Iterator[Violation]:
        relative_ok = not _changes_directory(facts)
        for script, word in facts.removed_paths():
            if not word.value.startswith(("/", "~", "$HOME")) and not relative_ok:
                continue
            pattern = _resolve(image.workdir, word.value)
            if pattern is None:
                continue
            earlier = image.paths.take(pattern, own)
            if earlier is not None:
                yield self.violation(script.word_span(word), _path_message(word, earlier))


def _path_message(word: ShellWord, earlier: Instruction) -> str:
    where = f"the {earlier.keyword} on line {earlier.line + 1}"
    if earlier.keyword == "RUN" and any(update_alone(analyse(earlier), f) for f in READERS):
        # Deleting the index in the RUN that only updates would break the later install.
        advice = "update, install and delete it in one RUN"
    elif earlier.keyword == "RUN":
        advice = "delete it in that RUN"
    else:
        advice = "read it through `RUN --mount=type=bind` instead of copying it"
    return f"`{word.value}` deletes what {where} wrote, but the bytes stay in that layer: {advice}"


def _last_value(instruction: Instruction) -> str | None:
    words = instruction.words
    return words[-1].value if words else None


def _resolve(workdir: str | None, path: str | None) -> str | None:
    """``path`` made absolute against ``workdir`` (None when that is not known)."""
    if path is None or "$" in path.replace("$HOME", "").replace("${HOME}", ""):
        return None
    if path.startswith(("/", "~", "$HOME", "${HOME}")):
        return normalise(path)
    if workdir is None:
        return None
    return normalise(posixpath.join(workdir, path))


def _copied(instruction: Instruction, image: _Image) -> Iterator[tuple[str, ...]]:
    words = instruction.exec_form if instruction.exec_form is not None else instruction.words
    if len(words) < 2:
        return
    destination = words[-1].value
    into_directory = destination.endswith("/") or destination in (".", "..") or len(words) > 2
    for source in sources(instruction):
        value = source.value
        if is_heredoc(source) or (instruction.keyword == "ADD" and value.endswith(_ARCHIVES)):
            continue  # ADD extracts a local archive: no file of that name is written
        name = posixpath.basename(value.rstrip("/"))
        inside = _resolve(image.workdir, posixpath.join(destination, name))
        itself = _resolve(image.workdir, destination)
        candidates = (inside,) if into_directory or is_url(value) else (itself, inside)
        found = tuple(c for c in candidates if c is not None and "*" not in c)
        if found:
            yield found


def _installed(facts: RunFacts, kept_only: bool = True) -> set[tuple[str, str]]:
    """(family, name) of the packages this RUN installs (and keeps, with ``kept_only``)."""
    found: set[tuple[str, str]] = set()
    for command in facts.find(action="install"):
        family = command.manager.family
        if family not in _PACKAGE_FAMILIES:
            continue
        kept = facts.kept(command) if kept_only else command.packages
        found.update((family, package_name(command.manager, w.value)) for w in kept)
        if family == "apk" and kept == command.packages:
            found.update((family, g.value) for g in command.option_values("-t", "--virtual"))
    return found


def _written(facts: RunFacts, image: _Image) -> list[str]:
    """Paths this RUN leaves in its layer: package caches, downloads, clones."""
    paths = [directory for directory in _caches(facts) if not facts.keeps_out(directory)]
    relative_ok = not _changes_directory(facts)
    for _, command in facts.commands:
        for word in _outputs(command):
            if relative_ok or word.value.startswith("/"):
                resolved = _resolve(image.workdir, word.value)
                if resolved and not facts.mounted(resolved) and not facts.removes(resolved):
                    paths.append(resolved)
    return paths


def _caches(facts: RunFacts) -> Iterator[str]:
    for family, kind in _CACHES.items():
        for command in facts.find(family=family, action=kind):
            options = command.manager.no_cache_options
            if not (options and command.has_option(*options)) and not facts.cleans(command.manager):
                yield command.manager.cache_dirs[0]
                break


def _outputs(command: Command) -> Iterator[ShellWord]:
    """The file a download writes (`curl -o F`, `wget -O F`) or the directory of a clone."""
    words = command.words
    names = _OUTPUTS.get(command.name)
    if names:
        for index, word in enumerate(words[:-1]):
            if word.value in names and words[index + 1].value != "-":
                yield words[index + 1]
        return
    if command.name == "git" and len(words) > 1 and words[1].value == "clone":
        positional = _positional(words[2:], _GIT_CLONE_VALUES)
        if len(positional) == 2:
            yield positional[1]
        elif len(positional) == 1:
            url = positional[0]
            name = posixpath.basename(url.value.rstrip("/")).removesuffix(".git")
            yield ShellWord(name, name, url.start, url.end)


def _positional(words: tuple[ShellWord, ...], value_options: frozenset[str]) -> list[ShellWord]:
    found: list[ShellWord] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word.value.startswith("-"):
            skip = word.value in value_options
        else:
            found.append(word)
    return found


def _changes_directory(facts: RunFacts) -> bool:
    return any(command.name in ("cd", "pushd") for _, command in facts.commands)
