"""DF504: chown -R in a RUN of its own over files a COPY/ADD just added."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from dfls.knowledge.images import stage_image
from dfls.knowledge.packages.paths import directories
from dfls.knowledge.users import ROOT_NAMES, absolute, split_user, workdir_at
from dfls.model import Instruction, Position, Span, Stage, StageGraph
from dfls.model.shell import Command, run_commands
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    RuleContext,
    Severity,
    StageRule,
    Violation,
)

_CREATES_USERS = frozenset({"useradd", "adduser", "groupadd", "addgroup"})


class _Copy(NamedTuple):
    instruction: Instruction
    destination: str


class ChownAfterCopy(StageRule):
    """## What it does
    Checks for `chown -R` in a `RUN` over a path that an earlier `COPY` or `ADD` of the same
    stage wrote to.

    ## Why is this bad?
    Image layers are copies, not edits. Changing the owner of a file in a later layer
    stores the whole file again in that layer, so `RUN chown -R app /app` after
    `COPY . /app` doubles the size of everything that was copied. `COPY --chown=app:app`
    writes the files with the right owner in the first place, in one layer. The guide's own
    non-root example (`RUN chown -R appuser:appgroup /app` after two `COPY --from=build`
    lines) has exactly this cost.

    ## Example
    ```dockerfile
    FROM node:20-alpine
    RUN addgroup -S app && adduser -S app -G app
    WORKDIR /app
    COPY package.json ./
    COPY dist ./dist
    RUN chown -R app:app /app
    USER app
    CMD ["node", "dist/main.js"]
    ```

    Use instead:
    ```dockerfile
    FROM node:20-alpine
    RUN addgroup -S app && adduser -S app -G app
    WORKDIR /app
    COPY --chown=app:app package.json ./
    COPY --chown=app:app dist ./dist
    USER app
    CMD ["node", "dist/main.js"]
    ```

    ## Exceptions
    Only copies in the same stage count, and only when both paths are known (no build
    arguments in them). `chown` without `-R` is not reported.

    ## Fix safety
    Unsafe: the fix adds `--chown=<owner>` to each matching `COPY`/`ADD` and deletes the
    `RUN`. It is only offered when that `RUN` is nothing but the `chown`, no other `RUN`
    runs between the first matching `COPY` and it (it could create files the `chown` also
    covered), and the owner exists when the `COPY` runs (numeric, created by an earlier
    `RUN`, or provided by the base image): `COPY --chown` fails for a name that does not
    exist yet. The directories themselves (such as a `WORKDIR`) stay owned by root, so an
    application that creates new files in them needs its own writable directory.

    ## References
    - [Dockerfile reference: COPY --chown](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
    """

    code = "DF504"
    name = "chown-after-copy"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        copies = _Copies()
        for instruction in stage.instructions[1:]:
            if instruction.keyword in ("COPY", "ADD"):
                destination = _destination(graph, instruction)
                if destination is not None:
                    copies.add(_Copy(instruction, destination))
            elif instruction.keyword == "RUN" and copies.found:
                yield from self._check_run(graph, stage, instruction, copies)

    def _check_run(
        self,
        graph: StageGraph,
        stage: Stage,
        instruction: Instruction,
        copies: _Copies,
    ) -> Iterator[Violation]:
        workdir = workdir_at(graph, instruction)
        commands = list(run_commands(instruction))
        for script, command in commands:
            found = _recursive_chown(command, workdir)
            if found is None:
                continue
            owner, paths = found
            matched = copies.overlapping(paths)
            if not matched:
                continue
            path = next(p for p in paths if _overlaps(matched[0].destination, p))
            fix = None
            if len(commands) == 1 and _fixable(graph, stage, instruction, matched, owner):
                fix = _fix(instruction, matched, owner)
            yield self.violation(
                script.command_span(command),
                f"`chown -R` on {path} stores every file that COPY put there a second time, "
                f"in a new layer: copy them with `COPY --chown={owner}` instead",
                fix,
            )


def _destination(graph: StageGraph, instruction: Instruction) -> str | None:
    form = instruction.exec_form
    words = form if form is not None else instruction.words
    if len(words) < 2:
        return None
    return absolute(words[-1].value, workdir_at(graph, instruction))


def _recursive_chown(command: Command, workdir: str | None) -> tuple[str, list[str]] | None:
    """(owner, absolute paths) of a ``chown -R owner path...``."""
    if command.name != "chown" or not command.has_option("-R", "--recursive"):
        return None
    if any(w.value.startswith("--reference") for w in command.words):
        return None
    args = [w.value for w in command.words[1:] if not w.value.startswith("-")]
    if len(args) < 2 or "$" in args[0]:
        return None
    paths = [absolute(path, workdir) for path in args[1:]]
    return args[0], [p for p in paths if p is not None]


def _overlaps(a: str, b: str) -> bool:
    return a == b or a.startswith(b.rstrip("/") + "/") or b.startswith(a.rstrip("/") + "/")


class _Copies:
    """The COPYs of a stage so far, indexed by destination: :meth:`overlapping` finds those
    whose destination :func:`_overlaps` a path by dictionary lookups along the path, so a
    stage of thousands of COPYs and ``chown -R``s stays linear."""

    def __init__(self) -> None:
        self.found: list[_Copy] = []
        self._exact: dict[str, list[int]] = {}
        self._stripped: dict[str, list[int]] = {}  # by destination without trailing "/"
        self._below: dict[str, list[int]] = {}  # by each prefix ending before a "/"

    def add(self, copy: _Copy) -> None:
        position = len(self.found)
        self.found.append(copy)
        destination = copy.destination
        self._exact.setdefault(destination, []).append(position)
        self._stripped.setdefault(destination.rstrip("/"), []).append(position)
        for prefix in directories(destination):
            self._below.setdefault(prefix, []).append(position)

    def overlapping(self, paths: list[str]) -> list[_Copy]:
        """The COPYs whose destination overlaps one of ``paths``, in order."""
        positions: set[int] = set()
        for path in paths:
            positions.update(self._exact.get(path, ()))
            positions.update(self._below.get(path.rstrip("/"), ()))  # path above destination
            for prefix in directories(path):  # destination above path
                positions.update(self._stripped.get(prefix, ()))
        return [self.found[p] for p in sorted(positions)]


def _fixable(
    graph: StageGraph,
    stage: Stage,
    instruction: Instruction,
    matched: list[_Copy],
    owner: str,
) -> bool:
    if instruction.exec_form is not None or instruction.heredocs:
        return False
    first = matched[0].instruction
    offset = stage.instructions[0].index
    between = stage.instructions[first.index - offset + 1 : instruction.index - offset]
    if any(i.keyword == "RUN" for i in between):
        return False
    known = set(ROOT_NAMES)
    base_user = stage_image(graph, stage).user
    if base_user:
        known.add(base_user)
    user, group = split_user(owner)
    return all(
        part.isdigit() or part in known or _created_before(graph, stage, first, part)
        for part in (user, group)
        if part
    )


def _created_before(graph: StageGraph, stage: Stage, first: Instruction, name: str) -> bool:
    """True if a RUN before ``first`` in its stage chain gives ``name`` to useradd,
    adduser, groupadd or addgroup."""
    created = _created_names(graph, stage).get(name)
    if created is not None and created < first.index:
        return True
    parent = graph.parent(stage)
    if parent is None:
        return False
    found = graph.inherited(
        parent,
        "df504-creates:" + name,
        lambda s: True if name in _created_names(graph, s) else None,
    )
    return bool(found)


def _created_names(graph: StageGraph, stage: Stage) -> dict[str, int]:
    """Every word given to useradd/adduser/groupadd/addgroup in the RUNs of ``stage``,
    with the index of the first RUN that gives it (kept per stage of the graph)."""

    def compute() -> dict[str, int]:
        names: dict[str, int] = {}
        for instruction in stage.instructions:
            if instruction.keyword != "RUN":
                continue
            for _, command in run_commands(instruction):
                if command.name in _CREATES_USERS:
                    for word in command.words[1:]:
                        if not word.value.startswith("-"):
                            names.setdefault(word.value, instruction.index)
        return names

    return graph.memoized(("df504-created", stage.index), compute)


def _fix(instruction: Instruction, matched: list[_Copy], owner: str) -> Fix | None:
    edits: list[Edit] = []
    for copy in matched:
        existing = copy.instruction.flag("chown")
        if existing is not None:
            edits.append(Edit(existing.span, f"--chown={owner}"))
            continue
        span = copy.instruction.args_span
        if span is None:
            return None
        edits.append(Edit(Span(span.start, span.start), f"--chown={owner} "))
    delete = Span(Position(instruction.line, 0), Position(instruction.last_line + 1, 0))
    edits.append(Edit(delete, ""))
    return Fix.unsafe(f"Use `COPY --chown={owner}` and remove the RUN", *edits)
