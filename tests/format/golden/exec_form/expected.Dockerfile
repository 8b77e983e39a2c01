FROM alpine
CMD ["python", "app.py", "--port", "8080"]
ENTRYPOINT ["/bin/tini", "--"]
HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]
SHELL ["/bin/sh", "-c"]
RUN ["echo", "été"]
CMD ["not", valid json]
CMD ['single', 'quotes']
VOLUME ["/data", "/logs"]
ENTRYPOINT ["a", \
    "b"]
