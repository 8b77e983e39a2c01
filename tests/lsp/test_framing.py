"""Cutting the client's bytes into messages: what is read as meant, what is recovered by
the JSON's own end, what is skipped, and when the input is given up on."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfls.lsp import framing
from dfls.lsp.framing import Frame, Framer, Unreadable

A = {"jsonrpc": "2.0", "method": "a", "params": {"text": "café ☕ 😀"}}
B = {"jsonrpc": "2.0", "id": 2, "method": "b"}


def _body(message: Any) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode()


def _framed(message: Any, header: bytes = b"Content-Length: %d\r\n\r\n") -> bytes:
    body = _body(message)
    return header % len(body) + body


def _by_characters(message: Any) -> bytes:
    body = _body(message)
    return b"Content-Length: %d\r\n\r\n" % len(body.decode()) + body


def _read(*chunks: bytes) -> list[Frame]:
    framer = Framer()
    return [frame for chunk in chunks for frame in framer.feed(chunk)]


@pytest.mark.parametrize(
    "header",
    [
        b"Content-Length: %d\r\n\r\n",
        b"content-length: %d\r\n\r\n",
        b"CONTENT-LENGTH:%d\r\n\r\n",
        b"Content-Length:  %d \t\r\n\r\n",
        b"  Content-Length : %d\r\n\r\n",
        b"Content-Length: %d\n\n",
        b"Content-Length: %d\r\n\n",
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n",
        b"Content-Length: %d\r\nX-Other: 1\r\n\r\n",
    ],
)
def test_unambiguous_headers_are_read_without_a_warning(
    header: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, "dfls.lsp.framing"):
        assert _read(_framed(A, header) + _framed(B, header)) == [Frame(A), Frame(B)]
    assert not caplog.records


@given(st.lists(st.integers(min_value=1, max_value=40), max_size=30))
def test_any_chunking_gives_the_same_messages(cuts: list[int]) -> None:
    data = _framed(A) + _framed(B) + _framed(A, b"content-length:%d\n\n") + _framed([1, 2])
    chunks, rest = [], data
    for cut in cuts:
        chunks.append(rest[:cut])
        rest = rest[cut:]
    assert _read(*chunks, rest) == [Frame(A), Frame(B), Frame(A), Frame([1, 2])]


def test_a_length_counted_in_characters_reads_the_whole_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        assert _read(_by_characters(A)) == [Frame(A)]
        assert _read(_by_characters(A) + _by_characters(A) + _framed(B)) == [Frame(A)] * 2 + [
            Frame(B)
        ]
    assert "counting characters" in caplog.text
    # The rest of the body in a later read: waited for, not taken for junk.
    data = _by_characters(A)
    cut = data.index(b"\xc3")  # é: the length ends before here
    framer = Framer()
    assert framer.feed(data[: cut + 8]) == []
    assert framer.waiting
    assert framer.feed(data[cut + 8 :] + _framed(B)) == [Frame(A), Frame(B)]


def test_a_length_too_long(caplog: pytest.LogCaptureFixture) -> None:
    body = _body(B)
    long = b"Content-Length: %d\r\n\r\n" % (len(body) + 500) + body
    with caplog.at_level(logging.WARNING):
        # The next messages are there: the JSON ended before them.
        assert _read(long + _framed(A) * 8) == [Frame(B)] + [Frame(A)] * 8
        # Nothing follows: the client waits for an answer.
        framer = Framer()
        assert framer.feed(long + _framed(A)) == []
        assert framer.waiting
        assert framer.stalled() == [Frame(B), Frame(A)]
        assert framer.stalled() == []  # nothing is left waiting
    assert "shorter than its Content-Length" in caplog.text


def test_a_slow_client_is_waited_for_not_silently(caplog: pytest.LogCaptureFixture) -> None:
    data = _framed(A)
    framer = Framer()
    assert framer.feed(data[:-5]) == []
    with caplog.at_level(logging.WARNING):
        for _ in range(framing.PATIENCE * 2):
            assert framer.stalled() == []  # the body is not complete JSON yet
    assert framer.feed(data[-5:]) == [Frame(A)]
    [record] = caplog.records
    assert f"{len(data) - 5 - data.index(b'{')} of the" in record.getMessage()


@pytest.mark.parametrize(
    "value",
    [b"9" * 5000, b"99999999999", b"abc", b"-5", b"12 34", b""],
)
def test_a_length_that_is_no_length_is_ignored(
    value: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert _read(b"Content-Length: " + value + b"\r\n\r\n" + _body(A) + _framed(B)) == [
            Frame(A),
            Frame(B),
        ]
    assert "ignoring Content-Length" in caplog.text
    assert len(caplog.text) < 500  # not all 5,000 digits


def test_messages_without_content_length(caplog: pytest.LogCaptureFixture) -> None:
    framer = Framer()
    with caplog.at_level(logging.WARNING):
        assert framer.feed(b"Content-Type: x\r\n\r\n" + _body(A) + _framed(B)) == [
            Frame(A),
            Frame(B),
        ]
        assert framer.feed(_body(A) + _body(B) + b"\r\n" + _framed(A)) == [
            Frame(A),
            Frame(B),
            Frame(A),
        ]
        # Alone, with the client waiting for its answer: read at once.
        assert framer.feed(_body(B)) == [Frame(B)]
    assert caplog.text.count("without Content-Length") == 1  # said once per session


def test_junk_is_skipped_up_to_the_next_header(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert _read(b"junk\r\nmore junk" + _framed(A) + b"xx\r\n" + _framed(B)) == [
            Frame(A),
            Frame(B),
        ]
        assert _read(b"\x00\xff garbage: Content-Length: 3\r\n\r\n[1]") == [Frame([1])]
    assert [r.getMessage().split(" bytes")[0] for r in caplog.records] == [
        "skipped 15",
        "skipped 4",
        "skipped 12",
    ]


def test_input_that_is_not_lsp_is_given_up_on() -> None:
    framer = Framer()
    line = b"hello, this is not a language server client\n"
    with pytest.raises(Unreadable, match="not LSP messages"):
        for _ in range(framing.JUNK_LIMIT // len(line) + 2):
            framer.feed(line)


def test_an_endless_line_is_given_up_on() -> None:
    framer = Framer()
    with pytest.raises(Unreadable):
        for _ in range(framing.JUNK_LIMIT // 1000 * 2):
            framer.feed(b"x" * 1000)


def test_bodies_that_are_not_json_get_their_parse_error() -> None:
    [frame] = _read(b"Content-Length: 9\r\n\r\n{not json")
    assert frame.message is None and frame.error
    [deep] = _read(_framed(json.loads("[" * 500 + "]" * 500)).replace(b"[" * 500, b"[" * 100_000))
    assert deep.error is not None
    [frame] = _read(b'Content-Length: 4\r\n\r\n"\xff\xfe"')  # not UTF-8
    assert frame.error is not None
    # Cut short with nothing after it: the rest may still come, until input stalls.
    framer = Framer()
    assert framer.feed(b'Content-Length: 7\r\n\r\n{"a": 1') == []
    [frame] = framer.stalled()
    assert frame.message is None and frame.error
    assert framer.feed(_framed(B)) == [Frame(B)]


def test_the_body_of_a_header_block_without_length_that_is_not_json() -> None:
    framer = Framer()
    [frame] = framer.feed(b"Content-Type: x\r\n\r\n{nope}\r\n")
    assert frame.error is not None
    assert framer.feed(_framed(B)) == [Frame(B)]


def test_an_open_value_without_a_length_is_dropped_when_input_stalls(
    caplog: pytest.LogCaptureFixture,
) -> None:
    framer = Framer()
    assert framer.feed(b'{"jsonrpc": "2.0", "id": 1') == []
    with caplog.at_level(logging.WARNING):
        [frame] = framer.stalled()
    assert frame.error == "a message cut short"
    assert "cut short" in caplog.text
    assert framer.feed(_framed(B)) == [Frame(B)]


def test_a_partial_header_is_waited_for() -> None:
    framer = Framer()
    assert framer.feed(b"Content-Len") == []
    assert framer.stalled() == []
    assert framer.feed(b"gth: 3\r\n\r\n[1]") == [Frame([1])]
