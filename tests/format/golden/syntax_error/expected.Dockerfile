FROM alpine
RUN echo ok
RUN <<EOF
echo never ends
