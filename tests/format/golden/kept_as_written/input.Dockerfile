from alpine
RUN echo "a \
      b"
RUN echo foo\
bar
WORKDIR /a\
  /b
ENV LEGACY value with \
     spaces
LABEL description="two   spaces" \
      version=1
