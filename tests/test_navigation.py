"""Definition, references, highlight and rename of stages and variables (dfls.features.navigation
over dfls.model.symbols), on the files that make them hard."""

from __future__ import annotations

import pytest

from dfls.features import navigation
from dfls.features.navigation import Refused
from dfls.model import Dockerfile, Position, Span, parse
from dfls.model.edits import Edit


def _apply(text: str, edits: list[Edit]) -> str:
    doc = parse(text)
    offsets = [0]
    for line, ending in zip(doc.lines, doc.endings, strict=True):
        offsets.append(offsets[-1] + len(line) + len(ending))
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        start = offsets[edit.span.start.line] + edit.span.start.character
        end = offsets[edit.span.end.line] + edit.span.end.character
        text = text[:start] + edit.new_text + text[end:]
    return text


def _at(doc: Dockerfile, line: int, needle: str, offset: int = 1, nth: int = 0) -> Position:
    text = doc.lines[line]
    column = -1
    for _ in range(nth + 1):
        column = text.index(needle, column + 1)
    return Position(line, column + offset)


def _text(doc: Dockerfile, span: Span | None) -> str:
    assert span is not None and span.start.line == span.end.line
    return doc.lines[span.start.line][span.start.character : span.end.character]


def _lines(spans: list[Span] | None) -> list[int]:
    assert spans is not None
    return [s.start.line for s in spans]


STAGES = """\
FROM golang:1.22 AS build
RUN go build -o /out/app
FROM build AS test
RUN go test ./...
FROM alpine:3.20 AS build
RUN --mount=type=cache,target=/c,from=build true
FROM scratch
COPY --from=build /out/app /app
COPY --from=0 /out/app /app2
COPY --from=BUILD /out/app /app3
COPY --from=later /x /x
FROM alpine AS later
"""


def test_a_duplicate_stage_name_means_the_first_stage() -> None:
    doc = parse(STAGES)
    for line, needle in ((2, "build"), (5, "from=build"), (7, "build"), (9, "BUILD")):
        offset = 6 if needle.startswith("from=") else 1
        definition = navigation.definition(doc, _at(doc, line, needle, offset))
        assert definition is not None and definition.start.line == 0, (line, needle)
    # the duplicate's own name points to the first one too
    duplicate = navigation.definition(doc, _at(doc, 4, "build"))
    assert duplicate is not None and duplicate.start.line == 0
    refs = navigation.references(doc, _at(doc, 0, "build"))
    assert _lines(refs) == [0, 2, 5, 7, 8, 9]


def test_numeric_from_resolves_but_is_not_renamed() -> None:
    doc = parse(STAGES)
    definition = navigation.definition(doc, _at(doc, 8, "0", 0))
    assert _text(doc, definition) == "build" and definition is not None
    assert definition.start.line == 0
    refused = navigation.prepare_rename(doc, _at(doc, 8, "0", 0))
    assert isinstance(refused, Refused) and "index" in refused.message
    edits = navigation.rename(doc, _at(doc, 0, "build"), "compile")
    assert isinstance(edits, list)
    after = _apply(STAGES, edits)
    assert "COPY --from=0 " in after  # the index still names the same stage
    assert after.splitlines()[4] == "FROM alpine:3.20 AS build"  # the duplicate keeps its name
    assert after.count("compile") == 5


def test_a_copy_from_a_later_stage_is_a_reference_but_from_is_not() -> None:
    doc = parse(STAGES)
    definition = navigation.definition(doc, _at(doc, 10, "later"))
    assert definition is not None and definition.start.line == 11
    text = "FROM later\nFROM alpine AS later\n"
    doc = parse(text)
    assert navigation.definition(doc, _at(doc, 0, "later")) is None


def test_an_unnamed_stage_goes_to_its_from_line() -> None:
    doc = parse("FROM alpine\nRUN true\nFROM scratch\nCOPY --from=0 /a /a\n")
    definition = navigation.definition(doc, _at(doc, 3, "0", 0))
    assert definition is not None and definition.start == Position(0, 0)
    refused = navigation.rename(doc, _at(doc, 3, "0", 0), "x")
    assert isinstance(refused, Refused) and "AS <name>" in refused.message


VARIABLES = """\
ARG VERSION=1.0
ARG BASE=debian:12
FROM ${BASE} AS base
ARG VERSION
ENV APP=/srv/app-$VERSION
RUN echo ${VERSION:-none} $APP
ENV VERSION=2.0
RUN echo $VERSION
FROM base AS child
RUN echo $APP $VERSION
FROM alpine AS other
ENV APP=/other
RUN echo $APP ["$APP"]
CMD ["sh", "-c", "echo $APP"]
"""


