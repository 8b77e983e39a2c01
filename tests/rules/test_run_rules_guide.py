"""What the DF2xx rules say about the guide's own examples (research/rules.md section 10).

The guide's advice is the default; where one of its examples breaks its own advice, the
rule fires and the comment says which advice.
"""

from __future__ import annotations

import pytest

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from tests.test_guide import PRODUCTION

GO_MULTISTAGE = """\
# Stage 1: Build
FROM golang:1.22-alpine AS build
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -o /server .

# Stage 2: Production
FROM alpine:3.19
RUN apk --no-cache add ca-certificates
COPY --from=build /server /server
EXPOSE 8080
CMD ["/server"]
"""

NODE_MULTISTAGE = """\
# Stage 1: Install dependencies and build
FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# Stage 2: Production
FROM node:20-alpine
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
EXPOSE 3000
CMD ["node", "dist/main.js"]
"""

LAYER_ORDER = """\
FROM python:3.12-slim
RUN apt-get update && \\
    apt-get install -y --no-install-recommends libpq-dev && \\
    rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "uvicorn", "main:app", "--host", "0.0.0.0"]
"""

HEALTHCHECK = """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\
  CMD curl -f http://localhost:8000/health || exit 1

CMD ["python", "-m", "uvicorn", "main:app", "--host", "0.0.0.0"]
"""

TINI = """\
FROM python:3.12-slim
RUN apt-get update && apt-get install -y tini && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["tini", "--"]
CMD ["python", "main.py"]
"""

TECHNIQUE_2 = """\
FROM python:3.12-slim
RUN apt-get update && \\
    apt-get install -y --no-install-recommends gcc libpq-dev && \\
    pip install --no-cache-dir -r requirements.txt && \\
    apt-get purge -y gcc && \\
    apt-get autoremove -y && \\
    rm -rf /var/lib/apt/lists/*
"""


def _run_rule_codes(text: str) -> list[str]:
    """The codes of every DF2xx finding with the default selection."""
    result = engine.lint(Dockerfile.parse(text), Settings())
    assert not result.rule_errors
    return sorted(v.code for v in result.violations if v.code.startswith("DF2"))


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        (PRODUCTION, []),
        (GO_MULTISTAGE, []),
        (LAYER_ORDER, []),
        # Technique 2 purges gcc in the RUN that installed it: no build tools, no lists.
        (TECHNIQUE_2, []),
        # The HEALTHCHECK example copies the whole source before `pip install -r`,
        # against the guide's own layer-ordering advice.
        (HEALTHCHECK, ["DF211"]),
        # The tini example leaves out --no-install-recommends, unlike the size examples.
        (TINI, ["DF202"]),
        # The Node example copies node_modules from a stage that ran a full `npm ci`, so
        # devDependencies ship, against "Use npm ci --omit=dev for production".
        (NODE_MULTISTAGE, ["DF216"]),
    ],
)
def test_guide_examples(text: str, codes: list[str]) -> None:
    assert _run_rule_codes(text) == codes


def test_package_pinning_is_off_by_default_but_available() -> None:
    settings = Settings(extend_select=("DF214",))
    result = engine.lint(Dockerfile.parse(LAYER_ORDER), settings)
    assert [v.code for v in result.violations if v.code.startswith("DF2")] == ["DF214"]
