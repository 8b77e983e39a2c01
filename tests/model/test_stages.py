"""The stage graph: ancestors, what a ``--from`` or ``FROM`` names, the target, what ships."""

from __future__ import annotations

import pytest

from dfls.model import Dockerfile, Position, Span, Stage, StageGraph


def graph(text: str) -> StageGraph:
    return Dockerfile.parse(text).stage_graph


def names(stages: tuple[Stage, ...]) -> list[str | None]:
    return [s.name for s in stages]


CHAIN = (
    "FROM alpine:3.19 AS base\n"
    "FROM base AS mid\n"
    "FROM debian:12 AS other\n"
    "FROM mid AS top\n"
    "COPY --from=other /x /x\n"
)


def test_ancestors_oldest_first() -> None:
    g = graph(CHAIN)
    base, mid, other, top = g.stages
    assert g.chain(top) == (base, mid, top)
    assert g.ancestors(top) == (base, mid)
    assert g.ancestors(base) == ()
    assert g.root(top) is base and g.root(other) is other
    assert g.parent(top) is mid and g.parent(base) is None


def test_chain_of_a_stage_of_another_version() -> None:
    """A stage kept from an earlier version is walked through this version's stages."""
    old = Dockerfile.parse(CHAIN).stages[3]
    g = graph(CHAIN)
    assert g.chain(old)[:-1] == g.stages[:2] and g.chain(old)[-1] is old


@pytest.mark.parametrize(
    ("reference", "index"),
    [
        ("base", 0),
        ("BASE", 0),  # names are case-insensitive
        ("Top", 3),
        ("2", 2),  # an index
        ("02", 2),  # read as a number, as BuildKit's strconv.Atoi does
        ("4", None),  # no stage 4: an image called "4"
        ("alpine:3.19", None),  # an image
        ("context", None),  # a named build context
        ("", None),
        ("²", None),  # a digit, but not a number BuildKit reads: a name
    ],
)
def test_resolve_a_from_value(reference: str, index: int | None) -> None:
    found = graph(CHAIN).resolve(reference)
    assert (found.index if found is not None else None) == index


def test_duplicate_names_mean_the_first_stage() -> None:
    text = "FROM alpine AS build\nFROM debian AS Build\nFROM build\nCOPY --from=BUILD /a /b\n"
    g = graph(text)
    first = g.stages[0]
    assert g.named("build") is first
    assert g.resolve("BUILD") is first
    assert g.parent(g.stages[2]) is first  # FROM build
    assert g.copy_sources(g.stages[2]) == (first,)
    assert g.target("build") is first


def test_a_from_value_may_name_a_later_stage_or_the_stage_itself() -> None:
    text = (
        "FROM alpine AS app\nCOPY --from=assets /a /a\nCOPY --from=app /b /b\nFROM node AS assets\n"
    )
    g = graph(text)
    app, assets = g.stages
    assert g.resolve("assets") is assets  # BuildKit builds `assets` first
    assert g.copy_sources(app) == (assets, app)
    assert g.related(app) == (1,)  # what a stage reads never includes itself


def test_from_names_only_an_earlier_stage() -> None:
    text = "FROM later AS first\nFROM alpine AS later\nFROM first\nFROM 0\n"
    g = graph(text)
    first, later, third, fourth = g.stages
    assert g.parent(first) is None and g.root(first) is first  # `later` is an image here
    assert g.resolve("later", before=first) is None
    assert g.resolve("later", before=third) is later
    assert g.parent(third) is first
    assert g.parent(fourth) is None  # FROM takes no index: `0` is an image
    assert g.resolve("0", before=fourth) is None and g.resolve("0") is first


@pytest.mark.parametrize(
    "text",
    [
        CHAIN,
        "FROM later AS first\nFROM alpine AS later\nFROM first\nFROM 0\n",
        "FROM alpine AS a\nFROM debian AS A\nFROM a\nFROM A AS b\nFROM B\n",
        "ARG BASE=builder\nFROM alpine AS builder\nFROM ${BASE}\nFROM $UNSET\n",
        "FROM scratch AS scratchy\nFROM Scratchy\nFROM\n",
    ],
)
def test_the_parent_is_what_from_resolves_to(text: str) -> None:
    g = graph(text)
    for stage in g.stages:
        resolved = g.resolve(stage.image.resolved, before=stage) if stage.image else None
        assert resolved is g.parent(stage)


def test_related_stages_include_the_ancestors_of_a_copied_parent() -> None:
    """Copying from the stage it is built on must not hide that stage's own parent."""
    text = "FROM alpine AS s0\nFROM s0 AS s1\nFROM s1 AS s2\nCOPY --from=s1 /x /y\n"
    g = graph(text)
    assert g.related(g.stages[2]) == (0, 1)


def test_target_and_shipped_stages() -> None:
    g = graph(CHAIN)
    base, mid, other, top = g.stages
    assert g.target() is top and g.target(None) is top and g.target("") is top
    assert g.shipped() == (base, mid, top)  # `other` lends a file, it does not ship
    assert g.target("MID") is mid
    assert g.shipped("mid") == (base, mid)
    assert g.target("other") is other and g.shipped("other") == (other,)


def test_a_target_that_names_no_stage_falls_back_to_the_last_stage() -> None:
    g = graph(CHAIN)
    assert g.target("nope") is g.stages[-1]
    assert g.shipped("nope") == g.shipped()
    assert g.target("3") is g.stages[-1]  # a target is a name, never an index


def test_no_stages() -> None:
    g = graph("ARG A=1\n")
    assert g.stages == () and g.target() is None and g.shipped() == () and g.shipped("x") == ()


def test_the_graph_is_kept_per_version_and_follows_patched_stages() -> None:
    document = Dockerfile.parse(CHAIN + "RUN echo one\n")
    g = document.stage_graph
    assert document.stage_graph is g
    top = g.stages[3]
    assert g.chain(top) is g.chain(top)  # walked once
    edited = document.apply_edit(Span(Position(5, 9), Position(5, 12)), "two")
    new = edited.stage_graph
    assert new is not g and new.stages is edited.stages
    assert new.chain(new.stages[3])[-1].instructions[-1].args == "echo two"
    assert new.chain(new.stages[3])[0] is g.stages[0]  # untouched stages are reused
