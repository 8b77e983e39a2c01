ARG V=1
FROM alpine AS a
RUN true
# the final stage
# really
FROM a AS b
RUN true

FROM b
