FROM alpine
RUN a && \
    b

CMD ["x", "y"]
