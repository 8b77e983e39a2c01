"""The guide's own Dockerfiles: the production one is clean, the "problem" ones are caught."""

from __future__ import annotations

from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from dfls.rules.api import BuildContext, Severity

# The guide's complete production Dockerfile (Go on scratch).
PRODUCTION = """\
FROM golang:1.22-alpine AS build
RUN apk --no-cache add ca-certificates
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -ldflags="-s -w" -o /server .

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /server /server
EXPOSE 8080
USER 65534
ENTRYPOINT ["/server"]
"""

GUIDE_DOCKERIGNORE = BuildContext(
    known=True,
    dockerignore=(".git", ".github", ".env", ".env.*", "node_modules", "dist", "*.md"),
)


def _lint(text: str, settings: Settings | None = None) -> list[tuple[str, Severity]]:
    result = engine.lint(Dockerfile.parse(text), settings or Settings(), GUIDE_DOCKERIGNORE)
    assert not result.rule_errors
    return [(v.code, v.severity) for v in result.violations]


def test_production_dockerfile_has_nothing_at_warning_or_error() -> None:
    serious = [
        (code, severity)
        for code, severity in _lint(PRODUCTION, Settings(select=("ALL",)))
        if severity.rank >= Severity.WARNING.rank
    ]
    assert serious == []


def test_production_dockerfile_is_clean_with_defaults() -> None:
    assert _lint(PRODUCTION) == []


def test_the_guides_problem_examples_are_caught() -> None:
    found = {code for code, _ in _lint("FROM python:3.12-slim\nCMD python main.py\n")}
    assert "DF401" in found  # shell-form CMD: the PID 1 problem
    found = {
        code
        for code, _ in _lint(
            'FROM python:3\nUSER app\nCMD ["python"]\n',
            Settings(select=("ALL",), rules={"DF101": {"strictness": "major"}}),
        )
    }
    assert "DF101" in found  # "FROM python:3 can change without warning"
    single_stage = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\nUSER 1000\nCMD ["/server"]\n'
    found = {code for code, _ in _lint(single_stage)}
    assert "DF102" in found  # the ~1 GB single-stage Go build
