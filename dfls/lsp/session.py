"""Per-document state of the server: the model, the lint cache, the latest result.

No pygls here and no event loop: the handlers hand in plain values (URIs, versions,
content changes in client units) and take out plain values (diagnostics as JSON dicts),
so all of this is unit-tested directly.

Each content change is applied to the model incrementally (``Dockerfile.apply_edit``),
its range converted from client units to code points with the model's own lines as they
were *before* that change. The model is the only copy of the text the server keeps. With
``verify_edits`` (``DFLS_VERIFY_EDITS=1``; the test suite sets it) every change is also
applied to the plain text, and the model is rebuilt if the two ever disagree.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from dfls.engine import build_context
from dfls.engine import linting as engine
from dfls.engine.config import Settings
from dfls.engine.shellcheck_live import LiveShellCheck
from dfls.lsp import convert
from dfls.lsp.params import Change
from dfls.lsp.settings import ConfigStore, parse_initialization_options
from dfls.model import Dockerfile
from dfls.model.text import split_lines
from dfls.rules.api import BuildContext, Violation

log = logging.getLogger(__name__)

BINARY_SNIFF = 8192
"""Like ``dfls check``: a NUL in the first 8 KiB means a binary file, which is not linted."""
MAX_CHARS = 1_000_000
"""Larger documents (real Dockerfiles are under 100 KB) are not parsed or linted: parsing
10 MB takes tens of seconds, during which the server could answer nothing else."""
_EMPTY = Dockerfile.parse("")


class _Converted(NamedTuple):
    """A finding, the line strings it was converted against, and the result."""

    violation: Violation
    head: str | None
    tail: str | None
    diagnostic: dict[str, Any]
    encoded: str


@dataclass
class Document:
    uri: str
    path: Path | None
    version: int
    dockerfile: Dockerfile
    context: BuildContext
    cache: engine.LintCache = field(default_factory=engine.LintCache)
    result: engine.LintResult | None = None
    result_version: int | None = None
    result_id: str = ""
    diagnostics: list[dict[str, Any]] | None = None
    index: dict[tuple[str, int, int, int, int], Violation] | None = None
    """The current findings by code and range in client units (see :meth:`Session.finding`)."""
    encoded: list[str] = field(default_factory=list)
    converted: dict[Violation, _Converted] = field(default_factory=dict)
    docs_url: str | None = None
    """The ``docs-url`` setting the links in :attr:`converted` were made with."""
    binary: bool = False
    too_large: bool = False
    """Over :data:`MAX_CHARS`: the model is empty and the text is not linted."""
    raw: str | None = None
    """The text of a document over :data:`MAX_CHARS` (it has no model)."""
    epoch: int = 0
    """Counts :meth:`forget`: a lint started before one is not stored."""
    lint_cost: tuple[float, int] | None = None
    """How long the last lint took (seconds), and the size of the text it read."""
    shellcheck: LiveShellCheck = field(default_factory=LiveShellCheck)
    """ShellCheck's findings per instruction, updated in the background."""
    shellcheck_task: Any = None
    """The background ShellCheck run (an asyncio task), if one is going."""
    shellcheck_again: bool = False
    """A newer version came while it ran: check again when it ends."""
    formatted: tuple[Any, ...] | None = None
    """The last formatting: (the model it formatted, the options, the result); a second
    request for the same text (format on save after format on type...) answers from it."""

    @property
    def is_current(self) -> bool:
        """Whether :attr:`result` describes the current text."""
        return self.result is not None and self.result_version == self.version

    def forget(self) -> None:
        """Settings or the build context changed: the result no longer holds."""
        self.result = None
        self.result_version = None
        self.epoch += 1


@dataclass(frozen=True)
class LintJob:
    """What linting one version of a document takes: the model, settings and context as
    they were when it was made, and the document's cache. :meth:`run` touches nothing else,
    so it may run on another thread (one job per document at a time: they share the
    cache)."""

    doc: Document
    version: int
    epoch: int
    dockerfile: Dockerfile
    settings: Settings
    skip: bool
    """Binary or too large: an empty result."""

    def run(self) -> engine.LintResult:
        if self.skip:
            return engine.LintResult(())
        start = time.perf_counter()
        doc = self.doc
        extra = doc.shellcheck.carry(self.dockerfile, self.settings)
        result = engine.lint(self.dockerfile, self.settings, doc.context, doc.cache, extra)
        doc.lint_cost = (time.perf_counter() - start, _size(self.dockerfile))
        return result


