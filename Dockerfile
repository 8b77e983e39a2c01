# syntax=docker/dockerfile:1
# dfls in a container, run the way hadolint's image is:
#   docker build -t dfls .
#   docker run --rm -i dfls check - < Dockerfile         # one file, on stdin
#   docker run --rm -v "$PWD:/src" dfls                  # every Dockerfile under the current directory
# The context is only what builds the package (see .dockerignore).

# Debian 12's own Python 3.11 is the interpreter the distroless runtime below has at the
# same path (/usr/bin/python3), so the virtualenv made here runs there unchanged.
# build makes that virtualenv and installs dfls into it.
FROM debian:12-slim AS build
# python3-venv follows the base image's Debian release; a pinned version would vanish from
# the mirror at the next point release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install --yes --no-install-recommends python3-venv \
    && python3 -m venv /venv
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY dfls/ dfls/
# A regular install (compiled to bytecode); pip and setuptools are not needed at run time.
RUN /venv/bin/pip install --no-cache-dir --disable-pip-version-check . \
    && /venv/bin/pip uninstall --yes pip setuptools

# Run: Python and dfls, no shell and no package manager, as the image's non-root user.
FROM gcr.io/distroless/python3-debian12:nonroot
COPY --from=build /venv /venv
ENV PATH="/venv/bin:$PATH"
# Numeric, so that a runtime checking runAsNonRoot can tell it is not root.
USER 65532:65532
WORKDIR /src
# A command-line tool, not a service: nothing to health-check.
HEALTHCHECK NONE
ENTRYPOINT ["dfls"]
CMD ["check"]
