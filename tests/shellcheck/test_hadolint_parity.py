"""dfls's ShellCheck findings against hadolint's on the corpus: every disagreement explained.

hadolint runs ShellCheck on each RUN too, but it shows at most one ShellCheck finding per
line (its output over the corpus has 148 lines with a SC code and never two on one line),
so the comparison is per instruction: they agree when hadolint's code is among dfls's on
that instruction. Each instruction where only one side reports must be explained by a
:data:`REASONS` entry: a side, a predicate on the model and a sentence saying why dfls is
right. Anything else fails the test. ``pytest -s`` prints the numbers (docs/shellcheck.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from dfls.engine import linting, shellcheck
from dfls.engine.config import Settings
from dfls.knowledge.shells import stage_dialect
from dfls.model import Dockerfile, Instruction
from tests.conftest import CORPUS, corpus_files
from tests.rules.test_hadolint_parity import run_hadolint
from tests.shellcheck.helpers import need_shellcheck

# DF213 is selected too: where it reports a `cd`, dfls drops ShellCheck's SC2164 (a twin).
SETTINGS = Settings(select=("SC", "DF213"))


@dataclass(frozen=True)
class Site:
    file: str
    dockerfile: Dockerfile
    instruction: Instruction
    hadolint: frozenset[str]
    dfls: frozenset[str]
    dl1000: bool
    """hadolint could not parse the file (and said nothing else about it)."""

    @property
    def dialect(self) -> str | None:
        return stage_dialect(self.dockerfile, self.instruction)


@dataclass(frozen=True)
class Reason:
    side: str  # "hadolint only" or "dfls only"
    why: str
    applies: Callable[[Site], bool]


def _continued_to_eof(site: Site) -> bool:
    lines = [line for line in site.dockerfile.lines if line.strip()]
    return site.instruction.last_line >= len(site.dockerfile.lines) - 2 and bool(
        lines and lines[-1].rstrip().endswith("\\")
    )


REASONS = (
    Reason(
        "hadolint only",
        "the stage runs cmd or PowerShell (a Windows image, or SHELL): hadolint hands "
        "those scripts to ShellCheck as if they were sh (a complaint in its tracker); dfls "
        "does not check them",
        lambda s: s.dialect is None,
    ),
    Reason(
        "hadolint only",
        "an Alpine/BusyBox stage: dfls checks it as BusyBox ash, which has what POSIX sh "
        "leaves undefined (`echo -e`, `local`); hadolint checks it as sh",
        lambda s: s.dialect == "busybox" and all(c.startswith("SC3") for c in s.hadolint),
    ),
    Reason(
        "hadolint only",
        "the file ends inside a continuation: BuildKit ends the instruction there, "
        "hadolint passes the trailing backslash to ShellCheck (SC1072)",
        _continued_to_eof,
    ),
    Reason(
        "hadolint only",
        "SC2164 on a `cd` that DF213 reports: one finding, DF213's WORKDIR fix settles both",
        lambda s: s.hadolint == {"SC2164"},
    ),
    Reason(
        "dfls only",
        "hadolint could not parse the file (DL1000: heredocs, for one) and checked nothing",
        lambda s: s.dl1000,
    ),
    Reason(
        "dfls only",
        "a shell-form CMD, ENTRYPOINT or HEALTHCHECK: hadolint checks RUN only",
        lambda s: s.instruction.keyword in ("CMD", "ENTRYPOINT", "HEALTHCHECK"),
    ),
    Reason(
        "dfls only",
        "a heredoc script: hadolint cannot read heredocs",
        lambda s: bool(s.instruction.heredocs),
    ),
)


def _by_instruction(dockerfile: Dockerfile, line: int) -> Instruction | None:
    return dockerfile.instruction_at(line)


@pytest.mark.corpus
def test_every_disagreement_with_hadolints_shellcheck_is_explained(tmp_path: Path) -> None:
    need_shellcheck()
    files = corpus_files()
    hadolint = run_hadolint(files, tmp_path)
    parsed = {path.resolve(): Dockerfile.parse(path.read_text(encoding="utf-8")) for path in files}
    found = shellcheck.check(list(parsed.values()), SETTINGS)
    theirs: dict[tuple[Path, int], set[str]] = defaultdict(set)
    dl1000: set[Path] = set()
    for finding in hadolint:
        path = finding.file.resolve()
        if finding.code == "DL1000":
            dl1000.add(path)
        instruction = _by_instruction(parsed[path], finding.line - 1)
        if finding.code.startswith("SC") and instruction is not None:
            theirs[(path, instruction.line)].add(finding.code)
    ours: dict[tuple[Path, int], set[str]] = defaultdict(set)
    for (path, dockerfile), extra in zip(parsed.items(), found, strict=True):
        for v in linting.lint(dockerfile, SETTINGS, extra=extra).violations:
            instruction = _by_instruction(dockerfile, v.span.start.line)
            if v.code.startswith("SC") and instruction is not None:
                ours[(path, instruction.line)].add(v.code)
    tally: Counter[str] = Counter()
    unexplained: list[str] = []
    for key in sorted(set(theirs) | set(ours)):
        path, line = key
        h, d = frozenset(theirs.get(key, ())), frozenset(ours.get(key, ()))
        if h and h & d:
            tally["agree"] += 1
            continue
        side = "hadolint only" if h else "dfls only"  # h: its code is not among dfls's
        dockerfile = parsed[path]
        instruction = dockerfile.instruction_at(line)
        assert instruction is not None
        name = path.relative_to(CORPUS.resolve()).as_posix()
        site = Site(name, dockerfile, instruction, h, d, path in dl1000)
        reason = next((r for r in REASONS if r.side == side and r.applies(site)), None)
        if reason is None:
            unexplained.append(f"{name}:{line + 1} {side}: hadolint {sorted(h)}, dfls {sorted(d)}")
        else:
            tally[f"{side}: {reason.why[:60]}"] += 1
    print("\n".join(f"{n:4} {what}" for what, n in tally.most_common()))
    assert tally["agree"] > 50, "hardly any agreement: is hadolint's output read?"
    assert not unexplained, "disagreements no REASONS entry explains:\n" + "\n".join(unexplained)
