"""The params of the messages dfls reads as plain JSON: what it takes, what it refuses."""

from __future__ import annotations

from typing import Any

import pytest

from dfls.lsp import params
from dfls.lsp.jsonrpc import INVALID_PARAMS, InvalidParams
from dfls.lsp.params import Change

URI = "file:///w/Dockerfile"


def test_did_open() -> None:
    item = {"uri": URI, "languageId": "dockerfile", "version": 3, "text": "FROM a\n"}
    assert params.opened({"textDocument": item}) == (URI, 3, "FROM a\n")


def test_did_change_with_ranges_and_whole_texts() -> None:
    span = {"start": {"line": 1, "character": 2}, "end": {"line": 1, "character": 4}}
    changes = [{"range": span, "rangeLength": 2, "text": "x"}, {"text": "FROM b\n"}]
    found = params.changed({"textDocument": {"uri": URI, "version": 4}, "contentChanges": changes})
    assert found == (URI, 4, [Change(((1, 2), (1, 4)), "x"), Change(None, "FROM b\n")])


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ({"textDocument": 3}, "$.textDocument: expected an object"),
        ({"textDocument": {"uri": URI, "version": "1", "text": ""}}, "$.textDocument.version"),
        ({"textDocument": {"uri": URI, "version": True, "text": ""}}, "$.textDocument.version"),
        ({"textDocument": {"uri": None, "version": 1, "text": ""}}, "$.textDocument.uri"),
        (None, "$: expected an object"),
    ],
)
def test_did_open_of_the_wrong_shape(value: Any, where: str) -> None:
    with pytest.raises(InvalidParams) as error:
        params.opened(value)
    assert error.value.code == INVALID_PARAMS
    assert str(error.value).startswith(where)


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        (None, "$.contentChanges: expected an array"),
        ([{"range": {"start": {"line": 0}}, "text": ""}], "$.contentChanges[0].range.start.char"),
        ([{"range": {"start": {"line": -1, "character": 0}}, "text": ""}], "$.contentChanges[0]"),
        ([{"text": 3}], "$.contentChanges[0].text"),
    ],
)
def test_did_change_of_the_wrong_shape(changes: Any, where: str) -> None:
    with pytest.raises(InvalidParams) as error:
        params.changed({"textDocument": {"uri": URI, "version": 2}, "contentChanges": changes})
    assert str(error.value).startswith(where)


def test_document_uri_and_changed_files() -> None:
    assert params.document_uri({"textDocument": {"uri": URI}}) == URI
    changes = {"changes": [{"uri": URI, "type": 1}, {"uri": "file:///w/.dfls.toml", "type": 2}]}
    assert params.changed_files(changes) == [URI, "file:///w/.dfls.toml"]
    with pytest.raises(InvalidParams):
        params.changed_files({"changes": [{"type": 1}]})