def test_variables_resolve_under_dockers_scoping() -> None:
    doc = parse(VARIABLES)

    def defined(line: int, needle: str, nth: int = 0) -> int:
        found = navigation.definition(doc, _at(doc, line, needle, 2, nth))
        assert found is not None, (line, needle)
        return found.start.line

    assert defined(2, "${BASE}") == 1  # FROM reads the global ARG
    assert defined(4, "$VERSION") == 3  # the stage's redeclaration
    assert defined(5, "${VERSION") == 3
    assert defined(7, "$VERSION") == 6  # shadowed by ENV
    assert defined(9, "$APP") == 4  # ENV inherited from the parent stage
    assert defined(9, "$VERSION") == 6  # ... ENV VERSION too
    assert defined(12, "$APP") == 11
    assert defined(12, '"$APP"') == 11  # inside an exec-form-looking array
    assert defined(13, "$APP") == 11  # exec form
    # the redeclaration points at the global ARG it takes its default from
    redeclared = navigation.definition(doc, _at(doc, 3, "VERSION"))
    assert redeclared is not None and redeclared.start.line == 0


def test_references_are_scoped() -> None:
    doc = parse(VARIABLES)
    # APP of stage "base" (and its child), not the APP of the unrelated stage "other"
    assert _lines(navigation.references(doc, _at(doc, 4, "APP"))) == [4, 5, 9]
    assert _lines(navigation.references(doc, _at(doc, 11, "APP"))) == [11, 12, 12, 13]
    # VERSION: the global ARG, its redeclaration, the ENV that overrides it, all uses
    refs = navigation.references(doc, _at(doc, 0, "VERSION"))
    assert _lines(refs) == [0, 3, 4, 5, 6, 7, 9]
    refs = navigation.references(doc, _at(doc, 0, "VERSION"), include_declaration=False)
    assert _lines(refs) == [4, 5, 7, 9]


def test_highlight_kinds() -> None:
    doc = parse(VARIABLES)
    found = navigation.highlights(doc, _at(doc, 5, "$APP", 2))
    assert [(h.span.start.line, h.write) for h in found] == [(4, True), (5, False), (9, False)]


def test_rename_a_variable_everywhere_in_scope_and_nothing_else() -> None:
    doc = parse(VARIABLES)
    edits = navigation.rename(doc, _at(doc, 5, "${VERSION", 3), "RELEASE")
    assert isinstance(edits, list)
    after = _apply(VARIABLES, edits)
    assert after == VARIABLES.replace("VERSION", "RELEASE")
    edits = navigation.rename(doc, _at(doc, 4, "APP"), "HOME_DIR")
    assert isinstance(edits, list)
    lines = _apply(VARIABLES, edits).splitlines()
    assert lines[4] == "ENV HOME_DIR=/srv/app-$VERSION"
    assert lines[9] == "RUN echo $HOME_DIR $VERSION"
    assert lines[11:] == VARIABLES.splitlines()[11:]  # the other stage's APP


@pytest.mark.parametrize(
    ("line", "needle", "new", "message"),
    [
        (4, "APP", "1APP", "not a valid variable name"),
        (4, "APP", "VERSION", "would change what"),
        (4, "APP", "TARGETARCH", "predefines"),
        (2, "base", "Base", "not a valid stage name"),
        (2, "base", "child", "already called"),
        (2, "base", "alpine", "image or build context"),
        (2, "base", "scratch", "empty image"),
    ],
)
def test_rename_refuses_bad_names(line: int, needle: str, new: str, message: str) -> None:
    doc = parse(VARIABLES)
    refused = navigation.rename(doc, _at(doc, line, needle), new)
    assert isinstance(refused, Refused)
    assert message in refused.message


def test_an_external_variable_is_not_renamed() -> None:
    doc = parse("FROM debian\nENV PATH=/opt/bin:$PATH\nRUN echo $PATH $HOME\n")
    refused = navigation.prepare_rename(doc, _at(doc, 2, "$HOME", 2))
    assert isinstance(refused, Refused) and "not declared" in refused.message
    assert navigation.definition(doc, _at(doc, 1, "$PATH", 2)) is None
    assert navigation.definition(doc, _at(doc, 2, "$PATH", 2)) == Span.on_line(1, 4, 8)
    assert isinstance(navigation.prepare_rename(doc, _at(doc, 1, "PATH")), Refused)


HEREDOCS = """\
FROM alpine
ARG NAME=world
RUN <<EOF
echo "hello $NAME"
echo ${NAME:-x} '$NAME'
EOF
COPY <<'EOF' /quoted
$NAME stays as written
EOF
COPY <<EOF /expanded
${NAME}
EOF
"""


def test_heredoc_bodies() -> None:
    doc = parse(HEREDOCS)
    refs = navigation.references(doc, _at(doc, 1, "NAME"))
    assert [(s.start.line, s.start.character) for s in refs or ()] == [
        (1, 4),
        (3, 13),
        (4, 7),
        (10, 2),
    ]
    edits = navigation.rename(doc, _at(doc, 3, "$NAME", 2), "WHO")
    assert isinstance(edits, list)
    lines = _apply(HEREDOCS, edits).splitlines()
    assert lines[3:5] == ['echo "hello $WHO"', "echo ${WHO:-x} '$NAME'"]
    assert lines[7] == "$NAME stays as written"
    assert lines[10] == "${WHO}"


