"""A stand-in for Windows' msvcrt.locking on POSIX, to run proeve's Windows lock here.

Like LockFile it locks bytes from the file's current position, for this handle,
and refuses (OSError EACCES) when another process holds them; POSIX record
locks (lockf) have the same reach, so two processes exclude each other as on
Windows.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
import types

LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2


def locking(fd: int, mode: int, nbytes: int) -> None:
    position = os.lseek(fd, 0, os.SEEK_CUR)
    if mode == LK_UNLCK:
        fcntl.lockf(fd, fcntl.LOCK_UN, nbytes, position)
        return
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, nbytes, position)
    except OSError:
        raise OSError(errno.EACCES, "Permission denied") from None


def module() -> types.ModuleType:
    """This stand-in as a module named msvcrt."""
    fake = types.ModuleType("msvcrt")
    fake.LK_UNLCK, fake.LK_LOCK, fake.LK_NBLCK = LK_UNLCK, LK_LOCK, LK_NBLCK  # type: ignore[attr-defined]
    fake.locking = locking  # type: ignore[attr-defined]
    return fake


def install() -> None:
    """For a whole process: `import msvcrt` finds the stand-in, and proeve locks the Windows way."""
    sys.modules["msvcrt"] = module()
    from proeve import fsio

    fsio.LOCKING = fsio.MsvcrtLocking()
