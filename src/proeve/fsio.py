"""Bytes <-> files on disk: read within a bound, written so that a crash never leaves a
half-written file; locks.

The one place that knows the platform: locking is flock(2) on POSIX and a
byte-range lock (msvcrt.locking) on Windows, behind `try_lock`/`unlock`; a
folder cannot be fsynced on Windows, so `fsync_dir` does nothing there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
# O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
_READ = os.O_RDONLY | _CLOEXEC | _BINARY | getattr(os, "O_NONBLOCK", 0)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotAFile(OSError):
    """`read_bounded` refused a path that is no regular file (a folder, FIFO, device, socket)."""


class TooLarge(OSError):
    """`read_bounded` refused a file holding more than its bound; `size` is what it holds,
    or None where the file grew past the bound while being read."""

    size: int | None = None


def read_bounded(path: Path, limit: int) -> bytes:
    """A regular file's bytes, refused (never read) when it is anything else or over `limit`.

    Why: a FIFO would block the read for ever and `/dev/zero` never ends, and both
    can stand where a repository puts an input, a register or a draft. Opened
    without blocking, then checked on the open file (fstat), so what is read is
    what was checked; at most `limit` + 1 bytes are ever read. Raises NotAFile or
    TooLarge (both OSErrors, with the path) or the OSError of the open itself.
    """
    fd = os.open(path, _READ)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
            raise NotAFile(errno.EINVAL, f"{kind}, not a regular file", str(path))
        if info.st_size > limit:
            raise _too_large(path, limit, info.st_size)
        if os.name != "nt":
            os.set_blocking(fd, True)  # a regular file: read it plainly (FUSE may mind)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_large(path, limit, None)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(path: Path, limit: int, size: int | None) -> TooLarge:
    held = f"{size:,} bytes" if size is not None else "it grew while being read"
    error = TooLarge(errno.EFBIG, f"{held}, more than the {limit:,} it may hold", str(path))
    error.size = size
    return error


def fsync_dir(folder: Path) -> None:
    """Make a rename or link in `folder` durable (POSIX; Windows opens no folder as a file)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_temp(folder: Path, data: bytes, prefix: str = ".proeve-", durable: bool = True) -> Path:
    """Write data to a new file `prefix<random>.tmp` in `folder` (same file system), fsynced
    unless `durable` is False.

    Why not tempfile.mkstemp: it makes the file private (0600), and outputs are
    meant to be shared like any file; O_EXCL gives the same never-over-a-file promise.
    """
    sweep_leftovers(folder)
    while True:
        path = folder / f"{prefix}{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC | _BINARY, 0o644)
        except FileExistsError:
            continue
        break
    _MINE.add(path.name)
    try:
        _hold(fd)  # while it is written: a sweep in another process leaves it alone
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return path


LEFTOVER = re.compile(r"\.proeve-(?:[a-z]+-)?[0-9a-f]{12}\.tmp")
"""The names `write_temp` gives (with proeve's prefixes): what a sweep may remove."""
LEFTOVER_SECONDS = 60.0
"""A temp file is renamed into place within milliseconds of being closed; one unheld and
older than this was left by a run that was killed."""
_MINE: set[str] = set()  # the temp files this process made: never swept by itself


def _hold(fd: int) -> None:
    """Hold a temp file while it is written (POSIX: flock; the kernel drops it if we die).

    Windows needs nothing: an open file cannot be removed there.
    """
    if os.name != "nt":
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def sweep_leftovers(folder: Path) -> list[Path]:
    """Remove the temp files killed proeve runs left in `folder`; `write_temp` calls it.

    Provably left: named as `write_temp` names them, not made by this process,
    a plain file of our own, older than LEFTOVER_SECONDS and held
    by no live process (a writer holds its temp file locked while writing it;
    see `_hold`). A sweep never fails the write that calls it.
    """
    swept = []
    try:
        names = [p.name for p in folder.iterdir() if LEFTOVER.fullmatch(p.name)]
    except OSError:
        return []
    for name in names:
        with contextlib.suppress(OSError):
            if name not in _MINE and _left_over(folder / name):
                (folder / name).unlink()
                swept.append(folder / name)
    return swept


