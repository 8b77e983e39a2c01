"""``$`` and ``${``: the build arguments and environment variables in scope at a line."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.features.completion.items import Item, Kind
from dfls.knowledge.build_args import PLATFORM_ARGS, PROXY_ARGS
from dfls.model import Dockerfile, Instruction, variables_at
from dfls.model.semantics import global_args


def in_scope(dockerfile: Dockerfile, instruction: Instruction | None) -> dict[str, str | None]:
    """Docker's scoping: on a FROM line (and before the first) the global ARGs and the
    platform ARGs; in a stage what :func:`variables_at` says (global ARGs only once
    redeclared, the stage's ARG/ENV above, ENV of the parent stages), plus the proxy ARGs
    in RUN."""
    if instruction is None or instruction.stage is None or instruction.keyword == "FROM":
        before = None if instruction is None or instruction.stage is not None else instruction.index
        scope = global_args(dockerfile, before)
        return {**scope, **{name: None for name in PLATFORM_ARGS if name not in scope}}
    scope = variables_at(dockerfile, instruction)
    if instruction.keyword == "RUN":
        for name in PROXY_ARGS:
            scope.setdefault(name, None)
    return scope


def variables(
    dockerfile: Dockerfile,
    instruction: Instruction | None,
    braced: bool,
    closed: bool,
    snippets: bool,
) -> Iterator[Item]:
    """One item per variable in scope (its value as detail); after ``${``, also the
    ``${NAME:-default}`` form for those that may be unset. ``closed``: a ``}`` follows."""
    scope = in_scope(dockerfile, instruction)
    end = "" if closed or not braced else "}"
    for name, value in scope.items():
        if name in PLATFORM_ARGS and value is None:
            detail = f"predefined: {PLATFORM_ARGS[name].replace('`', '')}"
        elif name in PROXY_ARGS and value is None:
            detail = "predefined proxy argument"
        elif value is None:
            detail = "ARG without a default"
        else:
            detail = value if len(value) <= 60 else value[:60] + "…"
        doc = ("variable", name)
        yield Item(name, Kind.VARIABLE, name + end, detail, doc=doc)
        predefined = name in PLATFORM_ARGS or name in PROXY_ARGS
        if braced and not closed and value in (None, "") and not predefined:
            snippet = f"{name}:-${{1:default}}}}" if snippets else None
            yield Item(
                f"{name}:-default",
                Kind.VARIABLE,
                f"{name}:-}}",
                f"${{{name}}}, or a default when it is unset or empty",
                snippet=snippet,
                doc=doc,
                filter_text=name,
            )
