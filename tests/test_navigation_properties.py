"""Properties of rename: renaming a stage or a variable and renaming it back gives the
original text, byte for byte; and a rename keeps what every other name resolves to."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dfls.features import navigation
from dfls.model import parse
from dfls.model.symbols import symbol_index
from tests.test_navigation import _apply

STAGES = ["build", "base", "test", "app"]
VARIABLES = ["A", "B", "VERSION", "HOME"]
FRESH_STAGE = "renamed-stage"
FRESH_VARIABLE = "RENAMED_VAR"


@st.composite
def dockerfiles(draw: st.DrawFn) -> str:
    """Small multi-stage Dockerfiles with every kind of name use, CRLF or LF."""
    lines: list[str] = []
    for name in draw(st.lists(st.sampled_from(VARIABLES), max_size=2)):
        value = draw(st.sampled_from(["", "=1", "=$A", "=x${B:-y}"]))
        lines.append(f"ARG {name}{value}")
    # distinct stage names: with a duplicate (an error, DF105), renaming back is refused
    names = draw(st.lists(st.sampled_from(STAGES), min_size=1, max_size=4, unique=True))
    for index, name in enumerate(names):
        base = draw(st.sampled_from(["alpine", "${A}", *STAGES]))
        alias = f" AS {name}" if draw(st.booleans()) else ""
        lines.append(f"FROM {base}{alias}")
        for _ in range(draw(st.integers(0, 4))):
            lines.append(draw(_instruction(index)))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return ending.join(lines) + ending


def _instruction(index: int) -> st.SearchStrategy[str]:
    variable = st.sampled_from(VARIABLES)
    stage = st.sampled_from([*STAGES, *map(str, range(index + 1))])
    return st.one_of(
        variable.map(lambda v: f"ARG {v}"),
        st.tuples(variable, variable).map(lambda p: f"ENV {p[0]}=${{{p[1]}:-d}}/x"),
        st.tuples(variable, variable).map(lambda p: f'RUN echo ${p[0]} "${{{p[1]}}}"'),
        variable.map(lambda v: f'CMD ["echo", "${v}"]'),
        variable.map(lambda v: f"RUN <<EOF\necho ${v} ${{{v}}}\nEOF"),
        stage.map(lambda s: f"COPY --from={s} /a /b"),
        stage.map(lambda s: f"RUN --mount=type=bind,from={s},target=/m true"),
    )


@settings(max_examples=150, deadline=None)
@given(dockerfiles(), st.data())
def test_rename_and_back_is_the_identity(text: str, data: st.DataObject) -> None:
    doc = parse(text)
    index = symbol_index(doc)
    candidates = [o for o in index.occurrences if o.renamable and not index.symbol(o).external]
    if not candidates:
        return
    occurrence = data.draw(st.sampled_from(candidates))
    position = occurrence.span.start
    fresh = FRESH_STAGE if occurrence.kind == "stage" else FRESH_VARIABLE
    edits = navigation.rename(doc, position, fresh)
    if isinstance(edits, navigation.Refused):
        return  # a predefined name, a name split by a continuation...
    renamed = _apply(text, edits)
    assert renamed != text or occurrence.name == fresh
    # the name is only replaced: everything else, line endings included, is as it was
    assert renamed.replace(fresh, occurrence.name) == text or occurrence.kind == "stage"
    renamed_doc = parse(renamed)
    back = navigation.rename(renamed_doc, position, occurrence.name)
    assert not isinstance(back, navigation.Refused), back
    assert _apply(renamed, back) == text
    # every name still resolves to the same line (the rename captured nothing)
    assert _resolution(renamed) == _resolution(text)


def _resolution(text: str) -> list[tuple[str, int, int | None]]:
    return [
        (o.kind, o.span.start.line, o.definition.start.line if o.definition else None)
        for o in symbol_index(parse(text)).occurrences
    ]


@settings(max_examples=150, deadline=None)
@given(dockerfiles())
def test_uses_resolve_as_the_model_scopes_them(text: str) -> None:
    """A use has a definition exactly when ``variables_at`` has its name there."""
    from dfls.model import variables_at

    doc = parse(text)
    for occurrence in symbol_index(doc).occurrences:
        if occurrence.kind != "variable" or occurrence.write:
            continue
        instruction = doc.instruction_at(occurrence.line)
        assert instruction is not None
        if instruction.keyword == "ARG":
            continue  # its pairs see the pairs before them
        resolved = occurrence.definition is not None
        assert resolved == (occurrence.name in variables_at(doc, instruction)), occurrence
