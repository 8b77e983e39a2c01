"""Completion, per context, on the pure functions (no LSP): what is offered at a position and
what it replaces."""

from __future__ import annotations

import json

import pytest

from dfls.features.completion import Kind, complete, documentation, snippet_to_text
from dfls.features.completion.items import Completions
from dfls.model import Dockerfile, Position


def _at(text: str, snippets: bool = True) -> Completions:
    """Completions at the ``|`` in ``text``."""
    index = text.index("|")
    before = text[:index]
    line = before.count("\n")
    character = index - (before.rfind("\n") + 1)
    return complete(Dockerfile.parse(text.replace("|", "", 1)), Position(line, character), snippets)


def _labels(text: str) -> list[str]:
    return [item.label for item in _at(text).items]


def _replaced(text: str) -> int:
    found = _at(text)
    return found.span.end.character - found.span.start.character


# -- instructions ------------------------------------------------------------------------------


def test_an_empty_file_offers_from_first() -> None:
    found = _at("|")
    assert [i.label for i in found.items][:2] == ["FROM", "ARG"]
    assert "RUN" not in [i.label for i in found.items]  # not valid before the first FROM


def test_instructions_in_a_stage_in_the_file_case() -> None:
    upper = _labels("FROM alpine:3.20\n|")
    assert {"RUN", "COPY", "HEALTHCHECK", "USER"} <= set(upper)
    assert upper.index("RUN") < upper.index("FROM")  # FROM and MAINTAINER come last
    lower = _labels("from alpine:3.20\nrun true\nr|")
    assert lower == ["run", "run apt-get install", "run apk add", "run pip install (cache mount)"]
    assert _replaced("FROM alpine:3.20\n  RU|") == 2


def test_instruction_snippets_and_plain_text() -> None:
    items = {i.label: i for i in _at("FROM alpine:3.20\n|").items}
    cmd = items["CMD"]
    assert cmd.kind is Kind.KEYWORD
    assert cmd.snippet == 'CMD ["${1:executable}", "${2:arg}"]'
    assert json.loads(cmd.plain()[4:]) == ["executable", "arg"]  # exec form stays valid JSON
    assert items["MAINTAINER"].deprecated
    plain = {i.label: i for i in _at("FROM alpine:3.20\n|", snippets=False).items}
    assert plain["CMD"].snippet is None and plain["CMD"].plain() == "CMD "


def test_guide_snippets_follow_the_guide() -> None:
    items = {i.label: i for i in _at("FROM debian:12\n|").items}
    apt = items["RUN apt-get install"]
    assert apt.kind is Kind.SNIPPET
    text = apt.plain()
    assert "--no-install-recommends" in text and "rm -rf /var/lib/apt/lists/*" in text
    assert text.count("RUN") == 1  # one layer
    user = items["USER (create a user, Debian/Ubuntu)"].plain()
    assert user.splitlines()[0].startswith("RUN groupadd") and user.endswith("USER app")


def test_snippets_use_the_escape_character_of_the_file() -> None:
    items = {i.label: i for i in _at("# escape=`\nFROM debian:12\n|").items}
    assert "update `\n" in items["RUN apt-get install"].plain()


def test_onbuild_offers_triggers_but_not_from() -> None:
    labels = _labels("FROM alpine:3.20\nONBUILD R|")
    assert "RUN" in labels and "FROM" not in labels and "ONBUILD" not in labels
    assert _replaced("FROM alpine:3.20\nONBUILD R|") == 1


# -- flags ------------------------------------------------------------------------------------


def test_flags_of_the_instruction_once_each() -> None:
    assert _labels("FROM a:1\nCOPY --|") == [
        "--from",
        "--chown",
        "--chmod",
        "--link",
        "--parents",
        "--exclude",
    ]
    assert "--link" not in _labels("FROM a:1\nCOPY --link --|")
    assert "--exclude" in _labels("FROM a:1\nCOPY --exclude=*.md --|")  # may repeat
    assert "--from" not in _labels("FROM a:1\nADD --|")
    assert {"--checksum", "--keep-git-dir", "--unpack"} <= set(_labels("FROM a:1\nADD --|"))
    run = _labels("FROM a:1\nRUN --mount=type=cache,target=/x --|")
    assert run[:3] == ["--mount", "--network", "--security"]
    assert _labels("FROM a:1\nHEALTHCHECK --|") == [
        "--interval",
        "--timeout",
        "--start-period",
        "--start-interval",
        "--retries",
    ]


