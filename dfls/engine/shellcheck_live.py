"""ShellCheck in the language server: never in the way of the rules' diagnostics.

A document keeps ShellCheck's findings per instruction node (:class:`LiveShellCheck`).
On a keystroke the lint takes the findings of the instructions that did not change,
moved to where they are now (:meth:`LiveShellCheck.carry`: the instructions that are the
same objects as last time, found by identity from both ends, cost nothing; the others one
dictionary lookup each), and publishes at once. Then, in the background,
:meth:`LiveShellCheck.update` checks the document's scripts again; only the ones whose
text (or dialect, or declared names) changed reach the program, the others come from the
runner's cache. When the findings differ from those carried, the server lints again (the
rules' results are all cached) and publishes the merged result for the same version. A
newer version cancels the older run (its process is killed).

The state is replaced as a whole (one attribute assignment), so a lint on one thread may
read it while an update on another replaces it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from itertools import chain

from dfls.engine import shellcheck
from dfls.engine import shellcheck_run as run
from dfls.engine.config import Settings
from dfls.model import Dockerfile, Instruction
from dfls.model.nodes import InstructionNode
from dfls.model.sequences import common_ends
from dfls.rules.api import Violation

_Entry = tuple[InstructionNode, int, tuple[Violation, ...]]
_Found = tuple[Violation, ...]


@dataclass(frozen=True)
class _State:
    settings: Settings
    entries: dict[int, _Entry]
    """By instruction node (identity), for the nodes with findings: the node, its line
    then, and its findings."""


@dataclass(frozen=True)
class _Carried:
    state: _State
    seen: tuple[Instruction, ...]
    per: list[_Found]
    """The findings of each instruction of ``seen``, aligned."""
    found: _Found


_EMPTY: _Found = ()
_CONTEXT = frozenset({"FROM", "SHELL", "ARG", "ENV"})
"""The instructions that set a script's dialect or the names declared to ShellCheck."""


@dataclass
class LiveShellCheck:
    state: _State | None = None
    carried: _Carried | None = None
    made: tuple[tuple[Instruction, ...], list[tuple[shellcheck.Unit, ...]]] | None = None
    """The instructions of the last update, and the units of each (aligned)."""
    converted: dict[int, tuple[shellcheck.Unit, object, _Found]] = field(default_factory=dict)
    """The findings of each unit (by identity) of the last update, and the result they
    come from: an unchanged unit with the runner's same result keeps them."""
    cancel: threading.Event | None = None
    """Set to stop the running update (a newer version came)."""
    started: tuple[int, Settings] | None = None
    """The document version and settings the last update was started for."""

    @property
    def settings(self) -> Settings | None:
        return self.state.settings if self.state is not None else None

    def carry(self, dockerfile: Dockerfile, settings: Settings) -> _Found:
        """The findings of the last update for the instructions still there, moved."""
        state = self.state
        if state is None or settings is not state.settings or not state.entries:
            return ()
        instructions = dockerfile.instructions
        last = self.carried
        if last is not None and last.state is state:
            if last.seen is instructions:
                return last.found
            prefix, suffix = common_ends(last.seen, instructions)
            per = last.per
        else:
            prefix, suffix, per = 0, 0, []
        end = len(instructions) - suffix
        entries = state.entries
        middle: list[_Found] = []
        for instruction in instructions[prefix:end]:
            entry = entries.get(id(instruction.node))
            if entry is None or entry[0] is not instruction.node:
                middle.append(_EMPTY)
                continue
            delta = instruction.line - entry[1]
            middle.append(tuple(v.shifted(delta) for v in entry[2]) if delta else entry[2])
        fresh = per[:prefix] + middle + (per[len(per) - suffix :] if suffix else [])
        found = tuple(chain.from_iterable(fresh))
        self.carried = _Carried(state, instructions, fresh, found)
        return found

    def start(self, version: int, settings: Settings) -> threading.Event:
        """A new update is about to run: cancel the one running, if any."""
        self.stop()
        self.cancel = threading.Event()
        self.started = (version, settings)
        return self.cancel

    def stop(self) -> None:
        """Cancel the running update, if any (the document changed)."""
        if self.cancel is not None:
            self.cancel.set()

    def _units(self, dockerfile: Dockerfile) -> list[shellcheck.Unit]:
        """The units of ``dockerfile``: those of the instructions that are the same objects
        as last time (found by identity from both ends) are kept, unless an instruction
        that sets the dialect or the names in scope (FROM, SHELL, ARG, ENV) changed."""
        instructions = dockerfile.instructions
        last = self.made
        per: list[tuple[shellcheck.Unit, ...]] | None = None
        if last is not None:
            seen, before = last
            prefix, suffix = common_ends(seen, instructions)
            old = seen[prefix : len(seen) - suffix]
            new = instructions[prefix : len(instructions) - suffix]
            if not any(i.keyword in _CONTEXT for i in (*old, *new)):
                middle = [shellcheck.instruction_units(dockerfile, i) for i in new]
                per = before[:prefix] + middle + (before[len(before) - suffix :] if suffix else [])
        if per is None:
            per = shellcheck.units_per_instruction(dockerfile)
        self.made = (instructions, per)  # right for this text whatever comes of the run
        return list(chain.from_iterable(per))

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
            runner = run.runner_for(opts.path, opts.optional, background=True)
            units = self._units(dockerfile)
            results = runner.run((u.text for u in units), cancel)
            by_node: dict[int, list[Violation]] = {}
            converted: dict[int, tuple[shellcheck.Unit, object, _Found]] = {}
            same = self.settings is settings  # else severities may differ: convert again
            for unit in units:
                result = results[unit.text]
                last = self.converted.get(id(unit)) if same else None
                if last is not None and last[0] is unit and last[1] is result:
                    found = last[2]
                else:
                    found = tuple(shellcheck.violations([(unit, result)], settings))
                converted[id(unit)] = (unit, result, found)
                if found:
                    by_node.setdefault(id(unit.instruction.node), []).extend(found)
            for unit in units:
                node = unit.instruction.node
                if id(node) in by_node and id(node) not in entries:
                    entries[id(node)] = (node, unit.instruction.line, tuple(by_node[id(node)]))
        if cancel is not None and cancel.is_set():
            raise run.Cancelled()
        self.converted = converted if opts.enabled else {}
        self.state = _State(settings, entries)
        return self.carry(dockerfile, settings) != before
