"""DF216: development dependencies installed into (or copied into) the image that ships."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from dfls.knowledge.packages.commands import PackageCommand, analyse, manifest_install
from dfls.knowledge.stage_index import PACKAGES, keyword, program
from dfls.model import Instruction, Stage
from dfls.model.environment import env_value
from dfls.rules.api import (
    Fix,
    FixAvailability,
    Rule,
    RuleContext,
    Severity,
    Violation,
)


class _Policy(NamedTuple):
    """How one tool is told to leave development dependencies out."""

    flags: tuple[str, ...] = ()
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Options whose value (one of the words) leaves them out: ``--omit=dev``."""
    env: tuple[tuple[str, tuple[str, ...] | None], ...] = ()
    """Environment variables that do it (None: any value)."""
    fix: str | None = None


_NODE_ENV = ("NODE_ENV", ("production",))
_POLICIES = {
    "npm": _Policy(
        flags=("--production",),
        values=(("--omit", ("dev",)), ("--only", ("prod", "production"))),
        env=(
            _NODE_ENV,
            ("NPM_CONFIG_OMIT", ("dev",)),
            ("npm_config_omit", ("dev",)),
            ("NPM_CONFIG_PRODUCTION", ("true",)),
            ("npm_config_production", ("true",)),
        ),
        fix="--omit=dev",
    ),
    "yarn": _Policy(flags=("--production", "--prod"), env=(_NODE_ENV, ("YARN_PRODUCTION", None))),
    "pnpm": _Policy(flags=("--prod", "-P"), env=(_NODE_ENV,), fix="--prod"),
    "poetry": _Policy(
        flags=("--no-dev", "--only-root", "--without"),
        values=(("--only", ("main",)),),
        fix="--only main",
    ),
    "uv": _Policy(
        flags=("--no-dev",),
        values=(("--no-group", ("dev",)),),
        env=(("UV_NO_DEV", None),),
        fix="--no-dev",
    ),
    "bundle": _Policy(
        values=(("--without", ("development", "dev", "test")),),
        env=(("BUNDLE_WITHOUT", None),),
    ),
    "composer": _Policy(
        flags=("--no-dev",), env=(("COMPOSER_NO_DEV", ("1", "true")),), fix="--no-dev"
    ),
}
_DEV_FILE = re.compile(
    r"(^|[-_./])(dev|devel|develop|development|test|tests|testing|lint|linting|docs?)([-_.]|$)",
    re.IGNORECASE,
)
_DEV_EXTRA = re.compile(r"\[[^\]]*\b(dev|develop|test|tests|testing|lint|docs?)\b[^\]]*\]")
_PRUNE = frozenset({"--omit=dev", "--production"})
# What the rule reads: COPYs (of node_modules), installs, and `bundle config`.
_READS = (keyword("COPY"), keyword("ADD"), PACKAGES, program("bundle"), program("bundler"))


