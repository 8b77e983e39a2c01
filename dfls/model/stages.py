"""Stages and the one stage graph: what a FROM builds on, what a ``--from`` names, what ships.

Every question about how stages refer to each other is answered here, by
:class:`StageGraph`, with BuildKit's rules (``frontend/dockerfile/dockerfile2llb/convert.go``),
so rules, hover, the command line and the engine's per-stage cache agree:

- A stage name is compared case-insensitively. A name used twice means the FIRST stage with
  it. BuildKit only warns (DuplicateStageName) and its name table then keeps the last one;
  DF105 reports the duplicate as an error, and until it is fixed dfls reads the name as the
  first stage everywhere (as ``FROM`` and most rules always did).
- ``FROM <name>`` can only name an EARLIER stage: BuildKit registers the stages in order and
  looks the base name up among those registered so far. ``FROM`` takes no stage index.
- ``COPY --from=`` and ``RUN --mount=...,from=`` take a stage name or index and may name ANY
  stage, a later one too: BuildKit resolves them after registering every stage and builds
  the named stage first. A stage naming itself is a circular dependency (a build error,
  which DF104 reports); :meth:`StageGraph.resolve` returns that stage, for rules to tell.
- A value that names no stage is an image or a named build context (``--build-context``).
- The target is the stage the configured target names (by name only), else the last stage;
  what ships is the target and the stages it is built ``FROM`` (a ``COPY --from`` source
  lends files, not its filesystem).

It does not import the document (which imports it): it sees only the stages.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

from dfls.model.instruction import Instruction
from dfls.model.nodes import Flag
from dfls.model.text import Span


class ImageRef(NamedTuple):
    """A base image reference: ``registry/repository:tag@digest``.

    ``resolved`` has global ARG defaults substituted; the parts come from it.
    """

    text: str
    resolved: str
    registry: str | None
    repository: str
    tag: str | None
    digest: str | None
    span: Span

    @property
    def name(self) -> str:
        """The last path component, e.g. ``python`` or ``static-debian12``."""
        return self.repository.rsplit("/", 1)[-1]

    @property
    def is_scratch(self) -> bool:
        return self.resolved.lower() == "scratch"

    @property
    def has_variables(self) -> bool:
        return "$" in self.resolved


def parse_image_ref(text: str, resolved: str, span: Span) -> ImageRef:
    rest = resolved
    digest = None
    if "@" in rest:
        rest, digest = rest.split("@", 1)
    registry = None
    first, slash, remainder = rest.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, rest = first, remainder
    tag = None
    path, colon, maybe_tag = rest.rpartition(":")
    if colon and "/" not in maybe_tag:
        rest, tag = path, maybe_tag
    return ImageRef(text, resolved, registry, rest, tag, digest, span)


@dataclass(frozen=True)
class Stage:
    """One build stage: its FROM, base image, name and instructions (FROM included).

    ``parent`` is the index of the earlier stage its FROM names (see the module doc), None
    for an external image; :class:`StageGraph` answers everything else about stages.
    """

    index: int
    name: str | None
    name_span: Span | None
    image: ImageRef | None
    platform: Flag | None
    instructions: tuple[Instruction, ...]
    parent: int | None

    @property
    def from_instruction(self) -> Instruction:
        return self.instructions[0]

    @property
    def span(self) -> Span:
        return Span(self.instructions[0].span.start, self.instructions[-1].span.end)


_T = TypeVar("_T")
_INDEX = attrgetter("index")


class StageGraph:
    """The stages of one document and how they refer to each other (see the module doc).

    Built from the stages tuple alone, on first use, once per document version. Answers
    that walk the stages are kept, for the stages of this graph.
    """

    __slots__ = ("_chains", "_memo", "_names", "_shipped", "stages")

    def __init__(self, stages: tuple[Stage, ...]) -> None:
        self.stages = stages
        names: dict[str, Stage] = {}
        for stage in stages:
            if stage.name:
                names.setdefault(stage.name.lower(), stage)  # the first of duplicates
        self._names = names
        self._chains: dict[int, tuple[Stage, ...]] = {}
        self._shipped: dict[str | None, tuple[Stage, ...]] = {}
        self._memo: dict[Hashable, Any] = {}

    def named(self, name: str) -> Stage | None:
        """The first stage called ``name`` (case-insensitive), if any."""
        return self._names.get(name.lower())

    def resolve(self, reference: str, before: Stage | None = None) -> Stage | None:
        """The stage ``reference`` names, or None: an image or a named build context.

        Without ``before``, as ``COPY --from`` and ``RUN --mount=from=`` read it: a stage
        name or index, of any stage (a later one, or the stage itself, included). With
        ``before``, as the ``FROM`` that starts ``before`` reads it: the name of an earlier
        stage only.
        """
        if before is not None:
            found = self.named(reference)
            return found if found is not None and found.index < before.index else None
        if reference.isascii() and reference.isdigit():
            index = int(reference)
            return self.stages[index] if index < len(self.stages) else None
        return self.named(reference)

    def parent(self, stage: Stage) -> Stage | None:
        """The stage ``stage`` is built ``FROM``, if its FROM names one."""
        return None if stage.parent is None else self.stages[stage.parent]

    def chain(self, stage: Stage) -> tuple[Stage, ...]:
        """``stage`` and the stages it is built ``FROM``, oldest first (they share a
        filesystem, a user, a working directory, a shell)."""
        own = self.owns(stage)
        if own:
            found = self._chains.get(stage.index)
            if found is not None:
                return found
        links: list[Stage] = []
        current: Stage | None = stage
        while current is not None and len(links) <= len(self.stages):
            links.append(current)
            current = self.parent(current)
        chain = tuple(reversed(links))
        if own:
            self._chains[stage.index] = chain
        return chain

    def nearest(self, stage: Stage, count: int) -> tuple[Stage, ...]:
        """The last ``count`` stages of ``stage``'s chain, oldest first (``stage`` last):
        ``chain(stage)[-count:]`` without walking the rest of a long chain."""
        links: list[Stage] = []
        current: Stage | None = stage
        while current is not None and len(links) < count:
            links.append(current)
            current = self.parent(current)
        return tuple(reversed(links))

    def ancestors(self, stage: Stage) -> tuple[Stage, ...]:
        """The stages ``stage`` is built ``FROM``, oldest first, without ``stage``."""
        return self.chain(stage)[:-1]

    def root(self, stage: Stage) -> Stage:
        """The first stage of ``stage``'s chain: the one built on an external image."""
        return self.inherited(stage, "root", lambda s: s if s.parent is None else None) or stage

    def memoized(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()``, once per graph (that is, per document version): for facts about
        its stages that rules would otherwise recompute for every instruction."""
        memo = self._memo
        if key not in memo:
            memo[key] = compute()
        found: _T = memo[key]
        return found

    def inherited(self, stage: Stage, key: str, own: Callable[[Stage], _T | None]) -> _T | None:
        """The first ``own(s)`` that is not None for ``s`` in ``stage``'s chain, nearest
        first (``stage`` itself, its parent, ...), None if there is none; kept per stage
        under ``key`` (which names ``own``)."""

        def step(member: Stage, before: _T | None) -> _T | None:
            value = own(member)
            return before if value is None else value

        return self.accumulated(stage, key, step, None)

    def accumulated(
        self, stage: Stage, key: str, step: Callable[[Stage, _T], _T], initial: _T
    ) -> _T:
        """``step`` folded over ``stage``'s chain, oldest first: ``step(s, r)`` where ``r``
        is the result for the stage ``s`` is built on (``initial`` for the first).

        Results are kept per stage under ``key`` (which names ``step`` and ``initial``), so
        asking for every stage of a long chain costs one ``step`` per stage, not one per
        stage and ancestor.
        """
        if not self.owns(stage):
            result = initial
            for member in self.chain(stage):
                result = step(member, result)
            return result
        memo = self._memo
        pending: list[Stage] = []
        current: Stage | None = stage
        result = initial
        while current is not None and len(pending) <= len(self.stages):
            entry = ("accumulated", key, current.index)  # apart from memoized()'s keys
            if entry in memo:
                result = memo[entry]
                break
            pending.append(current)
            current = self.parent(current)
        for member in reversed(pending):  # oldest first, each from its parent's result
            result = memo[("accumulated", key, member.index)] = step(member, result)
        return result

    def ancestors_have(
        self, stage: Stage, key: str, predicate: Callable[[Instruction], bool]
    ) -> bool:
        """True if ``predicate`` holds for an instruction of a stage ``stage`` is built
        ``FROM`` (kept per stage under ``key``, which names ``predicate``)."""
        parent = self.parent(stage)
        if parent is None:
            return False

        def own(member: Stage) -> bool | None:
            return True if any(map(predicate, member.instructions)) else None

        return bool(self.inherited(parent, key, own))

    def last_before(self, instruction: Instruction, keyword: str) -> Instruction | None:
        """The last ``keyword`` instruction that runs before ``instruction`` in its stage
        chain: the last one above it in its own stage, else the last one of the stages its
        stage is built ``FROM``."""
        if instruction.stage is None or instruction.stage >= len(self.stages):
            return None
        stage = self.stages[instruction.stage]
        own = self._keyword(stage, keyword)
        position = bisect_left(own, instruction.index, key=_INDEX)
        if position:
            return own[position - 1]
        parent = self.parent(stage)
        return None if parent is None else self.last_in_chain(parent, keyword)

    def last_in_chain(self, stage: Stage, keyword: str) -> Instruction | None:
        """The last ``keyword`` instruction of ``stage``, else of the stages it is built on."""

        def last(member: Stage) -> Instruction | None:
            own = self._keyword(member, keyword)
            return own[-1] if own else None

        return self.inherited(stage, "last:" + keyword, last)

    def _keyword(self, stage: Stage, keyword: str) -> tuple[Instruction, ...]:
        """The ``keyword`` instructions of ``stage``, in order (kept for the graph's stages)."""
        if not self.owns(stage):
            return tuple(i for i in stage.instructions if i.keyword == keyword)
        return self.memoized(
            ("keyword", keyword, stage.index),
            lambda: tuple(i for i in stage.instructions if i.keyword == keyword),
        )

    def copy_sources(self, stage: Stage) -> tuple[Stage, ...]:
        """The stages the ``COPY --from`` instructions of ``stage`` name, in order, once each."""
        found: dict[int, Stage] = {}
        for instruction in stage.instructions:
            source = instruction.flag("from") if instruction.keyword == "COPY" else None
            if source is not None and source.value:
                named = self.resolve(source.value)
                if named is not None:
                    found.setdefault(named.index, named)
        return tuple(found.values())

    def related(self, stage: Stage) -> tuple[int, ...]:
        """The indexes of the stages ``stage`` can read, in order: those it is built on
        and those its ``COPY --from`` names (not itself)."""
        found = {s.index for s in self.ancestors(stage)}
        found.update(s.index for s in self.copy_sources(stage))
        found.discard(stage.index)
        return tuple(sorted(found))

    def target(self, name: str | None = None) -> Stage | None:
        """The stage the build produces: the stage called ``name`` (the configured target),
        else the last stage (also when no stage has that name); None without stages."""
        if not self.stages:
            return None
        found = self.named(name) if name else None
        return found if found is not None else self.stages[-1]

    def shipped(self, name: str | None = None) -> tuple[Stage, ...]:
        """The stages whose files end up in the image built for target ``name``: the target
        and the stages it is built ``FROM``, oldest first."""
        found = self._shipped.get(name)
        if found is None:
            target = self.target(name)
            found = self._shipped[name] = () if target is None else self.chain(target)
        return found

    def owns(self, stage: Stage) -> bool:
        """Whether ``stage`` is this graph's (not one of another version's)."""
        index = stage.index
        return 0 <= index < len(self.stages) and self.stages[index] is stage
