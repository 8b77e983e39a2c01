"""DF214: packages installed without a version (off by default)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.packages.commands import PackageCommand, analyse
from dfls.model import Instruction
from dfls.model.shell import ShellWord
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation

# Per manager: what a version constraint looks like, and how to write one.
_PINS: dict[str, tuple[tuple[str, ...], str]] = {
    "apt-get": (("=",), "{name}=<version>"),
    "apk": (("=", "~", "<", ">"), "{name}=<version>"),
    "pip": (("==", "~=", ">=", "<=", "!=", "<", ">", "@"), "{name}==<version>"),
}
_FILES = (".deb", ".apk", ".whl", ".tar.gz", ".zip", ".tgz")


class UnpinnedPackage(InstructionRule):
    """## What it does
    Checks that packages installed by name with `apt-get install`, `apk add` and
    `pip install` carry a version (`curl=7.88.1-10+deb12u5`, `curl=8.5.0-r0`,
    `flask==3.0.3`). Off by default.

    ## Why is this bad?
    An unpinned package is whatever version the repository serves on the day of the
    build, so two builds of the same Dockerfile can differ. Pinning makes rebuilds
    repeatable. The guide asks for pinned *base images* but does not back pinning every
    package: Debian and Alpine repositories drop old versions, so exact pins break builds
    until someone updates them, and the base image tag already fixes the distribution
    release. That is why this rule is off by default and only informational; turn it on
    if your team pins packages (for Python, a locked requirements file does it better).

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask==3.0.3
    ```

    ## Exceptions
    Local files (`./pkg.deb`, `*.whl`), paths, URLs, words with variables, requirement
    files (`-r requirements.txt` counts as pinned) and `apk --virtual` group names are
    not package names. Every stage is checked; ONBUILD triggers are not.

    ## References
    - [Docker docs: apt-get version pinning](https://docs.docker.com/build/building/best-practices/#apt-get)
    - hadolint DL3008 (apt-get), DL3018 (apk), DL3013 (pip)
    """

    code = "DF214"
    name = "unpinned-package"
    severity = Severity.INFO
    enabled_by_default = False
    aliases = {"hadolint": ("DL3008", "DL3013", "DL3018")}
    keywords = frozenset({"RUN"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for command in analyse(instruction).packages:
            pin = _PINS.get(command.manager.name)
            if pin is None or not command.installs:
                continue
            markers, template = pin
            for word in _named_packages(command):
                if not any(marker in word.value for marker in markers):
                    yield self.violation(
                        command.word_span(word),
                        f"`{word.value}` is not pinned to a version: "
                        f"`{template.format(name=word.value)}`",
                    )


def _named_packages(command: PackageCommand) -> Iterator[ShellWord]:
    for word in command.packages:
        value = word.value
        if not value or "$" in value or "://" in value or value.startswith(("git+", "~")):
            continue
        if "/" in value and command.manager.name != "apt-get":
            continue  # a path (apt's `pkg/bookworm-backports` is a release, not a path)
        if value.startswith((".", "/")) or value.endswith(_FILES):
            continue
        yield word
