from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

FROM = "FROM debian:12-slim\n"


@pytest.mark.parametrize(
    "text",
    [
        FROM + "RUN wget -qO- https://x/t.tgz | tar -xz\n",
        FROM + "run curl -fsSL https://x/s | sh\n",
        FROM + "RUN set -eux; curl -fsSL https://x/t.tgz | tar -xz\n",
        FROM + "RUN apt-get update && \\\n    curl x \\\n    | tar -xz\n",
        FROM + "RUN <<EOF\nset -e\ncurl x | tar -xz\nEOF\n",
        FROM + 'RUN ["sh", "-c", "curl x | tar -xz"]\n',
        # SHELL without pipefail, or set in another stage that is not a parent
        FROM + 'SHELL ["/bin/bash", "-c"]\nRUN curl x | tar -xz\n',
        'FROM debian:12 AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "FROM debian:12\nRUN curl x | tar -xz\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF217", text, count=1)


@pytest.mark.parametrize(
    "text",
    [
        FROM + "RUN curl -o t.tgz https://x/t.tgz && tar -xzf t.tgz\n",
        FROM + "RUN false || true\n",
        FROM + 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl x | tar -xz\n',
        FROM + 'SHELL ["/bin/bash", "-euo", "pipefail", "-c"]\nRUN curl x | tar -xz\n',
        FROM + "RUN set -o pipefail && curl x | tar -xz\n",
        FROM + "RUN set -euxo pipefail; curl x | tar -xz\n",
        FROM + "RUN <<EOF\nset -euo pipefail\ncurl x | tar -xz\nEOF\n",
        'FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "FROM base\nRUN curl x | tar -xz\n",
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-c"]\n'
        "RUN Get-ChildItem | Select-Object Name\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir | findstr x\n",
        FROM + "ONBUILD RUN curl x | tar -xz\n",
        FROM + "RUN echo 'a | b'\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF217", text)


def test_span_is_the_pipeline_and_message_mentions_set_e() -> None:
    (found,) = assert_flags("DF217", FROM + "RUN set -e; curl x | tar -xz && echo done\n")
    assert (found.span.start.line, found.span.start.character) == (1, 12)
    assert found.span.end.character == 28
    assert "`set -e` does not catch it" in found.message
    (plain,) = assert_flags("DF217", FROM + "RUN curl x | tar -xz\n")
    assert "set -e`" not in plain.message


def test_pipe_inside_command_substitution() -> None:
    text = FROM + 'RUN set -eux; dst="$(echo "$src" | tr -d 3)"; echo "$dst"\n'
    (found,) = assert_flags("DF217", text)
    assert found.span.start.character == 14  # the whole `dst=...` word


def test_case_patterns_are_not_pipes() -> None:
    text = FROM + (
        'RUN case "$(uname -m)" in \\\n  x86_64|aarch64) echo ok ;; \\\n'
        "  armv7|armhf) echo arm ;; \\\n  *) exit 1 ;; \\\nesac\n"
    )
    assert_clean("DF217", text)
