"""ShellCheck in the language server: never in the way of the rules' diagnostics.

A document keeps ShellCheck's findings per instruction node (:class:`LiveShellCheck`).
On a keystroke the lint takes the findings of the instructions that did not change,
moved to where they are now (:meth:`LiveShellCheck.carry`: one dictionary lookup per
instruction, no process, no script text), and publishes at once. Then, in the background,
:meth:`LiveShellCheck.update` checks the document's scripts again; only the ones whose
text (or dialect, or declared names) changed reach the program, the others come from the
runner's cache. When the findings differ from those carried, the server lints again (the
rules' results are all cached) and publishes the merged result for the same version. A
newer version cancels the older run (its process is killed).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from dfls.engine import shellcheck
from dfls.engine import shellcheck_run as run
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from dfls.model.nodes import InstructionNode
from dfls.rules.api import Violation

_Entry = tuple[InstructionNode, int, tuple[Violation, ...]]


@dataclass
class LiveShellCheck:
    settings: Settings | None = None
    entries: dict[int, _Entry] = field(default_factory=dict)
    """By instruction node (identity): the node, its line then, and its findings."""
    cancel: threading.Event | None = None
    """Set to stop the running update (a newer version came)."""
    started: tuple[int, Settings] | None = None
    """The document version and settings the last update was started for."""

    def carry(self, dockerfile: Dockerfile, settings: Settings) -> tuple[Violation, ...]:
        """The findings of the last update for the instructions still there, moved."""
        entries = self.entries
        if settings is not self.settings or not entries:
            return ()
        found: list[Violation] = []
        for instruction in dockerfile.instructions:
            entry = entries.get(id(instruction.node))
            if entry is None or entry[0] is not instruction.node:
                continue
            delta = instruction.line - entry[1]
            found.extend(v.shifted(delta) for v in entry[2])
        return tuple(found)

    def start(self, version: int, settings: Settings) -> threading.Event:
        """A new update is about to run: cancel the one running, if any."""
        if self.cancel is not None:
            self.cancel.set()
        self.cancel = threading.Event()
        self.started = (version, settings)
        return self.cancel

    def update(
        self, dockerfile: Dockerfile, settings: Settings, cancel: threading.Event | None = None
    ) -> bool:
        """Check ``dockerfile`` (on a worker thread: it may wait for the program) and keep
        the findings; True if they differ from what :meth:`carry` gave. Raises
        :class:`~dfls.engine.shellcheck_run.Cancelled` and ``Unavailable``."""
        before = self.carry(dockerfile, settings)
        opts = shellcheck.options(settings)
        entries: dict[int, _Entry] = {}
        if opts.enabled:
            runner = run.runner_for(opts.path, opts.optional)
            units = shellcheck.units(dockerfile)
            results = runner.run((u.text for u in units), cancel)
            by_node: dict[int, list[Violation]] = {}
            for unit in units:
                found = shellcheck.violations([(unit, results[unit.text])], settings)
                by_node.setdefault(id(unit.instruction.node), []).extend(found)
            for unit in units:
                node = unit.instruction.node
                entries[id(node)] = (node, unit.instruction.line, tuple(by_node[id(node)]))
        if cancel is not None and cancel.is_set():
            raise run.Cancelled()
        self.settings, self.entries = settings, entries
        return self.carry(dockerfile, settings) != before
