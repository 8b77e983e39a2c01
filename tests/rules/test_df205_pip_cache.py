from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed

PY = "FROM python:3.12-slim\n"


@pytest.mark.parametrize(
    "text",
    [
        PY + "RUN pip install -r requirements.txt\n",
        PY + "run pip3 install flask\n",
        PY + "RUN python -m pip install --upgrade pip\n",
        PY + "RUN python3.12 -m pip install \\\n    flask\n",
        PY + "RUN <<EOF\npip install flask\nEOF\n",
        PY + "RUN PIP_INDEX_URL=x pip install flask\n",
        # A cache mount somewhere else, or a bind mount, does not help.
        PY + "RUN --mount=type=cache,target=/root/.npm pip install flask\n",
        PY + "RUN --mount=type=bind,target=/root/.cache/pip pip install flask\n",
        # Removing the cache in a later RUN is too late.
        PY + "RUN pip install flask\nRUN rm -rf /root/.cache/pip\n",
        "FROM python:3.12-slim AS base\nRUN pip install flask\nFROM base\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF205", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        PY + "RUN pip install --no-cache-dir -r requirements.txt\n",
        PY + "RUN pip install -r requirements.txt --no-cache-dir\n",
        PY + "RUN pip --no-cache-dir install flask\n",
        PY + "RUN pip install --no-cache flask\n",
        PY + "ENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
        PY + "ENV PIP_NO_CACHE_DIR=off\nRUN pip install flask\n",
        PY + "ARG PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
        "FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x\n",
        PY + "RUN PIP_NO_CACHE_DIR=1 pip install flask\n",
        PY + "RUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
        PY + "RUN --mount=type=cache,target=/root/.cache pip install flask\n",
        PY + "RUN --mount=type=cache,target=/home/app/.cache/pip pip install flask\n",
        PY + "RUN pip install flask && rm -rf /root/.cache/pip\n",
        PY + "RUN pip install flask && rm -rf ~/.cache\n",
        PY + "RUN pip install flask && pip cache purge\n",
        PY + "RUN pipx install poetry\n",
        PY + "RUN pip download flask\n",
        "FROM python:3.12 AS build\nRUN pip wheel -w /w flask && pip install flask\n"
        "FROM python:3.12-slim\nCOPY --from=build /w /w\n",
        PY + "ONBUILD RUN pip install flask\n",
        PY + "# hadolint ignore=DL3042\nRUN pip install flask\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF205", text)


def test_span_covers_python_m_pip_install() -> None:
    (violation,) = assert_flags("DF205", PY + "RUN python3 -m pip install x\n")
    assert (violation.span.start.character, violation.span.end.character) == (4, 26)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN pip install -r r.txt\n", "RUN pip install --no-cache-dir -r r.txt\n"),
        (
            "RUN pip install a && \\\n    pip install b\n",
            "RUN pip install --no-cache-dir a && \\\n    pip install --no-cache-dir b\n",
        ),
    ],
)
def test_fix_is_safe(before: str, after: str) -> None:
    assert fixed("DF205", PY + before, unsafe=False) == PY + after
