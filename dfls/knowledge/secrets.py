"""Credentials with a recognisable shape: cloud keys, API tokens, private keys.

DF505 reports a value of this shape in ARG or ENV; messages never quote one
(:mod:`dfls.rules.quoting`).
"""

from __future__ import annotations

import re

CREDENTIAL_SHAPES = (
    ("an AWS access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})")),
    ("a GitLab token", re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("an npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("an OpenAI-style key", re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}")),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----")),
)
"""(what it is, its shape): what DF505 looks for in ARG and ENV values."""


def credential_shape(value: str) -> str | None:
    """What kind of credential ``value`` holds (``"an AWS access key"``), if any."""
    return next((what for what, pattern in CREDENTIAL_SHAPES if pattern.search(value)), None)


def redact(text: str, mask: str = "***") -> str:
    """``text`` with every credential-shaped part replaced by ``mask``."""
    for _, pattern in CREDENTIAL_SHAPES:
        text = pattern.sub(mask, text)
    return text
