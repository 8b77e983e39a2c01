"""The rule contract: what a rule declares, what it sees, and what it reports.

A rule is a class with a code (``DF101``), a kebab-case name, a default severity, docs in
its docstring (fixed sections, see ``dfls.features.docs``), and a ``check`` that reads the model and
yields violations. Rules never do I/O: facts about files beside the Dockerfile (the
``.dockerignore``) arrive in :class:`BuildContext`.

Rules whose findings depend only on one instruction subclass :class:`InstructionRule`; the
engine caches their results per instruction node, so unchanged instructions are not
re-checked after an edit.

A rule's options are a frozen dataclass named by ``options_type`` (see
:mod:`dfls.rules.options`); the rule reads them typed, with ``ctx.options_as(Options)``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import ClassVar

from dfls.knowledge.stage_index import select
from dfls.model import Dockerfile, Instruction, Span, Stage
from dfls.model.edits import Edit as Edit  # re-exported: rules build fixes from them
from dfls.model.edits import NewFile as NewFile
from dfls.rules.options import NO_OPTIONS, OptionsT, defaults
from dfls.rules.options import RuleOptions as RuleOptions  # re-exported: rules subclass it
from dfls.rules.options import option as option  # re-exported: rules declare options with it
from dfls.rules.quoting import bounded


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    STYLE = "style"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls(value.strip().lower())


_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1, Severity.STYLE: 0}


class Applicability(enum.Enum):
    SAFE = "safe"
    """Keeps the meaning: applied by ``dfls check --fix`` and fix-all."""
    UNSAFE = "unsafe"
    """Valid but may change behaviour: offered as a quick fix, applied with unsafe-fixes."""
    DISPLAY = "display"
    """Shown as a suggestion, never applied automatically."""


class FixAvailability(enum.Enum):
    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NEVER = "never"


class Tag(enum.Enum):
    UNNECESSARY = "unnecessary"
    DEPRECATED = "deprecated"


@dataclass(frozen=True)
class Fix:
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...] = ()
    new_files: tuple[NewFile, ...] = ()

    @classmethod
    def safe(cls, title: str, *edits: Edit) -> Fix:
        return cls(bounded(title), Applicability.SAFE, edits)

    @classmethod
    def unsafe(cls, title: str, *edits: Edit) -> Fix:
        return cls(bounded(title), Applicability.UNSAFE, edits)

    @classmethod
    def display(cls, title: str, *edits: Edit) -> Fix:
        return cls(bounded(title), Applicability.DISPLAY, edits)

    def shifted(self, lines: int) -> Fix:
        if not lines:
            return self
        return replace(self, edits=tuple(e.shifted(lines) for e in self.edits))


@dataclass(frozen=True)
class Violation:
    """One finding. ``severity`` starts as the rule's default; the engine applies overrides."""

    code: str
    name: str
    span: Span
    message: str
    severity: Severity
    fix: Fix | None = None
    tags: frozenset[Tag] = frozenset()

    def shifted(self, lines: int) -> Violation:
        if not lines:
            return self
        fix = self.fix.shifted(lines) if self.fix else None
        return replace(self, span=self.span.shifted(lines), fix=fix)

    def __hash__(self) -> int:
        # Computed once: the server looks every finding up by value after each keystroke,
        # and most are the same objects as before. Not pickled (see __getstate__).
        found: int | None = self.__dict__.get("_hash")
        if found is None:
            found = self.__dict__["_hash"] = hash(
                (self.code, self.name, self.span, self.message, self.severity, self.fix, self.tags)
            )
        return found

    def __getstate__(self) -> dict[str, object]:
        # A string's hash differs between processes: a worker's cached one must not travel.
        state = dict(self.__dict__)
        state.pop("_hash", None)
        return state


@dataclass(frozen=True)
class BuildContext:
    """What the front end found beside the Dockerfile. Rules must not read files themselves.

    ``dockerignore`` is None when there is no ``.dockerignore`` (or it is unknown: then
    ``known`` is False and rules about it stay quiet).
    """

    known: bool = False
    dockerignore: tuple[str, ...] | None = None
    dockerignore_name: str = ".dockerignore"


