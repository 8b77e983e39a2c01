"""The Dockerfiles of the workspace folders, for workspace symbols and diagnostics.

Found as ``dfls check`` finds them (:mod:`dfls.engine.discovery`, with the ``exclude``
patterns of each directory's config file); an open document is read from the editor,
any other file from disk, parsed once per change of its size or modification time.
"""

from __future__ import annotations

import hashlib
import os
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dfls.engine import config, discovery, sources
from dfls.lsp import convert
from dfls.model import Dockerfile

if TYPE_CHECKING:
    from dfls.lsp.server import Server

MAX_FILES = 5000
"""A workspace folder with more Dockerfiles than this is read only up to here."""
LISTING_SECONDS = 2.0
"""How long a search of the folders stands (workspace symbols come once per keystroke
typed in the editor's symbol search)."""


@dataclass(frozen=True)
class WorkspaceFile:
    uri: str
    path: Path | None
    dockerfile: Dockerfile
    version: int | None
    """The editor's version of an open document; None for a file read from disk."""
    digest: str
    """Of the text (for a file on disk): what its diagnostics' result id is made of."""


class WorkspaceFiles:
    def __init__(self, ls: Server) -> None:
        self._ls = weakref.ref(ls)
        self._disk: dict[Path, tuple[tuple[int, int], WorkspaceFile]] = {}
        self._excludes: dict[Path, discovery.ExcludeSet | None] = {}
        self._listed: tuple[float, list[Path]] | None = None

    def paths(self) -> list[Path]:
        """The Dockerfiles under the workspace folders, in a stable order."""
        ls = self._ls()
        if ls is None:
            return []
        listed = self._listed
        if listed is not None and time.monotonic() - listed[0] < LISTING_SECONDS:
            return listed[1]
        self._excludes.clear()  # config files may have changed since the last search
        found: list[Path] = []
        seen: set[Path] = set()
        for item in discovery.walk(ls.session.config.roots, self._excludes_for, seen=seen):
            if isinstance(item, discovery.Found):
                found.append(Path(os.path.abspath(item.path)))
                if len(found) >= MAX_FILES:
                    break
        self._listed = (time.monotonic(), found)
        return found

    def _excludes_for(self, directory: Path) -> discovery.ExcludeSet | None:
        if directory not in self._excludes:
            path = config.find_config(directory)
            excludes = None
            if path is not None:
                loaded = config.load_file(path)
                if loaded.settings.exclude:
                    excludes = discovery.ExcludeSet(path.parent, loaded.settings.exclude)
            self._excludes[directory] = excludes
        return self._excludes[directory]

    def documents(self) -> list[WorkspaceFile]:
        """The open documents, then the workspace's other Dockerfiles (read from disk)."""
        ls = self._ls()
        if ls is None:
            return []
        found: list[WorkspaceFile] = []
        open_paths: set[Path] = set()
        for doc in list(ls.session.documents.values()):
            if doc.too_large or doc.binary:
                continue
            found.append(WorkspaceFile(doc.uri, doc.path, doc.dockerfile, doc.version, ""))
            if doc.path is not None:
                open_paths.add(Path(os.path.abspath(doc.path)))
        for path in self.paths():
            if path not in open_paths:
                on_disk = self.read(path)
                if on_disk is not None:
                    found.append(on_disk)
        return found

    def read(self, path: Path) -> WorkspaceFile | None:
        """The file at ``path`` parsed (kept until its size or time changes); None if it
        cannot be read or is not text."""
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._disk.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            text = sources.read(path).text
        except sources.SourceError:
            return None
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        found = WorkspaceFile(convert.path_to_uri(path), path, Dockerfile.parse(text), None, digest)
        self._disk[path] = (key, found)
        return found


_BY_SERVER: weakref.WeakKeyDictionary[Server, WorkspaceFiles] = weakref.WeakKeyDictionary()


def workspace_files(ls: Server) -> WorkspaceFiles:
    """The workspace files of ``ls`` (one cache per server)."""
    found = _BY_SERVER.get(ls)
    if found is None:
        found = _BY_SERVER[ls] = WorkspaceFiles(ls)
    return found