def _left_over(path: Path) -> bool:
    info = path.lstat()
    own = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    # A second name (nlink 2) is the file a killed publish or write_new linked into place:
    # removing the temp name leaves it whole.
    if not stat.S_ISREG(info.st_mode) or not own:
        return False
    if info.st_mtime > time.time() - LEFTOVER_SECONDS:
        return False
    if os.name == "nt":
        return True  # a temp file being written cannot be removed there: unlink fails
    import fcntl

    fd = os.open(path, _READ | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while a writer holds it
    finally:
        os.close(fd)
    return True


def replace_atomically(
    path: Path, data: bytes, prefix: str = ".proeve-", durable: bool = True
) -> None:
    """Write or overwrite `path` in one step (for files that are meant to be replaced).

    A reader sees the old file or the new one, never a part. `durable=False` skips
    the fsyncs (a file made again in a moment, such as the watch loop's preview:
    after a power cut it may be empty, never half-written in place).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = write_temp(path.parent, data, prefix, durable)
    try:
        # os.replace, not Path.replace: the crash tests stop a build inside os.replace,
        # and Python 3.10's Path.replace holds its own reference to it.
        os.replace(temp, path)  # noqa: PTH105
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if durable:
        fsync_dir(path.parent)


def kept_mode(path: Path) -> int | None:
    """The permissions to give the file that replaces `path` (None when there is none yet).

    Why refuse the rest: replacing a file by rename makes a new file, so a
    symlink would become a copy (its target keeping the old text), a hard link
    would be split from its other names, and a read-only file rewritten; each
    changes something the user set up. Raises ProeveError saying which.
    """
    from proeve.errors import ProeveError

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    problem = None
    if stat.S_ISLNK(info.st_mode):
        problem = (f"is a symbolic link (to {path.readlink()}); proeve does not replace a link "
                   "by a copy: edit the file it leads to")  # fmt: skip
    elif not stat.S_ISREG(info.st_mode):
        problem = "is not a regular file"
    elif info.st_nlink > 1:
        problem = "has other names (a hard link); replacing it would part it from them"
    elif not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        problem = "is read-only; make it writable (chmod u+w) if proeve may change it"
    if problem:
        raise ProeveError(f"{path} {problem}; nothing was changed")
    return stat.S_IMODE(info.st_mode)


def replace_kept(path: Path, data: bytes, prefix: str = ".proeve-") -> None:
    """Replace a file the user keeps (the overview, the register) in one step, keeping its
    permissions; refuse a link, a hard link or a read-only file (see `kept_mode`)."""
    mode = kept_mode(path)
    temp = write_temp(path.parent, data, prefix)
    try:
        if mode is not None:
            temp.chmod(mode)
        os.replace(temp, path)  # noqa: PTH105 (see replace_atomically)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)


def write_new(path: Path, data: bytes) -> bool:
    """Write a file that must not exist yet, whole or not at all; False when the name is taken.

    Never through a link: a planted symlink counts as taken. Why a hard link from
    a temp file: link() fails when the name exists, and the file appears complete.
    """
    if path.is_symlink() or path.exists():
        return False
    temp = write_temp(path.parent, data)
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    except OSError:  # no hard links here (FAT, some network shares): create it exclusively
        return _write_exclusive(path, data)
    finally:
        temp.unlink(missing_ok=True)
    fsync_dir(path.parent)
    return True


def _write_exclusive(path: Path, data: bytes) -> bool:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC | _BINARY
    try:
        fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return True


def open_lock(path: Path) -> int:
    """Open (or make) a lock file for reading and writing, never through a link.

    Why so careful: a lock lives in a folder a repository may carry, so the name
    could be a symlink or a hard link to someone's file. O_NOFOLLOW refuses the
    symlink; the checks after opening refuse anything but a plain file of our
    own with one name. Raises ProeveError naming the path.
    """
    from proeve.errors import ProeveError

    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | _CLOEXEC | _BINARY
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
    errno.EFBIG: "the file would pass the file-size limit (ulimit -f)",
    errno.EMFILE: "too many open files for this process (ulimit -n)",
    errno.ENFILE: "too many open files on this system",
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


class FlockLocking:
    """POSIX: flock(2) on the whole file; the kernel drops it when the holder dies."""

    def try_lock(self, fd: int) -> bool:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def unlock(self, fd: int) -> None:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class MsvcrtLocking:
    """Windows: a lock on one byte far past the holder's pid (msvcrt.locking, LockFile).

    Why that byte: a Windows byte-range lock also stops others reading the bytes
    it covers, and a waiting build reads the pid at the start of the file. Windows
    drops the lock when the holder's handle closes, also when it dies.
    """

    OFFSET = 1 << 20

    def try_lock(self, fd: int) -> bool:
        import msvcrt

        os.lseek(fd, self.OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True

    def unlock(self, fd: int) -> None:
        import msvcrt

        os.lseek(fd, self.OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


LOCKING: FlockLocking | MsvcrtLocking = MsvcrtLocking() if os.name == "nt" else FlockLocking()
"""The platform's way of locking; tests swap it to run the other one."""


def try_lock(fd: int) -> bool:
    """Take the exclusive lock of an open lock file (see `open_lock`); False when it is held."""
    return LOCKING.try_lock(fd)


def unlock(fd: int) -> None:
    """Give the lock back (closing the file does too)."""
    LOCKING.unlock(fd)


def read_note(fd: int, size: int = 64) -> str:
    """The text at the start of an open file (a lock's holder writes its pid there)."""
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, size).decode(errors="replace").strip()


def write_note(fd: int, text: str) -> None:
    """Replace the text at the start of an open file (no pwrite on Windows)."""
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode())