@dataclass(frozen=True)
class RuleContext:
    dockerfile: Dockerfile
    options: RuleOptions = NO_OPTIONS
    """The options of the rule being run (the engine builds them from its ``options_type``)."""
    target_stage_name: str | None = None
    build_context: BuildContext = BuildContext()
    precomputed_shipped: frozenset[int] | None = field(default=None, compare=False)
    """The engine computes :attr:`shipped_indexes` once per lint and passes it here."""

    @property
    def target_stage(self) -> Stage | None:
        """The stage that ships: the configured target stage, else the last one."""
        return self.dockerfile.stage_graph.target(self.target_stage_name)

    def shipped_stages(self) -> tuple[Stage, ...]:
        """The target stage and the stages it is built FROM (they are in the image too)."""
        return self.dockerfile.stage_graph.shipped(self.target_stage_name)

    def shipped_runs(self) -> Iterator[Instruction]:
        """The RUNs whose layers end up in the image: those of the target stage and its parents."""
        for stage in self.shipped_stages():
            for instruction in stage.instructions:
                if instruction.keyword == "RUN":
                    yield instruction

    def shipped_selected(self, *tags: str) -> Iterator[Instruction]:
        """The instructions of the stages that ship with any of ``tags`` (see
        :mod:`dfls.knowledge.stage_index`), in order: what a rule about a few kinds of
        instruction walks instead of every one."""
        graph = self.dockerfile.stage_graph
        for stage in self.shipped_stages():
            yield from select(graph, stage, *tags)

    @cached_property
    def shipped_indexes(self) -> frozenset[int]:
        if self.precomputed_shipped is not None:
            return self.precomputed_shipped
        return frozenset(stage.index for stage in self.shipped_stages())

    def ships(self, stage: Stage) -> bool:
        """Whether ``stage`` ends up in the image: the target stage or one it builds on."""
        return stage.index in self.shipped_indexes

    def options_as(self, options_type: type[OptionsT]) -> OptionsT:
        """The rule's options, typed: ``ctx.options_as(Options).strictness``.

        A context made without options (in a test) gives the defaults.
        """
        options = self.options
        if isinstance(options, options_type):
            return options
        if options is not NO_OPTIONS:
            raise TypeError(f"expected {options_type.__qualname__}, got {options!r}")
        return defaults(options_type)


class Rule:
    """Base class of every rule. The docstring is the rule's documentation."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NEVER
    enabled_by_default: ClassVar[bool] = True
    experimental: ClassVar[bool] = False
    """Off by default, and also turned on by BuildKit's ``# check=experimental=NAME``."""
    aliases: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    """Equivalent rules elsewhere: ``{"hadolint": ("DL3007",), "buildkit": ("...",)}``."""
    options_type: ClassVar[type[RuleOptions]] = RuleOptions
    """The rule's options (a frozen dataclass, see :mod:`dfls.rules.options`)."""
    tags: ClassVar[frozenset[Tag]] = frozenset()

    def check(self, ctx: RuleContext) -> Iterable[Violation]:
        raise NotImplementedError

    def violation(self, span: Span, message: str, fix: Fix | None = None) -> Violation:
        """A finding at ``span``; quotes in ``message`` are kept short (:mod:`.quoting`)."""
        message = bounded(message)
        return Violation(self.code, self.name, span, message, self.severity, fix, self.tags)


class InstructionRule(Rule):
    """A rule whose findings for an instruction depend on that instruction alone.

    ``keywords`` limits which instructions it sees (ONBUILD triggers are not included).
    """

    keywords: ClassVar[frozenset[str]] = frozenset()

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for instruction in ctx.dockerfile.instructions:
            if not self.keywords or instruction.keyword in self.keywords:
                yield from self.check_instruction(instruction, ctx)

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterable[Violation]:
        raise NotImplementedError


class StageRule(Rule):
    """A rule whose findings for a stage depend only on what the stage can see.

    That is: the stage's own instructions and where they sit, the stages it is built on
    and the stages its ``COPY --from`` names, the global ARGs, every stage's FROM line,
    whether the stage ships, and the build context. Findings must lie inside the stage.
    The engine caches each stage's findings and checks a stage again only when one of
    those inputs changed, which is what keeps linting fast on every keystroke.

    ``shipped_only`` rules are only asked about stages that end up in the image.
    ``check_globals`` sees the instructions before the first FROM (global ARGs); it is
    not cached, so keep it cheap.
    """

    shipped_only: ClassVar[bool] = False

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        yield from self.check_globals(global_instructions(ctx.dockerfile), ctx)
        for stage in ctx.dockerfile.stages:
            if not self.shipped_only or ctx.ships(stage):
                yield from self.check_stage(stage, ctx)

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterable[Violation]:
        raise NotImplementedError

    def check_globals(
        self, instructions: tuple[Instruction, ...], ctx: RuleContext
    ) -> Iterable[Violation]:
        return ()


def global_instructions(dockerfile: Dockerfile) -> tuple[Instruction, ...]:
    """The instructions before the first FROM."""
    found: list[Instruction] = []
    for instruction in dockerfile.instructions:
        if instruction.stage is not None:
            break
        found.append(instruction)
    return tuple(found)
