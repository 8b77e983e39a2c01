"""dfls: a language server and CI linter for Dockerfiles."""

__version__ = "0.1.0"
