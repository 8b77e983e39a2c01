"""What the client can do, from its initialize params; what the server answers."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import default_converter
from pytest_lsp import client_capabilities

from dfls import __version__
from dfls.features.token_legend import TOKEN_MODIFIERS, TOKEN_TYPES
from dfls.lsp.capabilities import (
    COMPLETION_TRIGGERS,
    FIX_ALL_KIND,
    SIGNATURE_RETRIGGERS,
    SIGNATURE_TRIGGERS,
    UTF8,
    UTF16,
    UTF32,
    ClientFeatures,
    client_features,
    initialize_result,
)

CLIENTS = ["visual-studio-code", "neovim@v0.11.0", "emacs"]
_CONVERTER = default_converter()  # type: ignore[no-untyped-call]


def _params(spec: str, **extra: Any) -> dict[str, Any]:
    """The initialize params a recorded client sends (as JSON)."""
    caps = _CONVERTER.unstructure(client_capabilities(spec))
    return {"processId": None, "capabilities": caps, **extra}


def test_visual_studio_code() -> None:
    params = _params("visual-studio-code", clientInfo={"name": "Visual Studio Code"})
    assert client_features(params) == ClientFeatures(
        client="Visual Studio Code",
        position_encoding=UTF16,
        pull_diagnostics=False,
        markdown_hover=True,
        document_changes=True,
        create_files=True,
        resolve_edits=True,
        configuration_pull=True,
        refresh_diagnostics=False,
        watch_files_dynamically=True,
        register_configuration=True,
        completion_snippets=True,
        completion_docs="markdown",
        signature_docs="markdown",
        hierarchical_symbols=True,
        prepare_rename=True,
        work_done_progress=True,
    )


def test_neovim_0_11() -> None:
    assert client_features(_params("neovim@v0.11.0")) == ClientFeatures(
        position_encoding=UTF8,  # offered first
        pull_diagnostics=True,
        markdown_hover=True,
        document_changes=False,
        create_files=False,  # resource operations, but no documentChanges
        resolve_edits=True,
        configuration_pull=True,
        refresh_diagnostics=False,
        watch_files_dynamically=False,
        register_configuration=False,
        completion_snippets=True,
        completion_edit_range=True,
        completion_docs="markdown",
        signature_docs="markdown",
        hierarchical_symbols=True,
        prepare_rename=True,
        work_done_progress=True,
    )


@pytest.mark.parametrize("params", [{}, {"capabilities": {}}, {"capabilities": None}])
def test_a_minimal_client_gets_the_defaults(params: dict[str, Any]) -> None:
    features = client_features(params)
    assert features == ClientFeatures()
    assert features.position_encoding == UTF16
    assert not features.markdown_hover  # plain text unless markdown is offered


def test_values_of_the_wrong_type_count_as_unsupported() -> None:
    params = {
        "clientInfo": {"name": 3},
        "capabilities": {
            "general": {"positionEncodings": "utf-8"},
            "textDocument": {"hover": {"contentFormat": [1, "markdown"]}, "codeAction": []},
            "workspace": {"configuration": "yes", "workspaceEdit": {"documentChanges": 1}},
        },
    }
    assert client_features(params) == ClientFeatures(markdown_hover=True)


@pytest.mark.parametrize(
    ("offered", "chosen"),
    [
        (None, UTF16),
        ([], UTF16),
        (["utf-32", "utf-8"], UTF32),
        (["latin-1", "utf-8"], UTF8),
        (["latin-1"], UTF16),
    ],
)
def test_position_encoding_is_the_first_offered_that_dfls_supports(
    offered: list[str] | None, chosen: str
) -> None:
    params = {"capabilities": {"general": {"positionEncodings": offered}}}
    assert client_features(params).position_encoding == chosen


def test_features_are_frozen() -> None:
    with pytest.raises(AttributeError):
        ClientFeatures().pull_diagnostics = True  # type: ignore[misc]


# -- the initialize answer, next to what pygls would compute -------------------------------


NAVIGATION_METHODS = (
    types.TEXT_DOCUMENT_DEFINITION,
    types.TEXT_DOCUMENT_REFERENCES,
    types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT,
    types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
    types.TEXT_DOCUMENT_PREPARE_RENAME,
    types.TEXT_DOCUMENT_RENAME,
    types.WORKSPACE_SYMBOL,
)


def _pygls_answer(params: dict[str, Any]) -> Any:
    """What pygls' own ``initialize`` answered when it served every dfls method."""
    server = LanguageServer("dfls", __version__)
    nothing: Any = lambda *args: None  # noqa: E731
    for method in (
        types.INITIALIZED,
        types.SHUTDOWN,
        types.TEXT_DOCUMENT_DID_OPEN,
        types.TEXT_DOCUMENT_DID_CHANGE,
        types.TEXT_DOCUMENT_DID_CLOSE,
        types.CODE_ACTION_RESOLVE,
        types.TEXT_DOCUMENT_HOVER,
        types.WORKSPACE_DID_CHANGE_CONFIGURATION,
        types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        *NAVIGATION_METHODS,
        types.TEXT_DOCUMENT_FORMATTING,
        types.TEXT_DOCUMENT_RANGE_FORMATTING,
    ):
        server.feature(method)(nothing)
    server.feature(
        types.TEXT_DOCUMENT_ON_TYPE_FORMATTING,
        types.DocumentOnTypeFormattingOptions(first_trigger_character="\n"),
    )(nothing)
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
            resolve_provider=True,
        ),
    )(nothing)
    _layout_features(server)
    server.feature(types.COMPLETION_ITEM_RESOLVE)(nothing)
    server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=COMPLETION_TRIGGERS, resolve_provider=True),
    )(nothing)
    server.feature(
        types.TEXT_DOCUMENT_SIGNATURE_HELP,
        types.SignatureHelpOptions(
            trigger_characters=SIGNATURE_TRIGGERS, retrigger_characters=SIGNATURE_RETRIGGERS
        ),
    )(nothing)
    if client_features(params).pull_diagnostics:
        server.feature(
            types.TEXT_DOCUMENT_DIAGNOSTIC,
            types.DiagnosticOptions(
                identifier="dfls", inter_file_dependencies=False, workspace_diagnostics=False
            ),
        )(nothing)
        server.feature(types.WORKSPACE_DIAGNOSTIC)(nothing)
    typed = _CONVERTER.structure(params, types.InitializeParams)
    answer: Generator[Any, Any, types.InitializeResult] = server.protocol.lsp_initialize(typed)
    with pytest.raises(StopIteration) as done:  # no user handler: it runs to its end
        next(answer)
    return _CONVERTER.unstructure(done.value.value)


def _layout_features(server: LanguageServer) -> None:
    """Folding, selection ranges, links, inlay hints and semantic tokens, as pygls would
    announce them (dfls serves them on plain JSON)."""
    nothing: Any = lambda *args: None  # noqa: E731
    for method in (types.TEXT_DOCUMENT_FOLDING_RANGE, types.TEXT_DOCUMENT_SELECTION_RANGE):
        server.feature(method)(nothing)
    server.feature(
        types.TEXT_DOCUMENT_DOCUMENT_LINK, types.DocumentLinkOptions(resolve_provider=False)
    )(nothing)
    server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))(
        nothing
    )
    legend = types.SemanticTokensLegend(
        token_types=list(TOKEN_TYPES), token_modifiers=list(TOKEN_MODIFIERS)
    )
    for method in (
        types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
        types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL_DELTA,
        types.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE,
    ):
        server.feature(method, legend)(nothing)


@pytest.mark.parametrize("spec", [*CLIENTS, "minimal"])
def test_the_answer_is_what_pygls_computed(spec: str) -> None:
    params = {"capabilities": {}} if spec == "minimal" else _params(spec)
    assert initialize_result(client_features(params), params) == _pygls_answer(params)
