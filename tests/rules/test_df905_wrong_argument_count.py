from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags

FROM = "FROM alpine:3.20\n"


@pytest.mark.parametrize(
    ("line", "span", "words"),
    [
        ("WORKDIR", (0, 7), "WORKDIR needs a path"),
        ("USER  ", (0, 4), "USER needs a user"),
        ("ENV --x=1", (0, 3), "ENV needs a name and a value"),
        ("EXPOSE", (0, 6), "EXPOSE needs a port"),
        ("SHELL []", (0, 5), "SHELL needs a JSON array"),
        ("VOLUME []", (0, 6), "VOLUME needs a path"),
        ("COPY", (0, 4), "COPY needs a source and a destination"),
        ("COPY --from=a app.tar.gz", (14, 24), "COPY needs a destination after the source"),
        ('ADD ["a"]', (4, 9), "ADD needs a destination"),
        ("FROM", (0, 4), "FROM needs an image"),
        ("FROM alpine:3.20 AS", (17, 19), "a stage name is missing after `AS`"),
        ("FROM alpine:3.20 runtime", (17, 24), "FROM takes an image and optionally `AS <name>`"),
        ("FROM alpine:3.20 AS a b c", (22, 25), "only one stage name"),
        ("HEALTHCHECK", (0, 11), "HEALTHCHECK needs `CMD <command>` or `NONE`"),
        ("HEALTHCHECK --interval=5s CMD", (26, 29), "HEALTHCHECK CMD needs a command"),
        ("HEALTHCHECK CMD []", (12, 15), "HEALTHCHECK CMD needs a command"),
        ("HEALTHCHECK NONE now", (17, 20), "HEALTHCHECK NONE takes nothing more"),
        ("HEALTHCHECK CONNECT TCP 7000", (12, 19), "not `CONNECT`"),
        ("ONBUILD WORKDIR", (8, 15), "WORKDIR needs a path"),
        ("ONBUILD", (0, 7), "ONBUILD needs an instruction"),
        ("SHELL /bin/bash -c", (6, 18), "SHELL takes a JSON array"),
    ],
)
def test_flags(line: str, span: tuple[int, int], words: str) -> None:
    (violation,) = assert_flags("DF905", FROM + line + "\n")
    assert words in violation.message
    start, end = violation.span
    assert (start.line, start.character, end.line, end.character) == (1, span[0], 1, span[1])


@pytest.mark.parametrize(
    "line",
    [
        "RUN",
        "CMD",
        "ENTRYPOINT",
        "ENTRYPOINT []",
        "WORKDIR /my app",
        "COPY <<EOF /app/conf\nx\nEOF",
        'COPY ["a", "b"]',
        "FROM alpine:3.20 as build",
        "HEALTHCHECK NONE",
        'HEALTHCHECK CMD ["true"]',
        "HEALTHCHECK cmd curl -f http://localhost/",
        "ONBUILD FROM alpine",
        'ADD \\conf\\\\" /.znc',
        "ARG A",
        "STOPSIGNAL SIGTERM",
        'SHELL ["/bin/bash", "-c"]',
        "SHELL ['/bin/bash', '-c']",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF905", FROM + line + "\n")
