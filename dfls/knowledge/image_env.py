"""The environment variables a base image sets: what a Dockerfile may use without an ENV.

BuildKit reads them from the image's config when it builds; offline we know them only for a
few official images. Every Linux stage also gets a default ``PATH`` when its image sets none
(BuildKit's ``system.DefaultPathEnv``); Windows stages do not.
"""

from __future__ import annotations

from dfls.knowledge.images import ImageInfo

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Official images whose config sets only PATH (the base OS images), and the language images
# whose ENV lines are stable across tags (docker-library's templates).
_FAMILY_ENV: dict[str, frozenset[str]] = {
    "scratch": frozenset(),
    "alpine": frozenset(),
    "busybox": frozenset(),
    "debian": frozenset(),
    "ubuntu": frozenset(),
    "buildpack-deps": frozenset(),
    "python": frozenset(
        {
            "LANG",
            "GPG_KEY",
            "PYTHON_VERSION",
            "PYTHON_SHA256",
            "PYTHON_PIP_VERSION",
            "PYTHON_SETUPTOOLS_VERSION",
            "PYTHON_GET_PIP_URL",
            "PYTHON_GET_PIP_SHA256",
        }
    ),
    "node": frozenset({"NODE_VERSION", "YARN_VERSION"}),
    "golang": frozenset({"GOLANG_VERSION", "GOTOOLCHAIN", "GOPATH"}),
    "rust": frozenset({"RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"}),
}


def image_env(info: ImageInfo) -> frozenset[str] | None:
    """The variables the image's config sets, PATH included; None when not known."""
    if info.is_windows or info.family is None:
        return None
    names = _FAMILY_ENV.get(info.family)
    return None if names is None else names | {"PATH"}
