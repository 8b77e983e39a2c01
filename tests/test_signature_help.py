"""Signature help on the pure function: the instruction's forms, the active part, its docs."""

from __future__ import annotations

from dfls.features.completion.signature import Signatures, signature_help
from dfls.model import Dockerfile, Position


def _at(text: str) -> Signatures | None:
    index = text.index("|")
    before = text[:index]
    line = before.count("\n")
    character = index - (before.rfind("\n") + 1)
    return signature_help(Dockerfile.parse(text.replace("|", "", 1)), Position(line, character))


def _active(text: str) -> str | None:
    found = _at(text)
    assert found is not None
    if found.active_parameter is None:
        return None
    signature = found.signatures[found.active_signature]
    parameter = signature.parameters[found.active_parameter]
    return signature.label[parameter.start : parameter.end]


def test_copy_forms_and_active_parameter() -> None:
    found = _at("FROM a:1\nCOPY |")
    assert found is not None
    label = found.signatures[0].label
    assert label.startswith("COPY [--from=<stage>] [--chown=<user>:<group>] [--chmod=<perms>]")
    assert "[--parents]" in label and "[--exclude=<path>]" in label
    assert _active("FROM a:1\nCOPY |") == "<src>..."
    assert _active("FROM a:1\nCOPY --from=bu|") == "[--from=<stage>]"
    assert _active("FROM a:1\nCOPY --chmod=755 |") == "<src>..."
    assert _active("FROM a:1\nCOPY --chmod=755 a.txt |") == "<dest>"
    assert _active("FROM a:1\nCOPY a b c |") == "<dest>"


def test_parameter_docs() -> None:
    found = _at("FROM a:1\nCOPY --from=x |")
    assert found is not None
    parameters = {
        found.signatures[0].label[p.start : p.end]: p.doc for p in found.signatures[0].parameters
    }
    assert parameters["[--from=<stage>]"] is not None
    assert "earlier build stage" in parameters["[--from=<stage>]"]
    assert parameters["<dest>"] is not None and "WORKDIR" in parameters["<dest>"]


def test_exec_form_is_chosen_by_the_bracket() -> None:
    shell = _at("FROM a:1\nCMD python |")
    exec_ = _at('FROM a:1\nCMD ["python", |')
    assert shell is not None and exec_ is not None
    assert shell.signatures[shell.active_signature].label == "CMD command arg"
    assert exec_.signatures[exec_.active_signature].label == 'CMD ["executable", "arg"]'


def test_run_flags_and_healthcheck_none() -> None:
    assert _active("FROM a:1\nRUN --mount=type=cache,|") == "[--mount=<options>]"
    assert _active("FROM a:1\nRUN --network=none |") == "<command>"
    found = _at("FROM a:1\nHEALTHCHECK NONE|")
    assert found is not None
    assert found.signatures[found.active_signature].label == "HEALTHCHECK NONE"


def test_onbuild_shows_the_trigger() -> None:
    assert _active("FROM a:1\nONBUILD COPY --from=x |") == "<src>..."


def test_nothing_on_the_keyword_or_outside_instructions() -> None:
    assert _at("FROM a:1\nCO|PY a b") is None
    assert _at("FROM a:1\n\n|") is None
    assert _at("FROM a:1\nRUN <<EOF\necho |\nEOF\n") is None


def test_onbuild_before_its_trigger() -> None:
    found = _at("FROM a:1\nONBUILD |")
    assert found is not None
    assert found.signatures[0].label == "ONBUILD <INSTRUCTION>"