def _size(dockerfile: Dockerfile) -> int:
    """The characters of the text (summed in C, without joining it)."""
    return sum(map(len, dockerfile.lines))


def _is_binary(text: str) -> bool:
    return "\x00" in text[:BINARY_SNIFF]


def _head(dockerfile: Dockerfile) -> str:
    """About the first BINARY_SNIFF characters, without joining the whole text."""
    parts: list[str] = []
    size = 0
    for line in dockerfile.lines:
        parts.append(line)
        size += len(line) + 1
        if size >= BINARY_SNIFF:
            break
    return "\n".join(parts)


class Session:
    def __init__(
        self,
        config: ConfigStore | None = None,
        encoding: str = convert.UTF16,
        read_context: Callable[[Path], BuildContext] = build_context.for_dockerfile,
        docs_url: Callable[[str, str | None], str | None] | None = None,
        verify_edits: bool = False,
    ) -> None:
        self.config = config or ConfigStore()
        self.encoding = encoding
        self.documents: dict[str, Document] = {}
        self._read_context = read_context
        self._docs_url = docs_url or _rule_url
        self.verify_edits = verify_edits
        self._serial = 0
        self._lint_rate: float | None = None
        """Seconds of lint per character of text, as the last lints went: how long the
        first lint of a document opened later should take."""
        self._reported_rule_errors: set[str] = set()
        self._pending_rule_errors: list[engine.RuleError] = []

    # -- text sync ------------------------------------------------------------------------

    def _context_for(self, path: Path | None) -> BuildContext:
        if path is None:
            return build_context.UNKNOWN
        try:
            return self._read_context(path)
        except OSError:
            return build_context.UNKNOWN

    def open(self, uri: str, version: int, text: str) -> Document:
        path = convert.uri_to_path(uri)
        doc = Document(uri, path, version, _EMPTY, self._context_for(path))
        self._set_text(doc, text)
        self.documents[uri] = doc
        return doc

    def _set_text(self, doc: Document, text: str) -> None:
        doc.too_large = len(text) > MAX_CHARS
        doc.raw = text if doc.too_large else None
        doc.dockerfile = _EMPTY if doc.too_large else Dockerfile.parse(text)
        doc.binary = _is_binary(text)
        doc.cache = engine.LintCache()

    def get(self, uri: str) -> Document | None:
        return self.documents.get(uri)

    def change(self, uri: str, version: int, changes: Iterable[Change]) -> Document | None:
        """Apply content changes in order; None if the document was never opened."""
        doc = self.documents.get(uri)
        if doc is None:
            return None
        doc.version = version
        doc.formatted = None  # (it holds the model of the text before)
        changes = list(changes)
        if doc.raw is not None or sum(len(c.text) for c in changes) > MAX_CHARS:
            # Huge text: no incremental work, and maybe no model at all.
            before = doc.raw if doc.raw is not None else doc.dockerfile.text
            self._set_text(doc, apply_changes(before, changes, self.encoding))
            return doc
        before_model = doc.dockerfile
        dockerfile = before_model
        for change in changes:
            if change.range is None:
                dockerfile = Dockerfile.parse(change.text)
                continue
            (sl, sc), (el, ec) = change.range
            span = convert.range_from_client(dockerfile.lines, (sl, sc), (el, ec), self.encoding)
            dockerfile = dockerfile.apply_edit(span, change.text)
            if len(changes) > 1:
                dockerfile.instructions  # noqa: B018 -- so the next version reuses them
        # Line lengths summed in C (no join): an edited document over the limit is treated
        # like one opened over it.
        if sum(map(len, dockerfile.lines)) + len(dockerfile.lines) > MAX_CHARS and (
            len(dockerfile.text) > MAX_CHARS
        ):
            self._set_text(doc, dockerfile.text)
            return doc
        doc.dockerfile = dockerfile
        doc.binary = _is_binary(_head(dockerfile))
        if self.verify_edits:
            self._verify(doc, apply_changes(before_model.text, changes, self.encoding))
        return doc

    def _verify(self, doc: Document, expected: str) -> None:
        """The safety net (on with ``verify_edits``): the incrementally updated model must
        hold ``expected``, the text after plainly applying the same changes. If not, that
        is an incremental-update bug: logged as a warning, and the model is rebuilt."""
        if doc.dockerfile.text == expected:
            return
        log.warning(
            "%s: incremental update diverged from the editor's text (version %s); "
            "re-parsing the whole document",
            doc.uri,
            doc.version,
        )
        self._set_text(doc, expected)

    def close(self, uri: str) -> Document | None:
        self.config.forget(uri)
        return self.documents.pop(uri, None)

    # -- linting --------------------------------------------------------------------------

    def lint(self, doc: Document) -> engine.LintResult:
        """Lint the current text (reusing the cached result if it is current)."""
        if doc.is_current and doc.result is not None:
            return doc.result
        job = self.lint_job(doc)
        result = job.run()
        self.finish(job, result)
        return result

    def lint_job(self, doc: Document) -> LintJob:
        """The job that lints the current text of ``doc`` (see :meth:`finish`)."""
        settings = self.config.settings_for(doc.uri, doc.path)
        skip = doc.binary or doc.too_large
        return LintJob(doc, doc.version, doc.epoch, doc.dockerfile, settings, skip)

    def finish(self, job: LintJob, result: engine.LintResult) -> None:
        """Keep what ``job`` found as the document's result, unless the document was
        closed or its result forgotten since the job was made, or it has a newer one."""
        doc = job.doc
        if self.documents.get(doc.uri) is not doc or doc.epoch != job.epoch:
            return
        if doc.result is not None and (doc.result_version or 0) > job.version:
            return
        first = not doc.result_id  # its first lint: no cache helped it
        self._serial += 1
        doc.result = result
        doc.result_version = job.version
        doc.result_id = f"{job.version}.{self._serial}"
        doc.diagnostics = None
        doc.index = None
        if first and doc.lint_cost is not None:
            seconds, size = doc.lint_cost
            rate = seconds / max(size, 1)
            last = self._lint_rate
            self._lint_rate = rate if last is None else (last + rate) / 2
        for error in result.rule_errors:
            if error.code not in self._reported_rule_errors:
                self._reported_rule_errors.add(error.code)
                self._pending_rule_errors.append(error)

    def outdated(self, doc: Document) -> None:
        """The findings of the current version changed (ShellCheck's came): lint again."""
        doc.result_version = None

    def expected_lint_seconds(self, doc: Document) -> float | None:
        """How long linting the current text should take, going by the last lint and how
        much the text grew since; for a document's first, by the lints of the others (None:
        nothing linted yet)."""
        if doc.lint_cost is None:  # (twice the others' rate: a first lint varies more)
            rate = self._lint_rate
            return None if rate is None else 2 * rate * _size(doc.dockerfile)
        if doc.binary or doc.too_large:
            return 0.0
        seconds, size = doc.lint_cost
        return seconds * max(1.0, _size(doc.dockerfile) / max(size, 1))

    def last_violations(self, doc: Document) -> tuple[Violation, ...]:
        """The findings of the last lint that finished, current or not (hover reads them
        rather than wait for a lint)."""
        return doc.result.violations if doc.result is not None else ()

    def diagnostics(self, doc: Document) -> list[dict[str, Any]]:
        """The current result as LSP diagnostics (JSON), converted once per result."""
        self._convert(doc)
        assert doc.diagnostics is not None
        return doc.diagnostics

    def diagnostics_json(self, doc: Document) -> str:
        """The same diagnostics as one encoded JSON array (each one encoded once)."""
        self._convert(doc)
        return "[" + ",".join(doc.encoded) + "]"

    def _convert(self, doc: Document) -> None:
        """Convert the current result, reusing what was converted for the same findings.

        After an edit most findings are the same (the engine's caches hand back the same
        objects; whole-file rules build equal ones); when their lines are the same strings
        too, their conversion stands.
        """
        result = self.lint(doc)
        if doc.diagnostics is not None:
            return
        lines = doc.dockerfile.lines
        count = len(lines)
        encoding = self.encoding
        base = self.config.settings_for(doc.uri, doc.path).docs_url
        old = doc.converted if base == doc.docs_url else {}
        doc.docs_url = base
        fresh: dict[Violation, _Converted] = {}
        diagnostics: list[dict[str, Any]] = []
        encoded: list[str] = []
        for violation in result.violations:
            first, last = violation.span.start.line, violation.span.end.line
            head = lines[first] if first < count else None
            tail = lines[last] if last < count else None
            entry = old.get(violation)
            if entry is None or not (entry.head is head and entry.tail is tail):
                diagnostic = convert.diagnostic(
                    violation, lines, encoding, self._docs_url(violation.code, base)
                )
                entry = _Converted(violation, head, tail, diagnostic, json.dumps(diagnostic))
            fresh[violation] = entry
            diagnostics.append(entry.diagnostic)
            encoded.append(entry.encoded)
        doc.converted = fresh
        doc.diagnostics = diagnostics
        doc.encoded = encoded

    def take_rule_errors(self) -> list[engine.RuleError]:
        """Rule failures not reported yet (each rule is reported once per session)."""
        pending, self._pending_rule_errors = self._pending_rule_errors, []
        return pending

    def invalidate(self, files: bool = True) -> list[Document]:
        """Settings changed: forget results; return the open documents to lint again."""
        self.config.invalidate(files)
        for doc in self.documents.values():
            doc.forget()
        return list(self.documents.values())

    def refresh_contexts(self) -> None:
        for doc in self.documents.values():
            context = self._context_for(doc.path)
            if context != doc.context:
                doc.context = context
                doc.forget()

    # -- lookups for code actions ----------------------------------------------------------

    def finding(
        self, doc: Document, code: str, range_: tuple[int, int, int, int]
    ) -> Violation | None:
        """The finding of the current result with this code and range (client units:
        start line, start character, end line, end character).

        A diagnostic the client got for an older version matches only if the current text
        still has the same finding at the same place; its fix is then the current one.
        """
        self._convert(doc)  # lints first if the text changed (which drops the index)
        if doc.index is None:
            doc.index = {}
            for violation, entry in doc.converted.items():
                start, end = entry.diagnostic["range"]["start"], entry.diagnostic["range"]["end"]
                key = (start["line"], start["character"], end["line"], end["character"])
                doc.index.setdefault((violation.code, *key), violation)
        return doc.index.get((code, *range_))

    def findings_on_lines(
        self, doc: Document, first: int, last: int
    ) -> list[tuple[Violation, dict[str, Any]]]:
        """The current findings (and their diagnostics) whose lines meet ``first..last``."""
        self._convert(doc)
        return [
            (violation, entry.diagnostic)
            for violation, entry in doc.converted.items()
            if violation.span.start.line <= last and violation.span.end.line >= first
        ]