def test_no_flags_after_the_first_argument() -> None:
    assert _labels("FROM a:1\nCOPY src --|") == []
    assert _labels("FROM a:1\nRUN apt-get |") == []


def test_flag_insert_text_and_snippet() -> None:
    items = {i.label: i for i in _at("FROM a:1\nRUN --|").items}
    assert items["--network"].plain() == "--network=default"
    assert items["--network"].snippet == "--network=${1|default,none,host|}"
    assert items["--mount"].plain() == "--mount=type=cache,target=path"
    plain = {i.label: i for i in _at("FROM a:1\nRUN --|", snippets=False).items}
    assert plain["--network"].plain() == "--network="
    link = {i.label: i for i in _at("FROM a:1\nCOPY --|").items}["--link"]
    assert link.plain() == "--link"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM a:1\nRUN --network=|", ["default", "none", "host"]),
        ("FROM a:1\nRUN --security=|", ["insecure", "sandbox"]),
        ("FROM a:1\nRUN --mount=type=|", ["cache", "bind", "tmpfs", "secret", "ssh"]),
        ("FROM a:1\nRUN --mount=type=cache,sharing=|", ["shared", "private", "locked"]),
        ("FROM a:1\nCOPY --link=|", ["true", "false"]),
    ],
)
def test_flag_values(text: str, expected: list[str]) -> None:
    assert _labels(text) == expected


def test_platform_values_include_the_platform_args() -> None:
    labels = _labels("FROM --platform=|")
    assert "linux/amd64" in labels and "linux/arm64" in labels
    assert "$BUILDPLATFORM" in labels and "$TARGETPLATFORM" in labels
    assert _replaced("FROM --platform=linux/|") == len("linux/")


def test_mount_keys_follow_the_type_and_skip_given_ones() -> None:
    assert _labels("FROM a:1\nRUN --mount=|")[0] == "type"
    cache = _labels("FROM a:1\nRUN --mount=type=cache,|")
    assert "type" not in cache and {"target", "id", "sharing", "uid", "gid", "mode"} <= set(cache)
    assert "size" not in cache
    assert "target" not in _labels("FROM a:1\nRUN --mount=type=cache,dst=/x,|")  # alias
    assert _labels("FROM a:1\nRUN --mount=type=tmpfs,|") == ["target", "size"]
    secret = _labels("FROM a:1\nRUN --mount=type=secret,|")
    assert {"id", "env", "required"} <= set(secret) and "sharing" not in secret
    assert _replaced("FROM a:1\nRUN --mount=type=cache,sha|") == 3
    assert "/root/.cache/pip" in _labels("FROM a:1\nRUN --mount=type=cache,target=|")


def test_flags_on_a_continuation_line() -> None:
    text = "FROM a:1\nRUN --mount=type=cache,target=/x \\\n    --|"
    labels = _labels(text)
    assert "--mount" in labels and "--network" in labels


# -- stages -----------------------------------------------------------------------------------


STAGES = "FROM golang:1.24 AS build\nRUN go build\nFROM alpine:3.20 AS test\nFROM scratch\n"


def test_copy_from_offers_earlier_stages_with_their_image() -> None:
    found = _at(STAGES + "COPY --from=|")
    assert [(i.label, i.kind) for i in found.items] == [
        ("build", Kind.REFERENCE),
        ("test", Kind.REFERENCE),
    ]
    assert found.items[0].detail == "stage 0 FROM golang:1.24"
    in_middle = _at("FROM golang:1.24 AS build\nCOPY --from=| a b\nFROM alpine:3.20 AS later\n")
    assert [i.label for i in in_middle.items] == []  # neither the current stage nor a later one


def test_mount_from_offers_stages() -> None:
    assert _labels(STAGES + "RUN --mount=from=|") == ["build", "test"]


def test_from_offers_earlier_stages_and_images_never_the_current_stage() -> None:
    found = _at("FROM golang:1.24 AS build\nFROM |")
    labels = [i.label for i in found.items]
    assert labels[0] == "build"
    assert {"python", "alpine", "scratch", "gcr.io/distroless/static-debian12"} <= set(labels)
    assert "--platform" in labels
    assert "build" not in _labels("FROM golang:1.24 AS build\nFROM |")[1:]


