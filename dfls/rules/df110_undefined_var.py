"""DF110: a variable used where no ARG or ENV defines it (BuildKit's UndefinedVar)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property

from dfls.knowledge.build_args import PLATFORM_ARGS
from dfls.knowledge.image_env import image_env
from dfls.knowledge.images import stage_image
from dfls.knowledge.spelling import nearest_name
from dfls.model import Heredoc, Instruction, Position, Span, Stage, VariableRef, key_values
from dfls.model.nodes import InstructionNode
from dfls.model.semantics import global_args
from dfls.model.words import scan_variables
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    RuleContext,
    Severity,
    StageRule,
    Violation,
)

# The instructions whose words BuildKit expands itself (``SupportsSingleWordExpansion``);
# RUN, CMD, ENTRYPOINT and HEALTHCHECK leave variables to the shell, EXPOSE and SHELL and
# ONBUILD are not checked by BuildKit.
_EXPANDED = frozenset({"ENV", "LABEL", "COPY", "ADD", "WORKDIR", "USER", "VOLUME", "STOPSIGNAL"})
# The flags whose values are expanded, by instruction (others, like --from, are not checked).
_EXPANDED_FLAGS = {
    "COPY": frozenset({"chown", "chmod"}),
    "ADD": frozenset({"chown", "chmod", "checksum"}),
    "RUN": frozenset({"mount"}),
}


def declared_names(stage: Stage) -> frozenset[str]:
    """The names the ARGs and ENVs of ``stage`` declare."""
    return frozenset(
        pair.key
        for instruction in stage.instructions
        if instruction.keyword in ("ARG", "ENV")
        for pair in key_values(instruction)
    )


def _inherited(ctx: RuleContext, stage: Stage) -> frozenset[str]:
    """What the stages ``stage`` is built on declare: BuildKit's linter carries their ARGs
    and ENVs into the child stage's scope (its tests assert an ARG of the parent is defined)."""
    graph = ctx.dockerfile.stage_graph
    parent = graph.parent(stage)
    if parent is None:
        return frozenset()

    def step(member: Stage, before: frozenset[str]) -> frozenset[str]:
        return before | declared_names(member)

    return graph.accumulated(parent, "undefined-var.declared", step, frozenset())


def _in(span: Span, outer: Span | None) -> bool:
    return outer is not None and outer.start <= span.start and span.end <= outer.end


def _checked(node: InstructionNode, escape: str) -> Iterator[VariableRef]:
    """The variable references of an instruction that BuildKit expands before running it,
    with spans relative to the instruction (as the node keeps them: nothing is shifted for
    the many references that are defined)."""
    keyword = node.keyword
    allowed = _EXPANDED_FLAGS.get(keyword, frozenset())
    flags = node.flags
    for variable in node.variables:
        flag = next((f for f in flags if _in(variable.span, f.span)), None)
        if flag is None:
            if keyword != "RUN":
                yield variable
        elif flag.name.lower() in allowed:
            yield variable
    if keyword in ("COPY", "ADD"):
        for heredoc in node.heredocs:
            yield from _heredoc_variables(heredoc, escape)


def _heredoc_variables(heredoc: Heredoc, escape: str) -> Iterator[VariableRef]:
    """The references in the body of a COPY/ADD here-document that BuildKit expands: those
    of a body whose delimiter is not quoted (``<<EOF``, not ``<<"EOF"``)."""
    if heredoc.quoted or heredoc.body_span is None or "$" not in heredoc.body:
        return
    first = heredoc.body_span.start.line
    for number, line in enumerate(heredoc.body.split("\n")):
        for raw in scan_variables(line, 0, escape):
            span = Span.on_line(first + number, raw.start, raw.end)
            yield VariableRef(raw.name, span, raw.braced, raw.modifier, raw.word)


class _Scope:
    """What a stage's walk knows: the names defined so far, and (computed when a finding
    needs them) the global ARGs and the names the stage declares anywhere."""

    def __init__(self, stage: Stage, ctx: RuleContext, defined: set[str], strict: bool) -> None:
        self.stage = stage
        self.ctx = ctx
        self.defined = defined
        self.strict = strict

    @cached_property
    def globals_(self) -> dict[str, str | None]:
        dockerfile = self.ctx.dockerfile
        return dockerfile.stage_graph.memoized(("global args",), lambda: global_args(dockerfile))

    @cached_property
    def later(self) -> frozenset[str]:
        return declared_names(self.stage)


