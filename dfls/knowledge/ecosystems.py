"""Which languages a build works with, from base images, copied manifests and RUN commands.

Also :func:`context_use`, everything rule DF301 asks of the build context gathered in one
pass and kept across document versions (it runs on every keystroke).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from dfls.knowledge.copies import _explicit_sources, _whole_context_word
from dfls.knowledge.images import classify
from dfls.knowledge.packages.commands import analyse
from dfls.model import Dockerfile, ImageRef, Instruction, Word
from dfls.model.shell import run_commands

# Image families (see _images) whose language the runtime field does not name.
_FAMILY_ECOSYSTEMS = {"golang": "go", "rust": "rust"}
_RUNTIME_ECOSYSTEMS = frozenset({"python", "node", "java"})
_ECOSYSTEM_FILES = {
    "node": ("package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml"),
    "python": ("requirements.txt", "pyproject.toml", "poetry.lock", "uv.lock", "setup.py"),
    "go": ("go.mod", "go.sum"),
    "rust": ("cargo.toml", "cargo.lock"),
    "java": ("pom.xml", "build.gradle", "build.gradle.kts"),
}
_ECOSYSTEM_COMMANDS = {
    "node": ("npm", "yarn", "pnpm", "npx", "bun"),
    "python": ("pip", "pip3", "poetry", "uv", "pipenv"),
    "go": ("go",),
    "rust": ("cargo",),
    "java": ("mvn", "gradle", "./mvnw", "./gradlew", "mvnw", "gradlew"),
}


def _image_ecosystem(image: ImageRef | None) -> str | None:
    info = classify(image)
    if info.runtime in _RUNTIME_ECOSYSTEMS:
        return info.runtime
    return _FAMILY_ECOSYSTEMS.get(info.family or "")


def ecosystems(dockerfile: Dockerfile) -> frozenset[str]:
    """Languages the build works with: from base images, copied manifests and RUN commands."""
    found: set[str] = set()
    for stage in dockerfile.stages:
        ecosystem = _image_ecosystem(stage.image) if stage.parent is None else None
        if ecosystem:
            found.add(ecosystem)
    for instruction in dockerfile.by_keyword("COPY", "ADD", "RUN"):
        found.update(_instruction_ecosystems(instruction))
    return frozenset(found)


def uses_ecosystem(dockerfile: Dockerfile, name: str) -> bool:
    """Whether the build works with ``name`` (e.g. ``node``); stops at the first sign."""
    if any(
        _image_ecosystem(stage.image) == name for stage in dockerfile.stages if stage.parent is None
    ):
        return True
    return any(
        name in _instruction_ecosystems(i) for i in dockerfile.by_keyword("COPY", "ADD", "RUN")
    )


def _instruction_ecosystems(instruction: Instruction) -> frozenset[str]:
    """The languages one COPY/ADD (by the manifests it names) or RUN (by its tools) shows.

    Kept per instruction, so linting after an edit only looks again at what changed.
    """
    keyword = instruction.keyword
    if keyword not in ("COPY", "ADD", "RUN"):
        return frozenset()

    def compute() -> frozenset[str]:
        found: set[str] = set()
        if keyword == "RUN":
            for _, command in run_commands(instruction):
                found.update(e for e, names in _ECOSYSTEM_COMMANDS.items() if command.name in names)
        else:
            for path in _explicit_sources(instruction):
                name = path.rsplit("/", 1)[-1].lower()
                found.update(e for e, files in _ECOSYSTEM_FILES.items() if name in files)
        return frozenset(found)

    return instruction.memoized("context.ecosystems", compute)


def installs_node_modules(dockerfile: Dockerfile) -> bool:
    """A RUN installs the project's JavaScript dependencies, so a local node_modules is
    never needed (``npm ci``, ``yarn``, ``pnpm install``; not ``npm install -g tool``)."""
    return any(_installs_node_modules(i) for i in dockerfile.by_keyword("RUN"))


class ContextUse(NamedTuple):
    """What DF301 needs to know about a build, gathered in one pass (it runs on every
    keystroke): the COPY/ADD instructions of the whole context (the first one and how
    many), the paths COPY/ADD name, the ecosystems, and whether a RUN installs the
    JavaScript dependencies."""

    first_copy: tuple[Instruction, Word] | None
    copies: int
    explicit: frozenset[str]
    ecosystems: frozenset[str]
    installs_node_modules: bool


def context_use(dockerfile: Dockerfile) -> ContextUse:
    """:class:`ContextUse`, from facts kept per instruction (after an edit, only the
    instructions it touched are looked at again)."""
    copies = (dockerfile.by_keyword("COPY"), dockerfile.by_keyword("ADD"))
    first, count, explicit, found = _copies_use(copies)
    ran = [_instruction_ecosystems(i) for i in dockerfile.by_keyword("RUN")]
    found = found.union(_images_use(dockerfile), *ran)
    return ContextUse(first, count, explicit, found, installs_node_modules(dockerfile))


def _copies_use(
    lists: tuple[Iterable[Instruction], ...],
) -> tuple[tuple[Instruction, Word] | None, int, frozenset[str], frozenset[str]]:
    """The COPY/ADD part of :class:`ContextUse`, and the ecosystems their files show."""
    first: tuple[Instruction, Word] | None = None
    copies = 0
    explicit: set[str] = set()
    found: set[str] = set()
    for listed in lists:  # order does not matter: the first copy is by index
        for instruction in listed:
            word = _whole_context_word(instruction)
            if word is not None:
                copies += 1
                if first is None or instruction.index < first[0].index:
                    first = (instruction, word)
            explicit.update(_explicit_sources(instruction))
            found.update(_instruction_ecosystems(instruction))
    return first, copies, frozenset(explicit), frozenset(found)


def _images_use(dockerfile: Dockerfile) -> frozenset[str]:
    """The ecosystems the base images of the stages not built on another stage show."""
    found: set[str] = set()
    for stage in dockerfile.stages:
        if stage.parent is None:
            ecosystem = _stage_ecosystem(stage.from_instruction, stage.image)
            if ecosystem:
                found.add(ecosystem)
    return frozenset(found)


def _stage_ecosystem(instruction: Instruction, image: ImageRef | None) -> str | None:
    """:func:`_image_ecosystem`, kept on the FROM (its image rarely changes)."""
    seen, ecosystem = instruction.memoized(
        "context.image_ecosystem", lambda: (image, _image_ecosystem(image))
    )
    return ecosystem if seen == image else _image_ecosystem(image)


def _installs_node_modules(instruction: Instruction) -> bool:
    def compute() -> bool:
        installs = analyse(instruction).find("npm", "yarn", "pnpm", action="install")
        return any(not command.packages for command in installs)

    return instruction.memoized("context.installs_node_modules", compute)
