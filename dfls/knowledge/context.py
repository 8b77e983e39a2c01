"""The build context as rules see it: COPY/ADD sources, `.dockerignore` patterns, ecosystems.

Shared by the DF3xx rules. Matching follows BuildKit's `.dockerignore` semantics (moby's
patternmatcher): patterns are cleaned paths relative to the context root, `*` and `?` stay
within one path segment, `**` spans any number of segments, a pattern that matches a
directory also excludes everything below it, `!` re-includes, and the last matching line
wins.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from dfls.knowledge.images import classify
from dfls.knowledge.packages import analyse
from dfls.model import Dockerfile, ImageRef, Instruction, Word
from dfls.model.shell import run_commands

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_WHOLE_CONTEXT = frozenset({"", ".", "*"})


# -- COPY / ADD sources ------------------------------------------------------------------


def sources(instruction: Instruction) -> tuple[Word, ...]:
    """The source words of a COPY or ADD (exec or shell form), destination left out."""
    form = instruction.exec_form
    words = form if form is not None else instruction.words
    return words[:-1] if len(words) >= 2 else ()


def from_context(instruction: Instruction) -> bool:
    """True when a COPY/ADD reads the build context (not another stage or image)."""
    return instruction.flag("from") is None


def is_url(value: str) -> bool:
    return bool(_URL.match(value)) or value.startswith("git@")


def is_heredoc(word: Word) -> bool:
    """``<<EOF``, ``<<-EOF`` or ``3<<EOF``: a here-document, not a context path."""
    return word.text.lstrip("0123456789").startswith("<<")


def context_path(value: str) -> str:
    """A source as a path relative to the context root: ``./src/`` -> ``src``, ``/`` -> ``""``."""
    path = posixpath.normpath("/" + value.replace("\\", "/")).lstrip("/")
    return "" if path == "." else path


def is_whole_context(word: Word) -> bool:
    """``.``, ``./``, ``/``, ``*`` and ``./*``: the source is the entire build context."""
    return "$" not in word.value and context_path(word.value) in _WHOLE_CONTEXT


def whole_context_copies(dockerfile: Dockerfile) -> Iterator[tuple[Instruction, Word]]:
    """Every COPY/ADD (not ONBUILD triggers: they run in another build) of the whole context."""
    for instruction in dockerfile.by_keyword("COPY", "ADD"):
        word = _whole_context_word(instruction)
        if word is not None:
            yield instruction, word


def _whole_context_word(instruction: Instruction) -> Word | None:
    def compute() -> Word | None:
        if not from_context(instruction):
            return None
        return next((word for word in sources(instruction) if is_whole_context(word)), None)

    return instruction.memoized("context.whole_context_word", compute)


def explicit_sources(dockerfile: Dockerfile) -> list[str]:
    """Context paths that COPY/ADD name one by one (not the whole context, URLs or heredocs)."""
    return [p for i in dockerfile.by_keyword("COPY", "ADD") for p in _explicit_sources(i)]


def _explicit_sources(instruction: Instruction) -> tuple[str, ...]:
    def compute() -> tuple[str, ...]:
        if not from_context(instruction):
            return ()
        return tuple(
            context_path(word.value)
            for word in sources(instruction)
            if not (is_whole_context(word) or is_url(word.value) or is_heredoc(word))
        )

    return instruction.memoized("context.explicit_sources", compute)


# -- .dockerignore matching --------------------------------------------------------------


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):  # "**/" is zero or more whole directories
                out.append("(?:.*/)?")
                i += 1
            else:
                out.append(".*")
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[" and "]" in pattern[i + 2 :]:
            close = pattern.index("]", i + 2)
            body = pattern[i + 1 : close]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = close
        elif ch == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def _compile(line: str) -> tuple[re.Pattern[str], bool] | None:
    """One `.dockerignore` line as (regex, is_exception); None for blanks and comments."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    negate = text.startswith("!")
    if negate:
        text = text[1:].strip()
    path = context_path(text)
    if not path:
        return None
    return re.compile(_translate(path) + r"\Z"), negate


def _with_parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def is_ignored(patterns: Iterable[str], path: str) -> bool:
    """Whether ``.dockerignore`` ``patterns`` keep the context ``path`` out of the build."""
    candidates = _with_parents(context_path(path))
    ignored = False
    for line in patterns:
        compiled = _compile(line)
        if compiled is None:
            continue
        regex, negate = compiled
        if any(regex.match(candidate) for candidate in candidates):
            ignored = not negate
    return ignored


# -- What the build is made of -----------------------------------------------------------

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