def test_images_carry_their_size_class_and_tags_come_from_the_table() -> None:
    assert _labels("FROM py|")[0] == "python"
    assert "gcr.io/distroless/python3-debian12" in _labels("FROM distroless|")
    items = {i.label: i for i in _at("FROM |").items}
    assert items["python"].kind is Kind.MODULE
    assert items["python"].detail == "full image, ~1 GB"
    assert str(items["golang"].detail).startswith("SDK image")
    assert str(items["gcr.io/distroless/static-debian12"].detail).startswith("distroless")
    tags = {i.label: i for i in _at("FROM python:|").items}
    assert str(tags["3.12-slim"].detail).startswith("slim image")
    assert str(tags["3.12-alpine"].detail).startswith("minimal image")
    assert _replaced("FROM python:3.1|") == 3
    assert _labels("FROM unknown-image:|") == []


def test_as_after_the_image() -> None:
    assert _labels("FROM python:3.12 |") == ["AS"]
    assert _labels("from python:3.12 |") == ["as"]


# -- variables --------------------------------------------------------------------------------

SCOPED = """\
ARG GLOBAL=1
ARG ONLY_GLOBAL=2
FROM alpine:3.20 AS base
ARG GLOBAL
ENV BASE_ENV=b
ARG BASE_ARG=x
FROM base
ENV CHILD=c
RUN echo |
ENV LATER=l
"""


def test_variables_follow_docker_scoping() -> None:
    found = _at(SCOPED.replace("|", "$|"))
    values = {i.label: i.detail for i in found.items}
    assert values["BASE_ENV"] == "b"  # ENV inherited from the parent stage
    assert values["CHILD"] == "c"
    assert values["BASE_ARG"] == "x"  # so does an ARG (moby/buildkit#5381)
    assert values["GLOBAL"] == "1"  # redeclared in the parent stage: inherited with it
    assert "ONLY_GLOBAL" not in values  # never redeclared in a stage
    assert "LATER" not in values  # below the cursor
    assert "HTTP_PROXY" in values  # predefined, in RUN
    assert "TARGETPLATFORM" not in values  # needs ARG TARGETPLATFORM in a stage
    assert all(i.kind is Kind.VARIABLE for i in found.items)


def test_variables_in_the_parent_stage_and_from_line() -> None:
    parent = _labels("ARG GLOBAL=1\nFROM alpine:3.20\nARG GLOBAL\nRUN echo $|\n")
    assert "GLOBAL" in parent
    from_line = {i.label: i.detail for i in _at("ARG V=3\nFROM python:$|\n").items}
    assert from_line["V"] == "3"
    assert "TARGETPLATFORM" in from_line and "BUILDPLATFORM" in from_line


def test_braced_variables_close_and_offer_defaults() -> None:
    found = _at("FROM a:1\nARG VERSION\nENV X=1\nRUN echo ${V|")
    items = {i.label: i for i in found.items}
    assert items["VERSION"].text == "VERSION}"
    assert items["VERSION:-default"].plain() == "VERSION:-default}"
    assert "X:-default" not in items  # X has a value
    assert found.span.end.character - found.span.start.character == 1
    closed = {i.label: i for i in _at("FROM a:1\nARG VERSION\nRUN echo ${V|}").items}
    assert closed["VERSION"].text == "VERSION"


# -- directives and suppressions ----------------------------------------------------------------


def test_directives_at_the_top() -> None:
    assert _labels("# |") == ["syntax=", "escape=", "check="]
    assert "docker/dockerfile:1" in _labels("# syntax=|")
    assert _labels("# escape=|") == ["\\", "`"]
    assert _labels("# check=|") == ["skip=", "error=true"]
    skip = {i.label: i for i in _at("# check=skip=|").items}
    assert "all" in skip
    assert str(skip["StageNameCasing"].detail).startswith("DF113: ")  # a dfls rule
    assert "DF401" in str(skip["JSONArgsRecommended"].detail)  # one of several
    assert str(skip["UndefinedVar"].detail).startswith("DF110: ")  # a dfls rule since DF110
    assert str(skip["InvalidBaseImagePlatform"].detail).startswith("BuildKit")  # no rule
    assert "JSONArgsRecommended" in _labels("# check=skip=FromAsCasing,|")
    assert "syntax=" in _labels("# syntax=docker/dockerfile:1\n# |")
    assert _labels("FROM a:1\n# syn|") == []  # not a directive below an instruction


