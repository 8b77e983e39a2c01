from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nADD app.py /app/\n",
        "FROM alpine:3.20\nADD . /app\n",
        "FROM alpine:3.20\nADD config/ /etc/app/\n",
        "FROM alpine:3.20\nadd app.py /app/\n",
        'FROM alpine:3.20\nADD ["my file.txt", "/app/"]\n',
        "FROM alpine:3.20\nADD --chown=app:app --chmod=644 --link app.py /app/\n",
        "FROM alpine:3.20\nADD bundle.zip /app/\n",  # ADD never unpacks zip files
        "FROM alpine:3.20\nADD a.txt \\\n    b.txt /app/\n",
        "FROM alpine:3.20\nONBUILD ADD . /app\n",
        "FROM alpine:3.20\nADD <<EOF /app/config\nkey=value\nEOF\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF304", text)


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nCOPY app.py /app/\n",
        "FROM alpine:3.20\nADD https://example.com/tool /usr/bin/tool\n",
        "FROM alpine:3.20\nADD git@github.com:org/repo.git /src\n",
        "FROM alpine:3.20\nADD rootfs.tar.gz /\n",
        "FROM alpine:3.20\nADD app.tgz /srv/\n",
        "FROM alpine:3.20\nADD data.tar.xz /data/\n",
        "FROM alpine:3.20\nADD data.tar.zst /data/\n",
        "FROM alpine:3.20\nADD app.py vendor.tar /app/\n",
        "FROM alpine:3.20\nADD $ARCHIVE /srv/\n",
        "FROM alpine:3.20\nADD --checksum=sha256:abc app.py /app/\n",
        "FROM alpine:3.20\nADD --keep-git-dir=true repo /src\n",
        "FROM alpine:3.20\nADD --unpack=true app.bin /srv/\n",
        "FROM alpine:3.20\n# hadolint ignore=DL3020\nADD app.py /app/\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF304", text)


def test_span_is_the_keyword() -> None:
    (violation,) = assert_flags("DF304", "FROM alpine:3.20\nONBUILD add . /app\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 8, 11)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("ADD --chown=1000 app.py /app/", "COPY --chown=1000 app.py /app/"),
        ("add . /app", "copy . /app"),
        ("ONBUILD ADD . /app", "ONBUILD COPY . /app"),
        ('ADD ["a b", "/app/"]', 'COPY ["a b", "/app/"]'),
    ],
)
def test_fix_renames_the_keyword(before: str, after: str) -> None:
    assert fixed("DF304", f"FROM alpine:3.20\n{before}\n", unsafe=False) == (
        f"FROM alpine:3.20\n{after}\n"
    )
