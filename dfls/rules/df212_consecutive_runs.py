"""DF212: short RUN instructions in a row that could be one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise

from dfls.knowledge.packages.edits import append_command
from dfls.knowledge.shells import and_list_allowed_after
from dfls.model import Dockerfile, Instruction, Span, Stage
from dfls.model.neighbours import flag_key
from dfls.model.shell import scripts
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    Rule,
    RuleContext,
    RuleOptions,
    Severity,
    Violation,
    option,
)

# Commands that change the shell's state: merged, they would affect the next RUN's commands.
_STATEFUL = frozenset(
    {"cd", "pushd", "popd", "export", "unset", "set", "source", ".", "umask", "shopt"}
    | {"alias", "trap", "ulimit", "exec", "exit", "return"}
)


@dataclass(frozen=True)
class Options(RuleOptions):
    # At 0 no RUN counts as short and the rule never fires: ignoring DF212 says so clearly.
    max_commands: int = option(
        2, "the most simple commands a `RUN` may have to count as short.", minimum=1
    )


class ConsecutiveRuns(Rule):
    """## What it does
    Checks for `RUN` instructions that directly follow another `RUN` with the same flags,
    in a stage that ships, when both run at most `max-commands` simple commands.

    ## Why is this bad?
    Every `RUN` adds a layer to the image. A chain of one-command `RUN`s ("one RUN per
    command", in the guide's list of pitfalls) makes more layers than the image needs, and
    any file that one of them creates and a later one deletes is still shipped in the
    earlier layer. Joining related commands with `&&` gives one layer and lets cleanup
    actually shrink the image.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN groupadd -r app
    RUN useradd -r -g app app
    ```

    Use instead:
    ```dockerfile
    FROM debian:12-slim
    RUN groupadd -r app && useradd -r -g app app
    ```

    ## Exceptions
    - Longer `RUN`s (more than `max-commands` commands), exec-form and heredoc `RUN`s, and
      `RUN`s with different flags (`--mount`, `--network`) are left alone.
    - Build stages are not checked: their layers do not ship, and separate `RUN`s there
      can make rebuilds faster through the cache. ONBUILD triggers are not checked.

    ## Fix safety
    Unsafe: the fix joins the `RUN` to the previous one with `&& \\`, keeping the comment
    lines between them (BuildKit skips comment lines inside a continued line). The commands then
    share a shell (and a cache entry: changing either reruns both). It is not offered when
    the first `RUN` changes shell state (`cd`, `export`, `set`, `source`, ...) that would
    leak into the second, nor when the stage's `SHELL` is PowerShell (Windows PowerShell 5
    has no `&&`).

    ## References
    - [Docker docs: minimize the number of layers](https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers)
    - hadolint DL3059
    - Guide: *Writing good Dockerfiles*, section "Common Pitfalls"
    """

    code = "DF212"
    name = "consecutive-runs"
    severity = Severity.INFO
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"hadolint": ("DL3059",)}
    options_type = Options

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        limit = ctx.options_as(Options).max_commands
        dockerfile = ctx.dockerfile
        for stage in ctx.shipped_stages():
            yield from self._check_stage(dockerfile, stage, limit)

    def _check_stage(self, dockerfile: Dockerfile, stage: Stage, limit: int) -> Iterator[Violation]:
        """One walk over the stage: the SHELL in effect is followed along, and each finding is kept on its RUN (reused while the RUN, the one before it
        and the SHELL are the same objects), so a keystroke in a stage of thousands of RUNs
        costs a few dictionary lookups per RUN."""
        graph = dockerfile.stage_graph
        parent = graph.parent(stage)
        shell = None if parent is None else graph.last_in_chain(parent, "SHELL")
        shape: _Flags | None = None
        for previous, run in pairwise(stage.instructions):
            previous_shape, shape = shape, _shape(run, limit)
            if previous.keyword == "SHELL":
                shell = previous  # in effect from the instruction after it
            if shape is None or shape != previous_shape:
                continue  # not both short plain RUNs with the same flags
            yield self._finding(dockerfile, previous, run, limit, shell)

    def _finding(
        self,
        dockerfile: Dockerfile,
        previous: Instruction,
        run: Instruction,
        limit: int,
        shell: Instruction | None,
    ) -> Violation:
        """The finding on ``run``, kept with its node: reused while the node before it, the
        limit and the SHELL's node are the same, and moved along when both RUNs moved."""
        slot: dict[str, _Kept] = run.node_memoized("df212.finding", dict)
        between = tuple(dockerfile.lines[previous.last_line + 1 : run.line])
        inputs = (previous.node, limit, None if shell is None else shell.node, between)
        kept = slot.get("finding")
        if kept is not None and kept[0] == inputs:
            lines, found = kept[1], kept[2]
            delta = run.line - lines[1]
            if not delta:
                return found
            if previous.line - lines[0] == delta:
                return replace(found.shifted(delta), message=_message(previous))
        found = self.violation(
            run.keyword_span, _message(previous), _fix(dockerfile, previous, run, shell, between)
        )
        slot["finding"] = (inputs, (previous.line, run.line), found)
        return found


_Kept = tuple[tuple[object, int, object, tuple[str, ...]], tuple[int, int], Violation]
"""A finding kept with its RUN's node: what it was found for (the node before, the limit,
the SHELL's node, compared by identity, and the lines between the two RUNs, which the fix
keeps), where the two RUNs were, and the finding."""


def _message(previous: Instruction) -> str:
    return f"this RUN could join the RUN on line {previous.line + 1}: each RUN adds a layer"


_Flags = tuple[tuple[str, str | None], ...]


def _shape(run: Instruction, limit: int) -> _Flags | None:
    """The flags of a plain shell-form RUN of at most ``limit`` simple commands (two of
    them can join when they have the same flags); None for any other instruction."""
    if run.keyword != "RUN":
        return None
    count, flags = run.node_memoized("df212.shape", lambda: _count(run))
    return flags if count is not None and count <= limit else None


def _count(run: Instruction) -> tuple[int | None, _Flags]:
    """The number of simple commands of a plain shell-form RUN (None: not plain), and its
    flags as :func:`~dfls.model.neighbours.same_flags` compares them."""
    flags = flag_key(run)
    node = run.node  # its own spans: the located ones of a 2,000-line RUN take a while
    if node.exec_form is not None or node.heredocs or not node.words:
        return None, flags
    return sum(len(script.commands) for script in scripts(run)), flags


def _fix(
    dockerfile: Dockerfile,
    previous: Instruction,
    run: Instruction,
    shell: Instruction | None,
    between: tuple[str, ...],
) -> Fix | None:
    (script,) = scripts(previous)
    if any(command.unwrapped().name in _STATEFUL for command in script.commands):
        return None
    if not and_list_allowed_after(shell):
        return None
    if append_command(previous, "") is None or previous.args_span is None:
        return None  # the first script does not end where `&&` can follow
    indent = " " * (previous.keyword_span.start.character + 4)
    kept = "".join(f"{line.rstrip()}\n" for line in between if line.lstrip().startswith("#"))
    joint = f" && {dockerfile.escape}\n{kept}{indent}"
    span = Span(previous.args_span.end, run.words[0].span.start)
    return Fix.unsafe("Join with the previous RUN", Edit(span, joint))
