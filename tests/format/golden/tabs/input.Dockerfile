FROM alpine
RUN apk add \
    curl \
        nested \
    git