class DevDependenciesInFinalImage(Rule):
    """## What it does
    Checks that the stages that ship install only production dependencies:
    `npm ci`/`npm install` without `--omit=dev` (or `NODE_ENV=production`), `yarn install`
    without `--production`, `pnpm install` without `--prod`, `poetry install` without
    `--only main`, `uv sync` without `--no-dev`, `bundle install` without excluding the
    development and test groups, `composer install` without `--no-dev`, and
    `pip install -r` of a development requirements file (`requirements-dev.txt`,
    `requirements/test.txt`) or of development extras (`.[dev]`). It also checks
    `node_modules` copied from another stage whose install kept the devDependencies.

    ## Why is this bad?
    Test frameworks, linters, type checkers and bundlers are needed to build and check
    the code, not to run it. In the final image they add size (for a typical Node.js
    service the devDependencies are larger than the production ones) and attack surface.
    The guide lists "installing dev dependencies in production images" among its common
    pitfalls and recommends `npm ci --omit=dev` for production Node.js images.

    ## Example
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci
    COPY dist ./dist
    CMD ["node", "dist/main.js"]
    ```

    Use instead:
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci --omit=dev
    COPY dist ./dist
    CMD ["node", "dist/main.js"]
    ```

    ## Exceptions
    - `NODE_ENV=production` (and the tools' own variables: `NPM_CONFIG_OMIT=dev`,
      `UV_NO_DEV`, `BUNDLE_WITHOUT`, `COMPOSER_NO_DEV`) set by ENV or ARG in the stage, a
      stage it is built from, or on the command.
    - `npm prune --omit=dev` (or `--production`) later in the same RUN, and for copied
      `node_modules`, anywhere after the install in the stage they come from.
    - `bundle config set without 'development test'` earlier in the image.
    - Build stages that the target is not built `FROM`: installing dev dependencies to
      build and test there is the point of a multi-stage build. Their `node_modules` is
      checked only when it is copied into a stage that ships. ONBUILD triggers are not
      checked.

    ## Fix safety
    Unsafe: where the tool has a simple switch, the fix inserts it after the subcommand
    (`npm ci --omit=dev`, `pnpm install --prod`, `poetry install --only main`,
    `uv sync --no-dev`, `composer install --no-dev`). If the application needs a package
    that is only listed as a development dependency at run time, it will fail to start:
    move that package to the production dependencies.

    ## References
    - [npm docs: npm ci --omit](https://docs.npmjs.com/cli/commands/npm-ci#omit)
    - [Poetry docs: installing dependency groups](https://python-poetry.org/docs/managing-dependencies/#installing-group-dependencies)
    - Guide: *Writing good Dockerfiles*, sections "Common Pitfalls" and "Reducing Image Size: Practical Techniques"
    """

    code = "DF216"
    name = "dev-dependencies-in-final-image"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        bundle_configured = False
        for instruction in ctx.shipped_selected(*_READS):
            if instruction.keyword in ("COPY", "ADD"):
                yield from self._copied_node_modules(ctx, instruction)
            if instruction.keyword != "RUN":
                continue
            bundle_configured = bundle_configured or _configures_bundler(instruction)
            for command in analyse(instruction).packages:
                if command.manager.name == "bundle" and bundle_configured:
                    continue
                yield from self._install(ctx, instruction, command)

    def _install(
        self, ctx: RuleContext, run: Instruction, command: PackageCommand
    ) -> Iterator[Violation]:
        if command.manager.name == "pip" or command.action == "pip install":
            yield from self._pip(command)
            return
        if not _keeps_dev(ctx, run, command):
            return
        policy = _POLICIES[command.manager.name]
        fix = None
        if policy.fix and not command.has_option("--with", "--only", "--group"):
            edit = command.insert_after_action(policy.fix)
            fix = Fix.unsafe(f"Add {policy.fix}", edit) if edit else None
        advice = f"add `{policy.fix}`" if policy.fix else "exclude the development dependencies"
        yield self.violation(
            command.head_span,
            f"`{_head(command)}` installs development dependencies into the final image: {advice}",
            fix,
        )

    def _pip(self, command: PackageCommand) -> Iterator[Violation]:
        for word in command.option_values("-r", "--requirement"):
            if _DEV_FILE.search(word.value):
                yield self.violation(
                    command.word_span(word),
                    f"`{word.value}` looks like development requirements and is installed "
                    "into the final image",
                )
        for word in (*command.packages, *command.option_values("-e", "--editable")):
            if _DEV_EXTRA.search(word.value):
                yield self.violation(
                    command.word_span(word),
                    f"`{word.value}` installs development extras into the final image",
                )

    def _copied_node_modules(self, ctx: RuleContext, copy: Instruction) -> Iterator[Violation]:
        source_stage = _from_stage(ctx, copy)
        if source_stage is None:
            return
        words = copy.exec_form if copy.exec_form is not None else copy.words
        for word in words[:-1]:
            if word.value.rstrip("/").rsplit("/", 1)[-1] != "node_modules":
                continue
            install = _unpruned_install(ctx, source_stage)
            if install is None:
                continue
            run, command = install
            yield self.violation(
                word.span,
                f"`node_modules` from stage `{source_stage.name or source_stage.index}` holds "
                f"development dependencies (`{_head(command)}` on line {run.line + 1}): run "
                "`npm prune --omit=dev` there after building",
            )


def _head(command: PackageCommand) -> str:
    return f"{command.manager.name} {command.action}".strip()


def _keeps_dev(ctx: RuleContext, run: Instruction, command: PackageCommand) -> bool:
    """True if a manifest install of a tool in the policy table includes dev dependencies."""
    policy = _POLICIES.get(command.manager.name)
    if policy is None or not manifest_install(command) or command.action == "pip install":
        return False
    if command.has_option(*policy.flags):
        return False
    for option, accepted in policy.values:
        for word in command.option_values(option):
            if any(part in accepted for part in re.split(r"[\s,:]+", word.value)):
                return False
    for name, wanted in policy.env:
        value = env_value(ctx.dockerfile, run, command.command, name)
        if value is not None and (wanted is None or value.lower() in wanted):
            return False
    return not _prunes(run)


def _prunes(run: Instruction) -> bool:
    """True if the RUN runs `npm prune --omit=dev` (or `--production`)."""
    return any(
        c.name == "npm"
        and len(c.words) > 1
        and c.words[1].value == "prune"
        and any(w.value in _PRUNE for w in c.words[2:])
        for _, c in analyse(run).commands
    )


def _configures_bundler(run: Instruction) -> bool:
    """`bundle config [set] [--local|--global] without ...`."""
    return any(
        c.name in ("bundle", "bundler")
        and "config" in (w.value for w in c.words[1:3])
        and any(w.value in ("without", "BUNDLE_WITHOUT") for w in c.words)
        for _, c in analyse(run).commands
    )


def _from_stage(ctx: RuleContext, copy: Instruction) -> Stage | None:
    """The stage ``COPY --from`` copies from: any other stage, a later one too (BuildKit
    builds it first); a stage copying from itself does not build at all."""
    flag = copy.flag("from")
    if flag is None or not flag.value:
        return None
    stage = ctx.dockerfile.stage_graph.resolve(flag.value)
    return None if stage is None or stage.index == copy.stage else stage


def _unpruned_install(ctx: RuleContext, stage: Stage) -> tuple[Instruction, PackageCommand] | None:
    """The last install in ``stage`` (and the stages it is built on) that kept dev
    dependencies, unless a later RUN there prunes them (kept per stage, each from the
    one it is built on: many COPYs may take `node_modules` from one stage)."""

    def step(member: Stage, found: _Install | None) -> _Install | None:
        for run in member.instructions:
            if run.keyword != "RUN":
                continue
            if _prunes(run):
                found = None
            for command in analyse(run).find("npm", "yarn", "pnpm", action="install"):
                if _keeps_dev(ctx, run, command):
                    found = (run, command)
        return found

    return ctx.dockerfile.stage_graph.accumulated(stage, "df216-unpruned", step, None)


_Install = tuple[Instruction, PackageCommand]
