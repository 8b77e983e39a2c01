FROM alpine
RUN apk update \
    && apk add curl \
    || true
RUN a \
    | b