def build_session(encoding: str, params: Mapping[str, Any] | None) -> Session:
    """The session for the negotiated position encoding and the ``initialize`` params:
    its workspace folders (or root) bound the search for config files, and its
    ``initializationOptions`` are the editor's settings. ``DFLS_VERIFY_EDITS=1`` turns
    on the check of every incremental update."""
    config = ConfigStore()
    if params is not None:
        folders = params.get("workspaceFolders")
        roots = [
            folder["uri"]
            for folder in (folders if isinstance(folders, list) else ())
            if isinstance(folder, dict) and isinstance(folder.get("uri"), str)
        ]
        if not roots and isinstance(params.get("rootUri"), str):
            roots = [params["rootUri"]]
        config.roots = [p for p in map(convert.uri_to_path, roots) if p is not None]
        editor, errors = parse_initialization_options(
            params.get("initializationOptions"), convert.uri_to_path
        )
        config.set_editor(editor, errors)
    verify = os.environ.get("DFLS_VERIFY_EDITS", "") not in ("", "0")
    return Session(config, encoding, verify_edits=verify)


def apply_changes(text: str, changes: Iterable[Change], encoding: str) -> str:
    """``text`` after the content changes, applied in order to the plain string the way
    LSP defines them: positions past a line's end mean its end, and lines end at CR, LF
    or CRLF only (not at form feeds or U+2028, where ``str.splitlines`` would break)."""
    for change in changes:
        if change.range is None:
            text = change.text
            continue
        lines, endings = split_lines(text)
        (sl, sc), (el, ec) = change.range
        span = convert.range_from_client(lines, (sl, sc), (el, ec), encoding)
        start, end = sorted((span.start, span.end))
        offsets = [0]
        for line, ending in zip(lines, endings, strict=True):
            offsets.append(offsets[-1] + len(line) + len(ending))
        a = offsets[start.line] + start.character
        b = offsets[end.line] + end.character
        text = text[:a] + change.text + text[b:]
    return text


def _rule_url(code: str, docs_url: str | None) -> str | None:
    """The rule's docs: its page shipped with dfls, or under the user's ``docs-url``."""
    from dfls.features import docs
    from dfls.knowledge import shellcheck
    from dfls.rules import registry

    if shellcheck.is_code(code):
        return shellcheck.wiki_url(code)
    rule = registry.get(code)
    return docs.url(rule, docs_url) if rule is not None else None