class UndefinedVar(StageRule):
    """## What it does
    Checks for variables (`$NAME`, `${NAME}`, `${NAME:-default}`) that no `ARG` or `ENV`
    defines where they are used, in the instructions BuildKit expands itself: `ENV`,
    `LABEL`, `COPY`, `ADD` (and their here-documents, unless the delimiter is quoted),
    `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL`, `ARG` defaults and the `--chown`, `--chmod`,
    `--checksum` and `--mount` flags.

    ## Why is this bad?
    An undefined variable expands to an empty string without an error: `COPY $SRC_DIR .`
    copies the whole context, `WORKDIR /opt/$APP` lands in `/opt/`. It is almost always a
    typo, a variable used above the line that defines it, or a global `ARG` (declared
    before the first `FROM`) that the stage never declared again: global ARGs are only
    visible on `FROM` lines and in stages that repeat `ARG NAME`. The same holds for the
    predefined platform arguments (`TARGETARCH`, `BUILDPLATFORM`...).

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ARG DIR_ASSETS=assets/
    COPY $DIR_ASSET /srv/
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    ARG DIR_ASSETS=assets/
    COPY $DIR_ASSETS /srv/
    ```

    ## Exceptions
    As BuildKit: a stage sees the ARGs and ENVs of the stages it is built on and a default
    `PATH`; `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK` commands are not checked (the
    shell expands them, and may define the variable itself). A base image's own variables
    (`GOPATH`, `NODE_VERSION`) are known for the official base OS and Python, Node, Go and
    Rust images. On any other image, which may set variables dfls cannot see offline, a
    variable is reported only with evidence of a mistake: a defined name one or two edits
    away, a definition further down the stage, or a global or platform ARG that the stage
    did not declare.

    ## Fix safety
    Unsafe: the fixes change what the instruction does. A near name is replaced by the
    defined one ("did you mean"); a global or platform ARG is declared with `ARG NAME`
    above the instruction, so that it gets the global value.

    ## References
    - [Dockerfile reference: scope of ARG](https://docs.docker.com/reference/dockerfile/#scope)
    - [Dockerfile reference: predefined build arguments](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)
    - BuildKit UndefinedVar
    """

    code = "DF110"
    name = "undefined-var"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    aliases = {"buildkit": ("UndefinedVar",)}

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        graph = ctx.dockerfile.stage_graph
        image = stage_image(graph, stage)
        env = image_env(image)
        defined = set(_inherited(ctx, stage))
        if env is not None:
            defined |= env
        elif not image.is_windows:
            defined.add("PATH")
        escape = ctx.dockerfile.escape
        scope = _Scope(stage, ctx, defined, strict=env is not None)
        for instruction in stage.instructions[1:]:
            keyword = instruction.keyword
            # Most instructions use no variable: their located views are not built.
            uses = bool(instruction.node.variables)
            if keyword == "ARG":
                for pair in key_values(instruction, escape):
                    if uses:
                        refs = [v for v in instruction.variables if _in(v.span, pair.value_span)]
                        yield from self._report(instruction, refs, scope, 0)
                    defined.add(pair.key)
            elif keyword in _EXPANDED or keyword in _EXPANDED_FLAGS:
                node = instruction.node
                if uses or node.heredocs:
                    checked = _checked(node, escape)
                    yield from self._report(instruction, checked, scope, instruction.line)
                if keyword == "ENV":
                    # ENV a=1 b=$a: every value sees the variables from before the ENV
                    defined.update(pair.key for pair in key_values(instruction, escape))

    def _report(
        self, instruction: Instruction, refs: Iterable[VariableRef], scope: _Scope, shift: int
    ) -> Iterator[Violation]:
        """Findings for the ``refs`` not defined (their spans ``shift`` lines down)."""
        defined = scope.defined
        for ref in refs:
            name = ref.name
            if name in defined:
                continue
            ref = ref.shifted(shift)
            suggestion = nearest_name(name, sorted(defined))
            is_global = name in scope.globals_
            is_later = name in scope.later
            if scope.strict or suggestion or is_later or is_global or name in PLATFORM_ARGS:
                yield self._finding(instruction, ref, suggestion, is_global, is_later)

    def _finding(
        self,
        instruction: Instruction,
        ref: VariableRef,
        suggestion: str | None,
        is_global: bool,
        is_later: bool,
    ) -> Violation:
        name = ref.name
        message = f"`${name}` is not defined here, so it expands to an empty string"
        fix = None
        if suggestion is not None:
            message += f": did you mean `${suggestion}`?"
            span = _name_span(ref)
            if span is not None:
                fix = Fix.unsafe(f"Change to ${suggestion}", Edit(span, suggestion))
        elif is_global or name in PLATFORM_ARGS:
            kind = "global ARG" if is_global else "predefined platform ARG"
            message += (
                f": the {kind} `{name}` is only visible in a stage that declares `ARG {name}`"
            )
            here = Position(instruction.line, 0)
            fix = Fix.unsafe(f"Declare ARG {name} here", Edit(Span(here, here), f"ARG {name}\n"))
        elif is_later and instruction.keyword == "ENV" and _sets(instruction, name):
            message += (
                ": the values of one ENV only see the variables defined before it, "
                "not those it defines itself"
            )
        elif is_later:
            message += ": it is only defined further down the stage"
        return self.violation(ref.span, message, fix)


def _sets(instruction: Instruction, name: str) -> bool:
    return any(pair.key == name for pair in key_values(instruction))


def _name_span(ref: VariableRef) -> Span | None:
    """Where the name itself is written in ``ref`` (after ``$`` or ``${``)."""
    start = ref.span.start
    if start.line != ref.span.end.line:
        return None
    offset = start.character + (2 if ref.braced else 1)
    return Span.on_line(start.line, offset, offset + len(ref.name))
