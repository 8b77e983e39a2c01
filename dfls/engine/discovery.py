"""Which files ``dfls check`` lints (and the language server reads for workspace symbols
and diagnostics): Dockerfiles found under the paths it is given.

A directory is searched for ``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``,
``*.dockerfile``, ``Containerfile`` and ``Containerfile.*``, except names that end in a
suffix no Dockerfile has (:data:`NOT_DOCKERFILE_SUFFIXES`: ignore files, archives, docs,
backups, patches, editor temporary files; also a trailing ``~``). A file named on the
command line is linted whatever its name. Version-control, virtualenv and dependency directories are skipped, and
so are paths matching ``exclude`` patterns, which are gitignore-style: a pattern without a
slash matches a file or directory name at any depth, one with a slash is anchored at the
directory of the config file that declares it, ``*`` stays within a path segment, ``**``
crosses segments, a trailing ``/`` matches directories only and ``!`` re-includes
(matched in linear time, :mod:`dfls.knowledge.globs`). A search follows no symlink into a
directory and none out of the directory searched (:class:`Outside`), and finds each file
once whatever its names.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from dfls.knowledge.globs import GlobError, compile_glob

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        ".jj",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".direnv",
    }
)


NOT_DOCKERFILE_SUFFIXES = frozenset(
    {
        # build-context ignore files
        "dockerignore",
        "containerignore",
        # archives and compressed files
        "gz",
        "tgz",
        "bz2",
        "tbz2",
        "xz",
        "txz",
        "zst",
        "zstd",
        "lz",
        "lz4",
        "lzma",
        "z",
        "zip",
        "tar",
        "7z",
        "rar",
        # documentation
        "md",
        "markdown",
        "rst",
        "txt",
        "adoc",
        "html",
        "htm",
        "pdf",
        # backups, merge leftovers, patches, editor temporary files
        "orig",
        "rej",
        "bak",
        "backup",
        "old",
        "save",
        "sav",
        "tmp",
        "temp",
        "swp",
        "swo",
        "swn",
        "patch",
        "diff",
        # checksums and signatures
        "sha256",
        "sha512",
        "md5",
        "sig",
        "asc",
    }
)
"""Lower-case suffixes (after the last ``.``) that mark a ``Dockerfile.*`` as something else."""


def is_dockerfile_name(name: str) -> bool:
    """Whether a directory search lints a file of this name."""
    if name.endswith("~"):
        return False
    _, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in NOT_DOCKERFILE_SUFFIXES:
        return False
    if name in ("Dockerfile", "Containerfile"):
        return True
    if name.startswith(("Dockerfile.", "Containerfile.")):
        return True
    return name.endswith((".Dockerfile", ".dockerfile", ".Containerfile"))


# NamedTuples, not dataclasses: making a dataclass compiles its methods at import, a
# millisecond or so each on every start of `dfls check` and `dfls format`.


class Pattern(NamedTuple):
    regex: re.Pattern[str]
    negated: bool
    directory_only: bool


@cache
def compile_pattern(pattern: str) -> Pattern | None:
    """A gitignore-style pattern as a regex over a ``/``-separated relative path.

    None for a blank line or a comment; :class:`~dfls.knowledge.globs.GlobError` for a
    pattern that cannot be used (config validation reports those first). Matching takes
    time linear in the path and the pattern (see :mod:`dfls.knowledge.globs`).
    """
    text = pattern.strip()
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated:
        text = text[1:]
    directory_only = text.endswith("/")
    text = text.rstrip("/")
    if not text:
        return None
    anchored = "/" in text
    text = text.removeprefix("/").removeprefix("./")
    return Pattern(compile_glob(text, anywhere=not anchored), negated, directory_only)


class ExcludeSet(NamedTuple):
    """Exclude patterns declared in one config file, relative to ``base``."""

    base: Path
    patterns: tuple[str, ...]

    def excludes(self, path: Path, is_dir: bool) -> bool:
        try:
            relative = path.relative_to(self.base).as_posix()
        except ValueError:
            return False
        if relative in ("", "."):
            return False
        excluded = False
        for raw in self.patterns:
            try:
                pattern = compile_pattern(raw)
            except GlobError:
                continue  # reported when the config was read
            if pattern is None or (pattern.directory_only and not is_dir):
                continue
            if pattern.negated == excluded and pattern.regex.fullmatch(relative):
                excluded = not pattern.negated
        return excluded


ExcludesFor = Callable[[Path], ExcludeSet | None]
"""The exclude patterns in force for a directory (from its nearest config), if any."""


def excluded(path: Path, is_dir: bool, excludes_for: ExcludesFor) -> bool:
    """Whether ``path`` or one of its parents (below the config's directory) is excluded."""
    absolute = Path(os.path.abspath(path))
    rules = excludes_for(absolute.parent)
    if rules is None or not rules.patterns:
        return False
    if rules.excludes(absolute, is_dir):
        return True
    return any(
        rules.excludes(parent, True)
        for parent in absolute.parents
        if parent != rules.base and rules.base in parent.parents
    )


class Found(NamedTuple):
    path: Path
    explicit: bool
    """Named on the command line (linted whatever its name), not found by a search."""
    root: Path = Path(".")
    """The checked tree it belongs to (resolved): the directory searched or, for a file
    named on the command line, the current directory if it is inside it, else the file's
    own directory. ``--fix`` never writes outside it through a symlink."""


class Outside(NamedTuple):
    """A symlink found by a search that leads out of the searched directory: not followed."""

    path: Path
    target: str


def inside(path: str | Path, root: Path) -> bool:
    """Whether ``path``, symlinks resolved, is ``root`` (resolved) or below it."""
    real = Path(os.path.realpath(path))
    return real == root or root in real.parents


def _named_root(path: Path, here: Path) -> Path:
    """The tree of a file named on the command line: ``here`` (the working directory,
    resolved) if the file is below it, else the file's directory (resolved)."""
    absolute = os.path.abspath(path)
    if absolute.startswith(os.path.join(here, "")):  # here in Path(absolute).parents
        return here
    return Path(os.path.realpath(os.path.dirname(absolute)))


def walk(
    roots: Sequence[Path],
    excludes_for: ExcludesFor,
    force_exclude: bool = False,
    seen: set[Path] | None = None,
) -> Iterator[Found | Outside | tuple[Path, str]]:
    """Dockerfiles under ``roots``, in a stable order, or (path, problem) for a bad root.

    A file given by name is linted whatever its name and, unless ``force_exclude``, even
    when an exclude pattern matches it (like ruff). A missing root is a problem. A file is
    listed once, however many names (symlinks) it has; a search does not follow a symlink
    out of the directory searched (an :class:`Outside` says so), nor into a directory.
    """
    seen = set() if seen is None else seen
    here: Path | None = None  # the working directory, resolved (once)
    for root in roots:
        if root.is_dir():
            if force_exclude and excluded(root, True, excludes_for):
                continue
            real_root = Path(os.path.realpath(root))
            for path, real in _search(root, real_root, excludes_for):
                if real is None:
                    yield Outside(path, os.path.realpath(path))
                elif real not in seen:
                    seen.add(real)
                    yield Found(path, explicit=False, root=real_root)
        elif root.exists() or root.is_symlink():
            if force_exclude and excluded(root, False, excludes_for):
                continue
            key = Path(os.path.realpath(root))
            if key not in seen:
                seen.add(key)
                here = here or Path(os.path.realpath(os.curdir))
                yield Found(root, explicit=True, root=_named_root(root, here))
        else:
            yield root, "No such file or directory"


def _search(
    root: Path, real_root: Path, excludes_for: ExcludesFor
) -> list[tuple[Path, Path | None]]:
    """(path, resolved path) of each Dockerfile found; None for a symlink out of the root.

    A file with a regular name and symlinks to it is listed under the regular name.
    """
    found: list[tuple[Path, Path | None]] = []
    for directory, dirnames, filenames in os.walk(root):
        here = Path(directory)
        rules = excludes_for(Path(os.path.abspath(here)))
        kept = []
        for name in sorted(dirnames):
            if name in SKIPPED_DIRECTORIES:
                continue
            if rules is not None and rules.excludes(Path(os.path.abspath(here / name)), True):
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not is_dockerfile_name(name):
                continue
            path = here / name
            if rules is not None and rules.excludes(Path(os.path.abspath(path)), False):
                continue
            if not path.is_symlink() or inside(path, real_root):
                found.append((path, Path(os.path.realpath(path))))
            else:
                found.append((path, None))
    regular = {real for path, real in found if real is not None and not path.is_symlink()}
    return [
        (path, real)
        for path, real in found
        if not (path.is_symlink() and real is not None and real in regular)
    ]
