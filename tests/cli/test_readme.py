"""The README's install instructions work: dfls is not on PyPI."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).parent.parent.parent / "README.md"


def test_readme_never_says_pip_install_dfls_from_pypi() -> None:
    """Regression: `pip install dfls` fails (no such package on PyPI)."""
    text = README.read_text(encoding="utf-8")
    assert not re.search(r"pip install dfls\b", text)
    assert "pip install /path/to/dfls" in text


def test_quick_start_describes_the_demo() -> None:
    text = README.read_text(encoding="utf-8")
    demo = (README.parent / ".ci" / "demo").read_text(encoding="utf-8")
    assert "dfls check --diff docs/demo/Dockerfile" in demo
    assert "dfls check --diff\ndocs/demo/Dockerfile" in text or (
        "dfls check --diff docs/demo/Dockerfile" in text
    )
