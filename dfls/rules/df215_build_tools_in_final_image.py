"""DF215: compilers, build systems and git installed into the image that ships."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dfls.knowledge.images import stage_image
from dfls.knowledge.packages.commands import PackageCommand, analyse
from dfls.knowledge.packages.managers import package_name
from dfls.knowledge.stage_index import PACKAGES
from dfls.model import Instruction
from dfls.model.shell import ShellWord
from dfls.rules.api import Rule, RuleContext, RuleOptions, Severity, Violation, option

# Compilers and build systems, as the distributions name their packages.
_TOOLCHAIN = frozenset(
    {"gcc", "g++", "gcc-c++", "cc", "c++", "cpp", "clang", "llvm", "gfortran", "binutils"}
    | {"build-essential", "build-base", "alpine-sdk", "development tools", "@development-tools"}
    | {"make", "cmake", "automake", "autoconf", "libtool", "bison", "flex", "meson"}
    | {"ninja", "ninja-build", "pkg-config", "pkgconf", "pkgconfig", "golang", "golang-go"}
    | {"rustc", "cargo"}
)
_VERSIONED = re.compile(r"^(gcc|g\+\+|clang|llvm|gfortran|cpp)-?\d+(\.\d+)?$")
_TOOLS = frozenset({"git", "git-core"})
# Headers and static libraries: only useful to a compiler.
_HEADERS = re.compile(r"(-dev|-devel|-headers)$|^libc-dev$")
_FAMILIES = ("apt", "apk", "rpm", "zypper")


@dataclass(frozen=True)
class Options(RuleOptions):
    allow: tuple[str, ...] = option(
        (),
        "package names never reported, for images whose purpose is to carry a toolchain "
        '(an SDK or CI image), e.g. `["git", "make"]`.',
    )


class BuildToolsInFinalImage(Rule):
    """## What it does
    Checks the stages that ship (the target stage and those it is built `FROM`) for
    compilers and build systems (`gcc`, `g++`, `clang`, `make`, `cmake`,
    `build-essential`, `build-base`, ...) and `git` installed with apt, apk, yum/dnf or
    zypper and not removed again in the same `RUN`. While a compiler stays, header packages
    (`*-dev`, `*-devel`, `linux-headers`) are reported too.

    ## Why is this bad?
    Build tools are needed to build, not to run. In the final image they are dead weight
    (a C toolchain is well over 100 MB) and attack surface: a compiler and `git` are
    exactly what an intruder wants to find. The guide's answer is a multi-stage build
    where tools stay in the build stage (golang:1.22 at ~800 MB builds, a ~7 MB alpine or
    an empty scratch image ships), or, when a package must be compiled in place, purging
    the tools in the same `RUN` that used them.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN apt-get update && \\
        apt-get install -y --no-install-recommends gcc libpq-dev && \\
        pip install --no-cache-dir psycopg2 && \\
        rm -rf /var/lib/apt/lists/*
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    RUN apt-get update && \\
        apt-get install -y --no-install-recommends gcc libpq-dev && \\
        pip install --no-cache-dir psycopg2 && \\
        apt-get purge -y gcc && \\
        apt-get autoremove -y && \\
        rm -rf /var/lib/apt/lists/*
    ```

    ## Exceptions
    - Tools removed in the same `RUN`: by name (`apt-get purge -y gcc`, `apk del gcc`,
      `dnf remove gcc`), through an apk virtual group (`apk add --virtual .build-deps ...`
      then `apk del .build-deps`), or with the official images' pattern of
      `apt-mark auto` followed by `apt-get purge --auto-remove`.
    - Header packages alone (such as `libpq-dev`, which also pulls the runtime library)
      are not reported once no compiler is left: the guide's own size example keeps
      `libpq-dev` after purging `gcc`.
    - Build stages that the target stage is not built `FROM`, and ONBUILD triggers.
    - Toolchain images: when the image is built on an SDK image (`buildpack-deps`,
      `golang`, `rust`, `gcc`, a JDK, `dotnet/sdk`) and no stage that ships sets `CMD` or
      `ENTRYPOINT`, the image is itself an SDK, meant to build with (the official `golang`
      image, on `buildpack-deps`, installs `gcc` and `make` for cgo). Its base already
      carries a toolchain; adding to it is its purpose. An application shipped on an SDK
      base, with a `CMD`, is still checked (and DF103 reports the base).
    - Packages listed in the `allow` option: for SDK or CI images on other bases.
    - Removing the tools in a later `RUN` does not help (see DF209): they stay in the
      earlier layer.

    ## References
    - [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
    - Guide: *Writing good Dockerfiles*, sections "Multi-Stage Builds" and "Common Pitfalls"
    """

    code = "DF215"
    name = "build-tools-in-final-image"
    severity = Severity.WARNING
    options_type = Options

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        if _toolchain_image(ctx):
            return
        allow = {name.lower() for name in ctx.options_as(Options).allow}
        compilers: list[tuple[PackageCommand, ShellWord]] = []
        headers: list[tuple[PackageCommand, ShellWord]] = []
        for run in ctx.shipped_selected(PACKAGES):
            for command, word in _kept_packages(run):
                name = package_name(command.manager, word.value)
                if name in allow:
                    continue
                if name in _TOOLCHAIN or _VERSIONED.match(name):
                    compilers.append((command, word))
                elif name in _TOOLS:
                    yield self._violation(command, word, "is a build tool")
                elif _HEADERS.search(name):
                    headers.append((command, word))
        for command, word in compilers:
            yield self._violation(command, word, "is a build tool")
        if compilers:
            first = compilers[0][1].value
            for command, word in headers:
                yield self._violation(command, word, f"holds headers for compiling with `{first}`")

    def _violation(self, command: PackageCommand, word: ShellWord, what: str) -> Violation:
        return self.violation(
            command.word_span(word),
            f"`{word.value}` {what} and ships in the final image: build in an earlier stage "
            "and copy the result, or remove it in the same RUN",
        )


def _kept_packages(run: Instruction) -> Iterator[tuple[PackageCommand, ShellWord]]:
    facts = analyse(run)
    for family in _FAMILIES:
        for command in facts.find(family=family, action="install"):
            for word in facts.kept(command):
                yield command, word


def _toolchain_image(ctx: RuleContext) -> bool:
    """True for an SDK image: built on an SDK base, with no CMD or ENTRYPOINT of its own."""
    shipped = ctx.shipped_stages()
    if not shipped or not stage_image(ctx.dockerfile.stage_graph, shipped[0]).is_sdk:
        return False
    keywords = {i.keyword for stage in shipped for i in stage.instructions}
    return not keywords & {"CMD", "ENTRYPOINT"}
