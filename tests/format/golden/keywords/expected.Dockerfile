FROM alpine:3.20 AS build
RUN apk add --no-cache curl
ONBUILD RUN echo hi
ENV A=1
COPY --from=build --chmod=644 /a /b
WORKDIR /srv/my  app
FROM scratch AS final
