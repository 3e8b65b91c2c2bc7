"""Bytes -> files on disk, written so that a crash never leaves a half-written file."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def fsync_dir(folder: Path) -> None:
    """Make a rename or link in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_temp(folder: Path, data: bytes, prefix: str = ".proeve-") -> Path:
    """Write data to a new, fsynced file `prefix<random>.tmp` in `folder` (same file system).

    Why not tempfile.mkstemp: it makes the file private (0600), and outputs are
    meant to be shared like any file; O_EXCL gives the same never-over-a-file promise.
    """
    while True:
        path = folder / f"{prefix}{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC | _BINARY, 0o644)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return path


def replace_atomically(path: Path, data: bytes, prefix: str = ".proeve-") -> None:
    """Write or overwrite `path` in one step (for files that are meant to be replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = write_temp(path.parent, data, prefix)
    try:
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)


def open_lock(path: Path) -> int:
    """Open (or make) a lock file for reading and writing, never through a link.

    Why so careful: a lock lives in a folder a repository may carry, so the name
    could be a symlink or a hard link to someone's file. O_NOFOLLOW refuses the
    symlink; the checks after opening refuse anything but a plain file of our
    own with one name. Raises ProeveError naming the path.
    """
    from proeve.errors import ProeveError

    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    remove = "remove it (proeve makes a new one)"
    if path.is_symlink():
        raise ProeveError(f"{path} is a symbolic link; proeve never writes through one: {remove}")
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ProeveError(f"{path} is a symbolic link; proeve never writes through one: "
                              f"{remove}") from None  # fmt: skip
        if exc.errno == errno.EISDIR:
            raise ProeveError(f"{path} is not a regular file: {remove}") from None
        raise
    info = os.fstat(fd)
    problem = None
    if not stat.S_ISREG(info.st_mode):
        problem = "is not a regular file"
    elif info.st_nlink != 1:
        problem = "has other names (a hard link), so writing it would change another file"
    elif hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        problem = "belongs to another user"
    if problem:
        os.close(fd)
        raise ProeveError(f"{path} {problem}: {remove}")
    return fd


_TROUBLE = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "no permission",
    errno.EPERM: "not permitted",
    errno.EEXIST: "a file is in the way of a folder",
    errno.ENOTDIR: "a file is in the way of a folder",
    errno.EISDIR: "a folder is in the way of a file",
    errno.ELOOP: "too many symbolic links (a loop?)",
    errno.ENAMETOOLONG: "the name is too long",
}


def trouble(exc: OSError, near: Path | None = None) -> str:
    """What went wrong and where, in words: 'out/preview.pdf: the disk is full (No space...)'.

    `near` names the place when the error does not (a write() on a full disk names no file).
    """
    # A rename or link names two paths; the second is where the file was going.
    where = exc.filename2 if exc.filename2 is not None else exc.filename
    where = where if where is not None else (near or "")
    plain = _TROUBLE.get(exc.errno or 0, "")
    cause = f"{plain} ({exc.strerror})" if plain and exc.strerror else plain or str(exc.strerror)
    path = Path(os.fsdecode(where)) if where else None
    if path is not None and path.name.startswith(".proeve-") and path.suffix == ".tmp":
        where = path = path.parent  # our temp file's name means nothing to the reader
    if path is not None and exc.errno in (errno.ENOTDIR, errno.EEXIST):
        where = path = _blocking(path)
    if path is not None and path.is_symlink() and not path.exists():
        cause = f"it is a symbolic link to {path.readlink()}, which does not exist"
    return f"{os.fsdecode(where)}: {cause}" if where else cause


def _blocking(path: Path) -> Path:
    """The first part of `path` that is there but is no folder (the file in the way), else path."""
    for part in reversed(path.parents[:-1]):
        if part.is_symlink() and not part.exists():
            return part
        if part.exists() and not part.is_dir():
            return part
    return path


@contextlib.contextmanager
def writing(what: str, after: str = "", near: Path | None = None) -> Iterator[None]:
    """Turn an OSError while writing into a WriteError saying what, where and why (exit 2).

    Why at the boundary: a full disk, a read-only folder or a file where a
    folder belongs is trouble around proeve, not a bug in it; the user needs
    the path and the cause, never "internal error: OSError". `after` says what
    state things are left in.
    """
    from proeve.errors import WriteError

    try:
        yield
    except OSError as exc:
        state = f"; {after}" if after else ""
        raise WriteError(f"could not {what}: {trouble(exc, near)}{state}") from exc
