# dockerfmt #42 repeated a flag written on a continuation line
FROM python:3.10-slim-bookworm AS development
RUN --mount=type=bind,source=requirements.lock,target=requirements.lock \
  --mount=type=ssh \
  pip install -r requirements.lock &&  pip check