def test_escape_backtick_crlf_and_wide_characters() -> None:
    text = (
        "# escape=`\r\n"
        "FROM mcr.microsoft.com/windows/servercore AS base\r\n"
        "ARG DIR=C:\\app\r\n"
        'RUN echo "🐳 ☕" $DIR `\r\n'
        "    && dir ${DIR}\r\n"
        "FROM base\r\n"
        "COPY --from=base C:\\app C:\\app\r\n"
    )
    doc = parse(text)
    position = _at(doc, 4, "${DIR}", 2)
    definition = navigation.definition(doc, position)
    assert definition == Span.on_line(2, 4, 7)
    refs = navigation.references(doc, _at(doc, 3, "$DIR", 2))
    assert [_text(doc, s) for s in refs or ()] == ["DIR", "DIR", "DIR"]
    edits = navigation.rename(doc, _at(doc, 1, "base"), "win")
    assert isinstance(edits, list)
    after = _apply(text, edits)
    assert after == text.replace("AS base", "AS win").replace("FROM base", "FROM win").replace(
        "--from=base", "--from=win"
    )
    assert after.count("\r\n") == text.count("\r\n")


def test_the_dollar_sign_belongs_to_the_variable() -> None:
    doc = parse(VARIABLES)
    for needle in ("${VERSION", "$APP"):  # on "$", and on "{" of "${"
        for offset in (0, 1):
            found = navigation.definition(doc, _at(doc, 5, needle, offset))
            assert found is not None, (needle, offset)
    assert navigation.definition(doc, _at(doc, 5, "${VERSION", 0)) == Span.on_line(3, 4, 11)


def test_nothing_at_a_keyword() -> None:
    doc = parse(VARIABLES)
    assert navigation.definition(doc, Position(4, 1)) is None
    assert navigation.references(doc, Position(4, 1)) is None
    assert navigation.highlights(doc, Position(4, 1)) == []
    assert navigation.prepare_rename(doc, Position(4, 1)) is None
    assert isinstance(navigation.rename(doc, Position(4, 1), "X"), Refused)


def test_onbuild_names_belong_to_another_build() -> None:
    doc = parse("FROM alpine AS a\nARG X=1\nONBUILD RUN echo $X\nONBUILD COPY --from=a / /\n")
    assert _lines(navigation.references(doc, _at(doc, 1, "X"))) == [1]
    assert _lines(navigation.references(doc, _at(doc, 0, "a", 0, 1))) == [0]


def test_the_index_is_kept_for_a_version_and_rebuilt_after_an_edit() -> None:
    from dfls.model.symbols import symbol_index

    doc = parse(VARIABLES)
    assert symbol_index(doc) is symbol_index(doc)
    edited = doc.apply_edit(Span.on_line(11, 4, 7), "APPX")
    assert symbol_index(edited) is not symbol_index(doc)
    refs = navigation.references(edited, _at(edited, 12, "$APP", 2))
    assert _lines(refs) == [12, 12, 13]  # no declaration any more: external


def test_corpus_names_hold_their_spans_and_resolve_to_declarations() -> None:
    """Over the 209 real Dockerfiles: a renamable occurrence's span holds exactly its name,
    every definition is a declaration's name, and every symbol has its occurrences in order."""
    from dfls.model.symbols import symbol_index
    from tests.conftest import corpus_files

    checked = 0
    for path in corpus_files():
        doc = parse(path.read_text(encoding="utf-8", errors="replace"))
        index = symbol_index(doc)
        writes = {o.span for o in index.occurrences if o.write}
        for occurrence in index.occurrences:
            if occurrence.renamable:
                assert _text(doc, occurrence.span) == occurrence.name, (path, occurrence)
            definition = occurrence.definition
            if occurrence.kind == "variable" and definition is not None:
                assert definition in writes, (path, occurrence)
            assert occurrence in index.members(occurrence.symbol)
            checked += 1
    assert checked > 1000


def test_corpus_uses_resolve_as_variables_at_says() -> None:
    """A use has a definition exactly when the model's scope (``variables_at``) has the
    name at its instruction (ARG lines aside: their pairs see the pairs before them)."""
    from dfls.model import variables_at
    from dfls.model.symbols import symbol_index
    from tests.conftest import corpus_files

    compared = 0
    for path in corpus_files():
        doc = parse(path.read_text(encoding="utf-8", errors="replace"))
        for occurrence in symbol_index(doc).occurrences:
            if occurrence.kind != "variable" or occurrence.write:
                continue
            instruction = doc.instruction_at(occurrence.line)
            assert instruction is not None
            if instruction.keyword == "ARG":
                continue
            scope = variables_at(doc, instruction)
            resolved = occurrence.definition is not None
            assert resolved == (occurrence.name in scope), (path, occurrence)
            compared += 1
    assert compared > 1500


def test_an_arg_of_the_parent_stage_is_defined_in_the_child() -> None:
    # BuildKit passes a stage's ARGs on to the stages built FROM it (DF110 agrees).
    doc = parse("FROM x AS a\nARG L=2\nFROM a AS b\nRUN echo $L\n")
    found = navigation.definition(doc, _at(doc, 3, "$L", 1))
    assert found is not None and found.start.line == 1
    assert _lines(navigation.references(doc, _at(doc, 1, "L", 0))) == [1, 3]
