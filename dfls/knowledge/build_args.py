"""The build arguments BuildKit defines without an ARG: platform and proxy arguments.

Shared by hover, completion, navigation and the rules that ask whether a variable is
defined (BuildKit's ``UndefinedVar`` and ``UndefinedArgInFrom``).
"""

from __future__ import annotations

from types import MappingProxyType

_PLATFORM = {
    "TARGETPLATFORM": "platform of the build result, e.g. `linux/amd64`",
    "TARGETOS": "OS of the build result, e.g. `linux`",
    "TARGETARCH": "architecture of the build result, e.g. `arm64`",
    "TARGETVARIANT": "variant of the build result's architecture, e.g. `v7`",
    "BUILDPLATFORM": "platform of the machine running the build",
    "BUILDOS": "OS of the machine running the build",
    "BUILDARCH": "architecture of the machine running the build",
    "BUILDVARIANT": "architecture variant of the machine running the build",
    "TARGETOSVERSION": "OS version of the build result (Windows builds)",
    "BUILDOSVERSION": "OS version of the machine running the build (Windows builds)",
    "TARGETSTAGE": "the stage being built: `--target`, else the last stage's name",
}

_PROXY = {
    name: "proxy setting passed with `--build-arg`; not kept in the image history"
    for base in ("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY")
    for name in (base, base.lower())
}

# Available in the global scope (FROM lines) without a declaration; inside a stage only
# once the stage declares them with a bare ``ARG NAME``.
PLATFORM_ARGS = MappingProxyType(_PLATFORM)
# Available to RUN without a declaration.
PROXY_ARGS = MappingProxyType(_PROXY)
PREDEFINED_ARGS = MappingProxyType({**_PLATFORM, **_PROXY})

# What the platform arguments hold on a linux/amd64 machine building for itself: where a
# check needs some value (is the FROM image valid with the defaults?), these stand in.
PLATFORM_DEFAULTS = MappingProxyType(
    {
        "TARGETPLATFORM": "linux/amd64",
        "TARGETOS": "linux",
        "TARGETARCH": "amd64",
        "TARGETVARIANT": "",
        "TARGETOSVERSION": "",
        "BUILDPLATFORM": "linux/amd64",
        "BUILDOS": "linux",
        "BUILDARCH": "amd64",
        "BUILDVARIANT": "",
        "BUILDOSVERSION": "",
        "TARGETSTAGE": "default",
    }
)
