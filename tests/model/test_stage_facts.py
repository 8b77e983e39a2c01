"""Per-stage answers kept with the stage graph agree with a plain walk of the stage chain.

They replaced walks that rules did for every instruction (issue 17: time linear in the size
of the file); these tests hold them equal to those walks on random files.
"""

from __future__ import annotations

import posixpath
import random
from collections.abc import Iterator
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfls.knowledge import stage_index
from dfls.knowledge.packages.commands import analyse
from dfls.knowledge.packages.paths import PathSet, covers
from dfls.knowledge.shells import and_list_allowed, parent_shell
from dfls.knowledge.users import is_root, runs_as_root, user_value, workdir_at
from dfls.model import Dockerfile, Instruction, StageGraph, key_values, shell, variables_at
from dfls.model.neighbours import comment_between
from dfls.model.semantics import value_at

PIECES = [
    "WORKDIR /srv",
    "WORKDIR app",
    "WORKDIR ../x",
    "WORKDIR $HOME",
    "WORKDIR",
    "USER app",
    "USER root",
    "USER 1000:1000",
    'SHELL ["powershell", "-Command"]',
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    "SHELL /bin/sh",
    "RUN echo a | wc -l",
    "RUN sudo apt-get update && apt-get install -y gcc",
    "RUN rm -rf /tmp/x && curl -o /tmp/y https://x",
    "RUN echo $(ls | head) > /etc/apt/apt.conf.d/x",
    "ARG A=1",
    "ARG B",
    "ARG G",
    "ENV A=$A-x B=${A}y",
    "ENV C=$G",
    "ENV A old-style",
    "COPY --from=s0 /a /b",
    "COPY . .",
    "# a comment",
    "onbuild RUN x",
    "FORM typo",
]


def random_dockerfile(seed: int) -> str:
    rng = random.Random(seed)
    lines = ["ARG G=global", "ARG BASE=debian:12"]
    for stages in range(rng.randint(1, 7)):
        choice = rng.random()
        if choice < 0.5 and stages:
            head = f"FROM s{rng.randrange(stages)}"
        elif choice < 0.7:
            head = "FROM $BASE"
        else:
            head = "FROM debian:12"
        lines.append(f"{head} AS s{stages}" if rng.random() < 0.9 else head)
        lines.extend(rng.choice(PIECES) for _ in range(rng.randint(0, 8)))
    return "\n".join(lines) + "\n"


FILES = [Dockerfile.parse(random_dockerfile(seed)) for seed in range(150)]


def _before(graph: StageGraph, instruction: Instruction) -> Iterator[Instruction]:
    """The instructions that run before ``instruction`` in its stage chain (a plain walk)."""
    if instruction.stage is None:
        return
    for stage in graph.chain(graph.stages[instruction.stage]):
        for earlier in stage.instructions:
            if earlier.stage == instruction.stage and earlier.index >= instruction.index:
                return
            yield earlier


def _workdir(graph: StageGraph, instruction: Instruction) -> str | None:
    current: str | None = "/"
    for earlier in _before(graph, instruction):
        if earlier.keyword != "WORKDIR" or not earlier.words:
            continue
        value = earlier.words[0].value
        if "$" in value:
            current = None
        elif value.startswith("/"):
            current = posixpath.normpath(value)
        elif current is not None:
            current = posixpath.normpath(posixpath.join(current, value))
    return current


@pytest.mark.parametrize("dockerfile", FILES)
def test_chain_answers_equal_a_walk_of_the_chain(dockerfile: Dockerfile) -> None:
    graph = dockerfile.stage_graph
    for instruction in dockerfile.instructions:
        earlier = list(_before(graph, instruction))
        for keyword in ("USER", "SHELL", "WORKDIR"):
            last = next((i for i in reversed(earlier) if i.keyword == keyword), None)
            assert graph.last_before(instruction, keyword) is last
        assert workdir_at(graph, instruction) == _workdir(graph, instruction)
        users = [user_value(i) for i in earlier if i.keyword == "USER"]
        root = not users or (users[-1] is not None and is_root(users[-1]))
        assert runs_as_root(graph, instruction) == root
        shells = [i for i in earlier if i.keyword == "SHELL"]
        form = shells[-1].exec_form if shells else None
        program = form[0].value.lower().rsplit("/", 1)[-1] if form else ""
        assert and_list_allowed(dockerfile, instruction) == (program != "powershell")
    for stage in dockerfile.stages:
        ancestors = graph.ancestors(stage)
        assert graph.root(stage) is graph.chain(stage)[0]
        for count in (1, 2, 3, 40):
            assert graph.nearest(stage, count) == graph.chain(stage)[-count:]
        forms = [
            tuple(w.value for w in i.exec_form)
            for s in ancestors
            for i in s.instructions
            if i.keyword == "SHELL" and i.exec_form
        ]
        expected = forms[-1] if forms else None
        assert parent_shell(graph, stage) == expected
        relative = any(i.keyword == "WORKDIR" for s in ancestors for i in s.instructions)
        assert graph.ancestors_have(stage, "test", lambda i: i.keyword == "WORKDIR") == relative


