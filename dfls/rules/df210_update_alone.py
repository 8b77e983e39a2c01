"""DF210: `apt-get update` (or `apk update`) in a RUN that installs nothing."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.packages.commands import PackageCommand, RunFacts, analyse
from dfls.knowledge.packages.edits import append_command
from dfls.knowledge.packages.index import READERS, reads_index
from dfls.knowledge.stage_index import PACKAGES, select
from dfls.model import Dockerfile, Instruction, Span, Stage
from dfls.model.neighbours import comment_between, same_flags
from dfls.model.shell import Command, scripts_complete
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    RuleContext,
    Severity,
    StageRule,
    Violation,
)


class UpdateAlone(StageRule):
    """## What it does
    Checks for a `RUN` that refreshes the package index (`apt-get update`, `apt update`,
    `apk update`) but installs nothing with it.

    ## Why is this bad?
    Docker caches each instruction by its text. A `RUN apt-get update` on its own never
    changes, so after the first build it comes from the cache forever, with the index of
    that day. When you later add a package to the `RUN apt-get install ...` below it, that
    install runs against the stale index: it installs outdated versions or fails with
    "Unable to locate package" when the mirror has moved on. The index also stays in its
    own layer, where no cleanup in a later `RUN` can remove it. Updating and installing in
    one `RUN`, as every apt example in the guide does, keeps the two in step.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update
    RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    ```

    Use instead:
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    ```

    When nothing after it in the stage installs either (`apt-get update && apt-get purge
    ...`), the index is never used: in a stage that ships it is tens of megabytes of
    package lists left in a layer of the image, and the finding says so.

    ## Exceptions
    A RUN that updates and also upgrades, installs, or queries the index (`apt-cache`) in
    the same script is fine, and so is one that removes the index it downloaded
    (`rm -rf /var/lib/apt/lists/*`) when nothing later in the stage installs. Every stage is checked (a stale index breaks build stages too);
    ONBUILD triggers are not.

    ## Fix safety
    Safe: when the `RUN` contains only the update and the next instruction is a `RUN` with
    the same flags that installs with the same tool, the fix moves the update to the front
    of that `RUN` (`RUN apt-get update && apt-get install ...`). The same commands run in
    the same order with the same environment; only the stale cached layer goes away.
    Comments between the two instructions prevent the fix, so that none is lost. When
    nothing later installs and the stage is the one that ships last, the fix appends the
    index cleanup (`&& rm -rf /var/lib/apt/lists/*`) to a RUN that also does something
    else; nothing after it can need the index. A RUN that only updates gets no fix: drop
    it, or install in it.

    ## References
    - [Docker docs: best practices for apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
    - checkov CKV_DOCKER_5, trivy DS-0017
    """

    code = "DF210"
    name = "update-alone"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        dockerfile = ctx.dockerfile
        runs = list(select(dockerfile.stage_graph, stage, PACKAGES))
        read_later = _read_later(runs)
        target = ctx.target_stage
        last_stage = target is not None and target.index == stage.index
        for run, later in zip(runs, read_later, strict=True):
            facts = analyse(run)
            for family in READERS:
                update = next(facts.find(family=family, action="update"), None)
                if update is None or reads_index(facts, family):
                    continue
                if family in later:
                    yield self._stale(dockerfile, run, facts, family, update)
                elif not facts.keeps_out(_INDEX[family]):
                    yield self._unused(run, facts, family, update, ctx.ships(stage), last_stage)

    def _stale(
        self,
        dockerfile: Dockerfile,
        run: Instruction,
        facts: RunFacts,
        family: str,
        update: PackageCommand,
    ) -> Violation:
        """A later RUN of the stage installs: its index may be a stale cached one."""
        fix = _merge_fix(dockerfile, run, facts, family)
        return self.violation(
            update.head_span,
            f"`{_head(update)}` in a RUN that {_does(facts, family)}: a later install may "
            "use a stale cached index; update and install in the same RUN",
            Fix.safe("Move the update into the install RUN", *fix) if fix else None,
        )

    def _unused(
        self,
        run: Instruction,
        facts: RunFacts,
        family: str,
        update: PackageCommand,
        ships: bool,
        last_stage: bool,
    ) -> Violation:
        """Nothing after it in the stage reads the index: in an image, it is dead weight."""
        what = f"`{_head(update)}` in a RUN that {_does(facts, family)}, and no later RUN of "
        if not ships:
            return self.violation(
                update.head_span,
                what + "this stage installs: the index it downloads is never used; drop the update",
            )
        cleanup = _CLEANUP[family]
        fix = None
        alone = all(c.updates for c in facts.packages) and len(facts.commands) == len(
            facts.packages
        )
        if last_stage and not alone:  # nothing after this stage ships: none needs the index
            edit = append_command(run, cleanup)
            fix = Fix.safe("Remove the package index in the same RUN", edit) if edit else None
        return self.violation(
            update.head_span,
            what + "this stage installs: the index it downloads stays in the image (often "
            f"tens of MB); drop the update, or add `&& {cleanup}`",
            fix,
        )


_INDEX = {"apt": "/var/lib/apt/lists", "apk": "/var/cache/apk"}
_CLEANUP = {family: f"rm -rf {path}/*" for family, path in _INDEX.items()}


def _read_later(runs: list[Instruction]) -> list[frozenset[str]]:
    """For each RUN, the package families whose index a later RUN of the list reads."""
    found: list[frozenset[str]] = [frozenset()] * len(runs)
    seen: frozenset[str] = frozenset()
    for position in range(len(runs) - 1, -1, -1):
        found[position] = seen
        facts = analyse(runs[position])
        seen = seen | {family for family in READERS if reads_index(facts, family)}
    return found


def _does(facts: RunFacts, family: str) -> str:
    """What the RUN does with the package manager, for the message: it installs nothing."""
    if any(c.removes for c in facts.find(family=family)):
        return "only removes packages"
    return "installs nothing"


def _head(command: PackageCommand) -> str:
    return f"{command.program.value} {command.action}"


def _merge_fix(
    dockerfile: Dockerfile, run: Instruction, facts: RunFacts, family: str
) -> tuple[Edit, ...] | None:
    """Edits that delete the update RUN and prefix the next RUN's script with the update."""
    if not _mergeable(run) or len(facts.commands) != len(facts.packages):
        return None
    if not all(c.updates and c.manager.family == family for c in facts.packages):
        return None
    following = dockerfile.instructions[run.index + 1 : run.index + 2]
    if not following:
        return None
    (target,) = following
    if target.stage != run.stage or target.keyword != "RUN" or not _mergeable(target):
        return None
    if not same_flags(run, target) or not reads_index(analyse(target), family):
        return None
    if comment_between(dockerfile, run, target):
        return None
    text = _one_line(facts.packages[0].script.commands)
    start = target.words[0].span.start
    return (
        Edit(Span(run.span.start, target.span.start), ""),
        Edit(Span(start, start), f"{text} && "),
    )


def _one_line(commands: tuple[Command, ...]) -> str:
    """The commands as one line: words joined by single spaces, operators kept."""
    parts: list[str] = []
    for command in commands:
        if parts:
            parts.append(command.operator)
        parts.append(" ".join(w.text for w in (*command.assignments, *command.words)))
    return " ".join(parts)


def _mergeable(run: Instruction) -> bool:
    return run.exec_form is None and not run.heredocs and bool(run.words) and scripts_complete(run)
