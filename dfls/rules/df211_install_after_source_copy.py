"""DF211: dependencies installed only after the whole source tree was copied."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.copies import from_context, is_whole_context, sources
from dfls.knowledge.packages.commands import PackageCommand, analyse, manifest_install
from dfls.knowledge.stage_index import PACKAGES, keyword, select
from dfls.model import Instruction, Stage
from dfls.rules.api import RuleContext, Severity, StageRule, Violation


class InstallAfterSourceCopy(StageRule):
    """## What it does
    Checks for a dependency install that reads a manifest (`npm ci`, `yarn install`,
    `pip install -r requirements.txt`, `poetry install`, `uv sync`, `go mod download`,
    `bundle install`, `composer install`, `cargo fetch`) that first runs after a `COPY` of
    the whole build context into the stage.

    ## Why is this bad?
    Docker reuses a cached layer only while everything before it is unchanged. After
    `COPY . .`, any edit to any source file invalidates the cache, so the install runs
    again on every build, downloading the same dependencies for minutes. Copying just the
    manifest and lock file first, installing, and only then copying the rest keeps the
    install cached until the dependencies really change: the guide's "Layer Ordering for
    Cache Efficiency" turns a rebuild from minutes into seconds this way.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    RUN pip install --no-cache-dir -r requirements.txt
    CMD ["python", "main.py"]
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    CMD ["python", "main.py"]
    ```

    ## Exceptions
    - A second install after the copy is fine when the same tool already installed from
      the manifest before it (`poetry install --no-root`, then `COPY . .`, then
      `poetry install` for the project itself).
    - Installs of named packages (`npm install -g pm2`, `pip install gunicorn`) and of the
      project itself (`pip install .`) need no manifest. Compiling (`go build`,
      `cargo build`) needs the source; only the download step (`go mod download`,
      `cargo fetch`) can run before it.
    - Every stage is checked, build stages included (this is about build time); ONBUILD
      triggers are not.

    ## References
    - [Docker docs: optimize cache usage](https://docs.docker.com/build/cache/optimize/)
    - Guide: *Writing good Dockerfiles*, section "Layer Ordering for Cache Efficiency"
    """

    code = "DF211"
    name = "install-after-source-copy"
    severity = Severity.WARNING

    def check_stage(self, stage: Stage, ctx: RuleContext) -> Iterator[Violation]:
        whole_copy: Instruction | None = None
        installed: set[str] = set()
        graph = ctx.dockerfile.stage_graph
        for instruction in select(graph, stage, keyword("COPY"), keyword("ADD"), PACKAGES):
            if whole_copy is None and _copies_everything(instruction):
                whole_copy = instruction
            if instruction.keyword != "RUN":
                continue
            for command in analyse(instruction).packages:
                tool = command.manager.name
                if not manifest_install(command) or tool in installed:
                    continue
                installed.add(tool)
                if whole_copy is not None:
                    yield self._violation(command, whole_copy)

    def _violation(self, command: PackageCommand, copy: Instruction) -> Violation:
        head = " ".join(w.value for w in (command.program, *command.action_words))
        manifests = " and ".join(_manifests(command))
        return self.violation(
            command.head_span,
            f"`{head}` runs after the whole source is copied (`{copy.keyword} {copy.args}`), so any "
            f"change re-runs it: copy {manifests} first and install before copying the rest",
        )


def _copies_everything(instruction: Instruction) -> bool:
    if instruction.keyword not in ("COPY", "ADD") or not from_context(instruction):
        return False
    return any(is_whole_context(word) for word in sources(instruction))


def _manifests(command: PackageCommand) -> list[str]:
    files = [w.value for w in command.option_values("-r", "--requirement")]
    return files or list(command.manager.manifests)