@pytest.mark.parametrize("dockerfile", FILES)
def test_value_at_is_the_variable_in_scope(dockerfile: Dockerfile) -> None:
    names = {"G", "BASE", "MISSING"}
    for instruction in dockerfile.instructions:
        if instruction.keyword in ("ARG", "ENV"):
            names.update(pair.key for pair in key_values(instruction))
    for instruction in dockerfile.instructions:
        scope = variables_at(dockerfile, instruction)
        for name in sorted(names):
            assert value_at(dockerfile, instruction, name) == scope.get(name), (instruction, name)


@pytest.mark.parametrize("dockerfile", FILES)
def test_comment_between_and_the_stage_index(dockerfile: Dockerfile) -> None:
    instructions = dockerfile.instructions
    lines = [c.span.start.line for c in dockerfile.comments]
    for first, second in pairwise(instructions):
        expected = any(first.last_line < line < second.line for line in lines)
        assert comment_between(dockerfile, first, second) == expected
    graph = dockerfile.stage_graph
    for stage in dockerfile.stages:
        for tag in ("packages", "pipe", "writes", "keyword:RUN", "program:sudo", "program:rm"):
            wanted = tuple(i for i in stage.instructions if tag in stage_index.tags(i))
            assert stage_index.select(graph, stage, tag) == wanted
        both = stage_index.select(graph, stage, "keyword:COPY", "keyword:WORKDIR")
        assert both == tuple(i for i in stage.instructions if i.keyword in ("COPY", "WORKDIR"))


_PATHS = st.sampled_from(
    [
        *("/", "/var", "/var/lib/apt", "/var/lib/apt/lists", "~", "~/.cache", "/root/.cache/pip"),
        *("/tmp", "/tmp/a.tar.gz", "x", "x/y", "//x", "/home/u/.npm", "$HOME/.npm", "/opt/a1/b"),
    ]
)
_PATTERNS = _PATHS | st.sampled_from(
    ["/var/lib/apt/lists/*", "/tmp/*.gz", "/*", "$X/y", "/opt/a*/b", "~/.cache/**", "*.gz"]
)


@given(st.lists(_PATTERNS, max_size=6), _PATHS)
def test_a_path_set_covers_what_one_of_its_patterns_covers(patterns: list[str], path: str) -> None:
    assert PathSet(patterns).covers(path) == any(covers(p, path) for p in patterns)


def test_long_scripts_are_split_without_keeping_each_version() -> None:
    # Every edited version of a 2,000-line RUN was kept by its text (up to 2,048 of them,
    # hundreds of MB): a keystroke there got slower with each garbage collection.
    shell.forget()
    long = "apt-get update" + " && apt-get install -y pkg" * 1000
    for version in range(5):
        text = long + f" && echo {version}"
        assert len(shell.parse_commands(text)) == 1002
        assert not shell.unterminated(text)
    assert shell._memo_commands.cache_info().currsize == 0
    assert shell._memo_unterminated.cache_info().currsize == 0
    assert shell.parse_commands("a && b") is shell.parse_commands("a && b")  # short: kept


@pytest.mark.parametrize("dockerfile", FILES[:40])
def test_kept_package_answers_equal_a_walk_of_the_commands(dockerfile: Dockerfile) -> None:
    kinds = {"install": "installs", "remove": "removes", "update": "updates", "clean": "cleans"}
    for instruction in dockerfile.instructions:
        facts = analyse(instruction)
        for managers, family, action in [
            ((), "apt", None),
            ((), "apt", "install"),
            (("apt-get",), "apt", "install"),
            (("apk",), "apt", None),
            (("apt-get", "apk"), None, "remove"),
            ((), None, "update"),
        ]:
            wanted = [
                c
                for c in facts.packages
                if (not managers or c.manager.name in managers)
                and (family is None or c.manager.family == family)
                and (action is None or getattr(c, kinds[action]))
            ]
            assert list(facts.find(*managers, family=family, action=action)) == wanted
