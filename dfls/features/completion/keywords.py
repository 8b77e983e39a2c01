"""Instructions at the start of a line (and after ONBUILD), with snippets from the guide."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfls.features.completion.items import Item, Kind, escape
from dfls.knowledge import reference
from dfls.model import Dockerfile

# What follows each keyword in its snippet (LSP snippet syntax; ``{E}`` is the file's escape
# character). Exec forms are complete JSON arrays, so accepting one never leaves bad JSON.
_BODIES: dict[str, str] = {
    "ADD": "${1:src} ${2:dest}",
    "ARG": "${1:NAME}",
    "CMD": '["${1:executable}", "${2:arg}"]',
    "COPY": "${1:src} ${2:dest}",
    "ENTRYPOINT": '["${1:executable}"]',
    "ENV": "${1:KEY}=${2:value}",
    "EXPOSE": "${1:8080}",
    "FROM": "${1:image}",
    "HEALTHCHECK": "--interval=${1:30s} --timeout=${2:5s} CMD ${3:curl -f http://localhost/ || exit 1}",
    "LABEL": 'org.opencontainers.image.${1:source}="${2:value}"',
    "MAINTAINER": "${1:name}",
    "RUN": "${1:command}",
    "SHELL": '["/bin/bash", "-o", "pipefail", "-c"]',
    "STOPSIGNAL": "${1:SIGTERM}",
    "USER": "${1:app}",
    "VOLUME": '["${1:/data}"]',
    "WORKDIR": "${1:/app}",
}

# Whole-instruction snippets that follow the guide: (label, detail, body).
_GUIDE: tuple[tuple[str, str, str], ...] = (
    (
        "RUN apt-get install",
        "update, install without recommends and remove the lists in one layer",
        "RUN apt-get update {E}\n"
        "    && apt-get install -y --no-install-recommends {E}\n"
        "        ${1:ca-certificates} {E}\n"
        "    && rm -rf /var/lib/apt/lists/*",
    ),
    (
        "RUN apk add",
        "install without keeping the index",
        "RUN apk add --no-cache ${1:ca-certificates}",
    ),
    (
        "RUN pip install (cache mount)",
        "pip's cache in a cache mount, out of the image",
        "RUN --mount=type=cache,target=/root/.cache/pip {E}\n"
        "    pip install ${1:-r requirements.txt}",
    ),
    (
        "USER (create a user, Debian/Ubuntu)",
        "create an unprivileged user, then switch to it",
        "RUN groupadd --system ${1:app} && useradd --system --gid ${1:app} --no-create-home ${1:app}\n"
        "USER ${1:app}",
    ),
    (
        "USER (create a user, Alpine)",
        "create an unprivileged user, then switch to it",
        "RUN addgroup -S ${1:app} && adduser -S -G ${1:app} ${1:app}\nUSER ${1:app}",
    ),
    (
        "FROM … AS build (multi-stage)",
        "build in an SDK stage, ship only the result",
        "FROM ${1:golang:1.24} AS ${2:build}\n"
        "WORKDIR /src\n"
        "COPY . .\n"
        "RUN ${3:go build -o /out/app .}\n"
        "\n"
        "FROM ${4:gcr.io/distroless/static-debian12:nonroot}\n"
        "COPY --from=${2:build} /out/app /app\n"
        'ENTRYPOINT ["/app"]',
    ),
    (
        "COPY --from=stage",
        "copy a build result from another stage",
        "COPY --from=${1:build} ${2:/out/app} ${3:/app}",
    ),
    (
        "ADD --checksum=sha256:",
        "a pinned, verified download",
        "ADD --checksum=sha256:${1:hash} ${2:https://example.com/file.tar.gz} ${3:/tmp/}",
    ),
)

_NOT_IN_ONBUILD = frozenset({"ONBUILD", "FROM", "MAINTAINER"})
_LINE_START = re.compile(r"^([A-Z]+)\b|\b(AS)\b", re.MULTILINE)


def lower_case(dockerfile: Dockerfile) -> bool:
    """Whether the file writes its keywords in lower case (most of the first ones)."""
    lower = upper = 0
    for instruction in dockerfile.instructions[:30]:
        text = instruction.keyword_text
        if text.islower():
            lower += 1
        elif text.isupper():
            upper += 1
    return lower > upper


def _has_from_before(dockerfile: Dockerfile, line: int) -> bool:
    first = next(dockerfile.by_keyword("FROM"), None)
    return first is not None and first.line < line


def keywords(
    dockerfile: Dockerfile, line: int, *, in_onbuild: bool = False, snippets: bool = True
) -> Iterator[Item]:
    """The instructions valid at the start of ``line`` (or after ONBUILD): before the first
    FROM only FROM and ARG, FROM first; then the guide's snippets."""
    lower = lower_case(dockerfile)
    escape_char = dockerfile.escape
    if in_onbuild:
        names = [k for k in reference.INSTRUCTIONS if k not in _NOT_IN_ONBUILD]
    elif not _has_from_before(dockerfile, line):
        names = ["FROM", "ARG"]
    else:
        names = sorted(reference.INSTRUCTIONS, key=lambda k: k in ("FROM", "MAINTAINER"))
    for name in names:
        keyword = name.lower() if lower else name
        entry = reference.INSTRUCTIONS[name]
        body = _BODIES.get(name)
        yield Item(
            label=keyword,
            kind=Kind.KEYWORD,
            text=keyword + " ",
            detail=entry.summary.replace("`", ""),
            snippet=f"{keyword} {body}" if body and snippets else None,
            doc=("instruction", name),
            deprecated=name == "MAINTAINER",
        )
    if in_onbuild:
        return
    for label, detail, body in _GUIDE:
        first = label.split()[0]
        if first not in names:
            continue
        body = body.replace("{E}", escape(escape_char))
        if lower:
            body = _LINE_START.sub(lambda m: m.group(0).lower(), body)
        yield Item(
            label=first.lower() + label[len(first) :] if lower else label,
            kind=Kind.SNIPPET,
            text="",
            detail=detail,
            snippet=body,
            doc=("instruction", first),
            filter_text=first.lower() if lower else first,
        )
