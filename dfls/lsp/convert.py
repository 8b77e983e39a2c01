"""The single mapping between dfls' core values and LSP's wire values.

The core works in code points (``Position.character`` counts characters of a Python
string). LSP counts in the negotiated position encoding: UTF-16 code units by default,
UTF-8 bytes (Neovim 0.11 offers it) or UTF-32 code points. Everything is converted here,
once, at the edge: columns of ASCII lines (almost all Dockerfile lines) cost nothing.

Diagnostics are built as plain JSON dicts rather than lsprotocol objects: serialising
hundreds of attrs objects through cattrs on every keystroke is the server's largest cost
otherwise. :func:`diagnostic` is the one place their shape is defined.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from dfls.lsp.capabilities import UTF8 as UTF8
from dfls.lsp.capabilities import UTF16 as UTF16
from dfls.lsp.capabilities import UTF32 as UTF32
from dfls.model import Position, Span
from dfls.rules.api import Edit, Fix, Severity, Tag, Violation

SOURCE = "dfls"

# LSP DiagnosticSeverity: 1 error, 2 warning, 3 information, 4 hint.
SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3, Severity.STYLE: 4}
# LSP DiagnosticTag: 1 unnecessary, 2 deprecated.
TAGS = {Tag.UNNECESSARY: 1, Tag.DEPRECATED: 2}

JsonRange = dict[str, dict[str, int]]


# -- columns ------------------------------------------------------------------------------


def to_client_column(line: str, column: int, encoding: str) -> int:
    """Code-point ``column`` of ``line`` in the client's units (clamped to the line)."""
    if column <= 0:
        return 0
    prefix = line[:column]
    if encoding == UTF32 or prefix.isascii():
        return len(prefix)
    if encoding == UTF8:
        return len(prefix.encode("utf-8", "surrogatepass"))
    return len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def from_client_column(line: str, units: int, encoding: str) -> int:
    """Client-unit column ``units`` of ``line`` as a code-point column.

    A column past the end of the line is the end of the line; a column inside a
    multi-unit character (half a surrogate pair, a byte inside a UTF-8 sequence) is the
    start of that character.
    """
    if units <= 0:
        return 0
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    count = 0
    for index, ch in enumerate(line):
        code = ord(ch)
        if encoding == UTF8:
            width = 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        else:
            width = 2 if code > 0xFFFF else 1
        if count + width > units:
            return index
        count += width
    return len(line)


def _line(lines: Sequence[str], number: int) -> str:
    return lines[number] if 0 <= number < len(lines) else ""


def position_to_client(lines: Sequence[str], position: Position, encoding: str) -> dict[str, int]:
    line = position.line
    return {
        "line": line,
        "character": to_client_column(_line(lines, line), position.character, encoding),
    }


def span_to_client(lines: Sequence[str], span: Span, encoding: str) -> JsonRange:
    return {
        "start": position_to_client(lines, span.start, encoding),
        "end": position_to_client(lines, span.end, encoding),
    }


def position_from_client(
    lines: Sequence[str], line: int, character: int, encoding: str
) -> Position:
    """A client position as a code-point position, clamped into the document."""
    if line < 0:
        return Position(0, 0)
    if line >= len(lines):
        last = len(lines) - 1
        return Position(last, len(lines[last])) if last >= 0 else Position(0, 0)
    return Position(line, from_client_column(lines[line], character, encoding))


def range_from_client(
    lines: Sequence[str], start: tuple[int, int], end: tuple[int, int], encoding: str
) -> Span:
    return Span(
        position_from_client(lines, start[0], start[1], encoding),
        position_from_client(lines, end[0], end[1], encoding),
    )


# -- diagnostics --------------------------------------------------------------------------


def diagnostic(
    violation: Violation, lines: Sequence[str], encoding: str, href: str | None
) -> dict[str, Any]:
    """One LSP ``Diagnostic`` (as JSON) for a violation; ``data`` carries the fix."""
    result: dict[str, Any] = {
        "range": span_to_client(lines, violation.span, encoding),
        "severity": SEVERITY[violation.severity],
        "code": violation.code,
        "source": SOURCE,
        "message": violation.message,
    }
    if href:
        result["codeDescription"] = {"href": href}
    if violation.tags:
        result["tags"] = sorted(TAGS[t] for t in violation.tags)
    data: dict[str, Any] = {"name": violation.name}
    if violation.fix is not None:
        data["fix"] = fix_to_json(violation.fix, lines, encoding)
    result["data"] = data
    return result


def fix_to_json(fix: Fix, lines: Sequence[str], encoding: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "title": fix.title,
        "applicability": fix.applicability.value,
        "edits": [edit_to_json(e, lines, encoding) for e in fix.edits],
    }
    if fix.new_files:
        found["newFiles"] = [{"path": f.path, "content": f.content} for f in fix.new_files]
    return found


def edit_to_json(edit: Edit, lines: Sequence[str], encoding: str) -> dict[str, Any]:
    return {"range": span_to_client(lines, edit.span, encoding), "newText": edit.new_text}


# -- URIs ---------------------------------------------------------------------------------


def uri_to_path(uri: str) -> Path | None:
    """The local path of a ``file:`` URI; None for other schemes (``untitled:``...)."""
    parsed = urlsplit(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"
    if len(path) >= 3 and path[0] == "/" and path[2] == ":":  # file:///C:/x on Windows
        path = path[1:]
    return Path(path)


def path_to_uri(path: Path) -> str:
    return path.absolute().as_uri()
