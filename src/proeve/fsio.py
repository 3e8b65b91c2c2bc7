"""Bytes -> files on disk, written so that a crash never leaves a half-written file."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
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


def replace_atomically(path: Path, data: bytes) -> None:
    """Write or overwrite `path` in one step (for files that are meant to be replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = write_temp(path.parent, data)
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
