"""The package managers, described by data: :data:`MANAGERS`.

For each package manager: which programs run it, which of its subcommands install, remove,
refresh the index or clean the cache, which options take a value (so the value is not
mistaken for a package), where it keeps its cache and which manifest files a manifest-driven
install reads. Also how a package word names a package (:func:`package_name`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
CLEAN_DELETES = {
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
BY_PROGRAM: dict[str, Manager] = {p: m for m in MANAGERS for p in m.programs}
_VERSION_SPLIT = {
    "apt": re.compile(r"[=/:]"),
    "apk": re.compile(r"[=~<>]"),
    "pip": re.compile(r"[=<>!~@\[;\s]"),
}


def package_name(manager: Manager, value: str) -> str:
    """A package word without its version, release or architecture: ``curl=7.88`` -> ``curl``."""
    splitter = _VERSION_SPLIT.get(manager.family)
    name = splitter.split(value, 1)[0] if splitter else value
    if manager.family == "pip":
        name = name.replace("_", "-")
    return name.lower()


def family_dirs(family: str) -> tuple[str, ...]:
    """The cache directories of every manager of ``family``."""
    return tuple(d for m in MANAGERS if m.family == family for d in m.cache_dirs)
