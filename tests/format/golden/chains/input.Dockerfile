FROM alpine
RUN apk update && apk add curl && rm -rf /var/cache/apk/*
RUN apk update && apk add curl \
    && curl -fsSL https://example.com/x.tgz | tar -xz -C /opt && rm -f /tmp/x
RUN apk update && \
    apk add a && apk add b || true
RUN if [ -f /etc/x ]; then a && b; fi \
    && c
RUN echo "a && b" && \
    echo done
