"""Writing fixes to disk: replace a file atomically, create one only if it is missing (or,
with ``--diff``, showing the change as a unified diff).

A reader (an editor, a build) sees a file's old content or its new content, never half of
either (except for a file with several hard links, which is written in place to keep them);
a file that exists is never overwritten by a created one.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


class WriteError(Exception):
    pass


def unified_diff(old: str, new: str, path: str, created: bool = False) -> str:
    """The change of ``path`` from ``old`` to ``new`` (``created``: a new file) as a unified
    diff, as ``git diff`` shows it."""
    import difflib  # here: only --diff needs it

    name = path.lstrip("/")  # an absolute path as git writes it: a/tmp/x, not a//tmp/x
    lines = difflib.unified_diff(
        _lines(old),
        _lines(new),
        fromfile="/dev/null" if created else f"a/{name}",
        tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        ended = line.endswith(("\n", "\r"))  # (a file of lone CRs: its lines end so)
        out.append(line if ended else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their endings, split where a Dockerfile's lines end (at
    LF, CRLF or CR: not at the form feeds, NELs or U+2028 that str.splitlines splits at)."""
    from dfls.model.text import split_lines

    lines, endings = split_lines(text)
    joined = [line + ending for line, ending in zip(lines, endings, strict=True)]
    return joined if joined[-1] else joined[:-1]


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path``'s content with ``data`` atomically, keeping its mode and owner.

    The new content goes to a temporary file in the same directory, is flushed to disk,
    and is renamed over the original, so a reader sees the old file or the new one,
    never half of either. A file with more than one hard link is written in place instead
    (see :func:`_write_in_place`), so the links stay one file. With ``expected``, the file
    must still hold those bytes.
    """
    real = Path(os.path.realpath(path))
    info = real.stat()
    old = real.read_bytes()
    if expected is not None and old != expected:
        raise WriteError("it changed while dfls was fixing it; not written")
    temporary = _temporary(real, data)
    if info.st_nlink > 1:
        _write_in_place(real, data, old, temporary)
        return
    try:
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown"):
            # Not allowed to give it away? Then it keeps our ownership.
            with contextlib.suppress(OSError):
                os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_in_place(real: Path, data: bytes, old: bytes, temporary: str) -> None:
    """Overwrite a file that has other hard links, so that they all see the fixes (a
    rename would leave them holding the old text).

    Not atomic, unlike a rename: a reader could see a half-written file for an instant.
    The temporary copy is written first, so a full disk fails before the file is touched;
    if writing the file itself fails, its old bytes are put back.
    """
    try:
        with open(real, "r+b") as handle:
            try:
                handle.write(data)
                handle.truncate()
                handle.flush()
                os.fsync(handle.fileno())
            except OSError:
                handle.seek(0)
                handle.write(old)
                handle.truncate()
                raise
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def create_exclusive(path: Path, data: bytes) -> bool:
    """Create ``path`` atomically with ``data``; False (and nothing written) if it exists."""
    temporary = _temporary(path, data)
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:
            # No hard links here (some network file systems): exclusive open instead.
            try:
                with open(path, "xb") as handle:
                    handle.write(data)
            except FileExistsError:
                return False
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _temporary(path: Path, data: bytes) -> str:
    """A new file beside ``path`` (same file system: it can be renamed or linked there),
    holding ``data`` flushed to disk; nothing is left behind if writing fails."""
    import tempfile  # here: `--diff` needs none of it (it imports shutil, random...)

    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".dfls-tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def reason(error: BaseException) -> str:
    """Why a write failed, in a few words (``Permission denied``, not the errno tuple)."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
