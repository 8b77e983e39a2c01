"""DF212: short RUN instructions in a row that could be one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from dfls.knowledge.packages.edits import append_command
from dfls.knowledge.shells import and_list_allowed
from dfls.model import Dockerfile, Instruction, Span
from dfls.model.neighbours import comment_between, same_flags
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
    - A comment line between two `RUN`s marks them as separate steps on purpose.
    - Longer `RUN`s (more than `max-commands` commands), exec-form and heredoc `RUN`s, and
      `RUN`s with different flags (`--mount`, `--network`) are left alone.
    - Build stages are not checked: their layers do not ship, and separate `RUN`s there
      can make rebuilds faster through the cache. ONBUILD triggers are not checked.

    ## Fix safety
    Unsafe: the fix joins the `RUN` to the previous one with `&& \\`. The commands then
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
            for previous, run in pairwise(stage.instructions):
                if not _joinable(dockerfile, previous, run, limit):
                    continue
                yield self.violation(
                    run.keyword_span,
                    f"this RUN could join the RUN on line {previous.line + 1}: "
                    "each RUN adds a layer",
                    _fix(dockerfile, previous, run),
                )


def _commands(run: Instruction) -> int | None:
    """The number of simple commands of a plain shell-form RUN (None: not plain)."""
    if run.keyword != "RUN" or run.exec_form is not None or run.heredocs or not run.words:
        return None
    return sum(len(script.commands) for script in scripts(run))


def _joinable(dockerfile: Dockerfile, previous: Instruction, run: Instruction, limit: int) -> bool:
    counts = (_commands(previous), _commands(run))
    if any(count is None or count > limit for count in counts):
        return False
    return same_flags(previous, run) and not comment_between(dockerfile, previous, run)


def _fix(dockerfile: Dockerfile, previous: Instruction, run: Instruction) -> Fix | None:
    (script,) = scripts(previous)
    if any(command.unwrapped().name in _STATEFUL for command in script.commands):
        return None
    if not and_list_allowed(dockerfile, previous):
        return None
    if append_command(previous, "") is None or previous.args_span is None:
        return None  # the first script does not end where `&&` can follow
    indent = " " * (previous.keyword_span.start.character + 4)
    joint = f" && {dockerfile.escape}\n{indent}"
    span = Span(previous.args_span.end, run.words[0].span.start)
    return Fix.unsafe("Join with the previous RUN", Edit(span, joint))