def test_rule_codes_in_suppressions() -> None:
    found = _at("FROM a:1\n# dfls ignore=DF101,DF2|\nRUN x")
    items = {i.label: i for i in found.items}
    assert items["DF201"].detail is not None and items["DF201"].detail.startswith("apt-")
    assert found.span.end.character - found.span.start.character == 3
    assert "DF101" in _labels("FROM a:1\n# dfls global ignore=|")
    hadolint = {i.label: i for i in _at("FROM a:1\n# hadolint ignore=|").items}
    assert hadolint["DL3008"].detail is not None and hadolint["DL3008"].detail.startswith("DF214")
    assert "dfls ignore=" in _labels("FROM a:1\n# df|")


# -- resolve and helpers --------------------------------------------------------------------------


def test_documentation_is_the_hover_text() -> None:
    from dfls.knowledge import reference

    assert documentation(("instruction", "RUN")) == reference.instruction("RUN")
    assert documentation(("flag", "RUN", "mount")) == reference.flag("RUN", "mount")
    assert documentation(("directive", "syntax")) == reference.directive("syntax")
    rule = documentation(("rule", "DF101"))
    assert rule is not None and "image-tag" in rule
    image = documentation(("image", "python:3.12"))
    assert image is not None and "Size class: **full**" in image
    dockerfile = Dockerfile.parse("FROM a:1 AS build\nARG V=2\nRUN echo $V\n")
    variable = documentation(("variable", "V"), dockerfile, 2)
    assert variable is not None and "`2`" in variable
    stage = documentation(("stage", "0"), dockerfile, 2)
    assert stage is not None and "build" in stage


def test_snippet_to_text() -> None:
    assert snippet_to_text("a ${1:b} $2 ${3|x,y|} \\$HOME \\}") == "a b  x $HOME }"


def test_nothing_outside_the_file_or_in_a_heredoc() -> None:
    dockerfile = Dockerfile.parse("FROM a:1\n")
    assert complete(dockerfile, Position(40, 0)).items == ()
    assert _labels("FROM a:1\nRUN <<EOF\n--|\nEOF\n") == []


def test_knowledge_tables_agree() -> None:
    """Every value table names a flag the reference documents, every mount type's options
    are described, every image of the catalogue is one the image tables know."""
    from dfls.knowledge import image_catalog, images, reference, values
    from dfls.rules import registry

    assert set(values.FLAG_VALUES) <= set(reference.FLAGS)
    assert set(reference.FLAGS) >= values.REPEATABLE
    assert {c.value for c in values.MOUNT_TYPES} == set(values.MOUNT_TYPE_OPTIONS)
    for options in values.MOUNT_TYPE_OPTIONS.values():
        assert set(options) <= set(values.MOUNT_OPTIONS)
    assert set(values.MOUNT_VALUES) <= set(values.MOUNT_OPTIONS)
    assert set(values.MOUNT_OPTION_ALIASES.values()) <= set(values.MOUNT_OPTIONS)
    assert set(values.DIRECTIVE_VALUES) == set(reference.DIRECTIVES)
    names = {name.lower() for name in values.BUILDKIT_CHECKS}
    assert set(registry.alias_map("buildkit")) <= names  # every alias is a real check
    for image in image_catalog.catalog():
        assert image.size is not images.SizeClass.UNKNOWN, image.name
        for tag in image_catalog.tags(image.name):
            assert tag.size is not images.SizeClass.UNKNOWN, f"{image.name}:{tag.tag}"


def test_every_position_of_the_corpus_answers() -> None:
    """Completion and signature help never fail, whatever the line: the start, the middle
    and the end of every line of the real-world corpus, each item's span on the line."""
    from dfls.features.completion.signature import signature_help
    from tests.conftest import corpus_files

    for path in corpus_files():
        dockerfile = Dockerfile.parse(path.read_text(encoding="utf-8", errors="replace"))
        for number, line in enumerate(dockerfile.lines):
            for character in {0, len(line) // 2, len(line)}:
                position = Position(number, character)
                found = complete(dockerfile, position)
                assert found.span.start.line == found.span.end.line == number, path
                assert 0 <= found.span.start.character <= character, path
                signature_help(dockerfile, position)
