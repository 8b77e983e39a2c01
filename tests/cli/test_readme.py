"""The README's install instructions work: dfls is not on PyPI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


def _section(text: str, title: str) -> str:
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _first_cells(section: str) -> list[str]:
    return [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| `")]


def test_the_options_table_lists_every_check_option() -> None:
    """Regression: --exit-zero, --no-fail and --failure-threshold were missing."""
    import argparse

    from dfls.cli import main as cli

    (commands,) = [
        a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    ]
    check = commands.choices["check"]
    options = {o for a in check._actions for o in a.option_strings if o not in ("-h", "--help")}
    table = _section(README.read_text(encoding="utf-8"), "Command line")
    documented = {
        match.split()[0]
        for cell in _first_cells(table)
        for match in re.findall(r"`(-[^`]+)`", cell)
    }
    assert documented == options


def test_the_configuration_table_lists_every_key() -> None:
    import dataclasses

    from dfls.engine import config

    section = _section(README.read_text(encoding="utf-8"), "Configuration")
    keys = [cell.strip("`") for cell in _first_cells(section)]
    assert keys == [f.name.replace("_", "-") for f in dataclasses.fields(config.Settings)]
    (fail_level,) = [line for line in section.splitlines() if line.startswith("| `fail-level`")]
    assert all(f"`{level}`" in fail_level for level in config.FAIL_LEVELS)


def test_the_rule_options_are_the_rules_own() -> None:
    """The README's per-rule options are the text the docs render from the options'
    declarations (`docs.options_reference()`), so they cannot drift."""
    from dfls.features import docs

    section = _section(README.read_text(encoding="utf-8"), "Configuration")
    assert docs.options_reference() in section, (
        "paste this into the README's Configuration section:\n" + docs.options_reference()
    )


def test_the_inline_suppression_example_suppresses_what_it_says() -> None:
    from dfls.engine import linting as engine
    from dfls.engine.config import Settings
    from dfls.model import Dockerfile

    section = _section(README.read_text(encoding="utf-8"), "Inline suppression")
    example = section.split("```dockerfile\n", 1)[1].split("```", 1)[0]
    bare = "".join(line for line in example.splitlines(True) if not line.startswith("#"))
    everything = Settings(select=("ALL",))
    suppressed = {"DF213", "DF214", "DF401", "DF406"}  # dfls, hadolint, BuildKit, global
    without = {v.code for v in engine.lint(Dockerfile.parse(bare), everything).violations}
    assert suppressed <= without
    found = {v.code for v in engine.lint(Dockerfile.parse(example), everything).violations}
    assert not found & suppressed


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_relative_links_in_the_docs_resolve() -> None:
    root = README.parent
    pages = [README, root / "CONTRIBUTING.md", *sorted((root / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # an absolute URL
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
                if anchor not in {_anchor(h) for h in headings}:
                    broken.append(f"{page.name}: {target} (no such heading)")
    assert broken == []


ROOT = README.parent
# Where users read how to install dfls (the VS Code extension has its own test).
USER_FACING = [
    README,
    ROOT / "CONTRIBUTING.md",
    ROOT / "Dockerfile",
    *sorted((ROOT / "editors").glob("*.md")),
    *sorted((ROOT / "editors" / "neovim").rglob("*.lua")),
    *sorted((ROOT / "docs").rglob("*.md")),
    *sorted((ROOT / "dfls").rglob("*.py")),
]


@pytest.mark.parametrize("path", USER_FACING, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_install_command_names_dfls_on_pypi(path: Path) -> None:
    """Regression: the Neovim config and the Zed snippet said `pip install dfls` (or
    `pipx install dfls`), which fails: dfls is installed from a clone or a wheel."""
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"(?:pip|pipx|uv tool|uv pip) install (?:--\S+ )*dfls\b(?![-./])", text)
    assert found == []


def test_readme_install_commands_are_the_tested_ones() -> None:
    """tests/e2e/test_install.py runs these (pipx, uv tool, the wheel from `python -m build`)."""
    text = README.read_text(encoding="utf-8")
    for command in (
        "pipx install /path/to/dfls",
        "uv tool install /path/to/dfls",
        ".venv/bin/python -m build",
        "pipx install dist/dfls-*.whl",
    ):
        assert command in text, command
