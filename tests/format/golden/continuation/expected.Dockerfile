FROM debian:12
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates \
      curl \
        git \
    && rm -rf /var/lib/apt/lists/*
RUN set -eux; \
    \
    case "$arch" in \
        amd64) url=a ;; \
        *) exit 1 ;; \
    esac; \
    \
    tar --extract \
        --file x.tgz \
        --strip-components 1 \
    ; \
    rm x.tgz
RUN apk add --no-cache \
    # why we need it
    openssh-client \
    # and git too
    git
ENV A=1 \
    B=2 \
        C=3
