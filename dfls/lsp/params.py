"""The params of the messages the server reads as plain JSON (text sync, pulled
diagnostics, settings), checked for what dfls reads of them.

A value of the wrong shape raises :class:`InvalidParams` naming where it is (``$.textDocument.uri``),
which the router answers or logs in one line, as it does for the messages pygls reads.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from dfls.lsp.jsonrpc import InvalidParams

UINTEGER_MAX = 2**31 - 1


class Change(NamedTuple):
    """One ``contentChanges`` entry: a range in client units (None: the whole text)."""

    range: tuple[tuple[int, int], tuple[int, int]] | None
    text: str


def obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidParams(f"{where}: expected an object, got {_kind(value)}")
    return value


def string(parent: dict[str, Any], key: str, where: str) -> str:
    value = parent.get(key)
    if not isinstance(value, str):
        raise InvalidParams(f"{where}.{key}: expected a string, got {_kind(value)}")
    return value


def integer(parent: dict[str, Any], key: str, where: str, low: int = -(2**31)) -> int:
    value = parent.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= UINTEGER_MAX:
        raise InvalidParams(f"{where}.{key}: expected an integer, got {_kind(value)}")
    return value


def boolean(parent: dict[str, Any], key: str, where: str) -> bool:
    value = parent.get(key)
    if not isinstance(value, bool):
        raise InvalidParams(f"{where}.{key}: expected a boolean, got {_kind(value)}")
    return value


def optional_object(parent: dict[str, Any], key: str, where: str) -> dict[str, Any] | None:
    """An optional member that, when given, must be an object (a request's ``context``)."""
    return None if parent.get(key) is None else obj(parent[key], f"{where}.{key}")


def position(params: Any) -> tuple[int, int]:
    """``position`` of a ``{textDocument, position}`` params object: (line, character)."""
    return _position(obj(params, "$").get("position"), "$.position")


def text_range(params: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """``range`` of a params object: its start and end (line, character)."""
    span = obj(obj(params, "$").get("range"), "$.range")
    return _position(span.get("start"), "$.range.start"), _position(span.get("end"), "$.range.end")


def optional_string(parent: dict[str, Any], key: str, where: str) -> str | None:
    return None if parent.get(key) is None else string(parent, key, where)


def document_uri(params: Any) -> str:
    """``textDocument.uri`` of a ``{textDocument: {uri}}`` params object."""
    document = obj(obj(params, "$").get("textDocument"), "$.textDocument")
    return string(document, "uri", "$.textDocument")


def opened(params: Any) -> tuple[str, int, str]:
    """didOpen: the document's URI, version and text."""
    item = obj(obj(params, "$").get("textDocument"), "$.textDocument")
    where = "$.textDocument"
    return string(item, "uri", where), integer(item, "version", where), string(item, "text", where)


def changed(params: Any) -> tuple[str, int, list[Change]]:
    """didChange: the document's URI, its new version and the content changes."""
    params = obj(params, "$")
    document = obj(params.get("textDocument"), "$.textDocument")
    uri = string(document, "uri", "$.textDocument")
    version = integer(document, "version", "$.textDocument")
    changes = params.get("contentChanges")
    if not isinstance(changes, list):
        raise InvalidParams(f"$.contentChanges: expected an array, got {_kind(changes)}")
    return uri, version, [_change(c, f"$.contentChanges[{i}]") for i, c in enumerate(changes)]


def changed_files(params: Any) -> list[str]:
    """didChangeWatchedFiles: the URIs of the files that changed."""
    changes = obj(params, "$").get("changes")
    if not isinstance(changes, list):
        raise InvalidParams(f"$.changes: expected an array, got {_kind(changes)}")
    return [
        string(obj(c, f"$.changes[{i}]"), "uri", f"$.changes[{i}]") for i, c in enumerate(changes)
    ]


def _change(value: Any, where: str) -> Change:
    change = obj(value, where)
    text = string(change, "text", where)
    if change.get("range") is None:  # the whole document
        return Change(None, text)
    span = obj(change["range"], f"{where}.range")
    start = _position(span.get("start"), f"{where}.range.start")
    end = _position(span.get("end"), f"{where}.range.end")
    return Change((start, end), text)


def _position(value: Any, where: str) -> tuple[int, int]:
    position = obj(value, where)
    return integer(position, "line", where, 0), integer(position, "character", where, 0)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), repr(value)[:40]
    )
