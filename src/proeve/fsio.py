"""Bytes -> files on disk, written so that a crash never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename or link in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_temp(folder: Path, data: bytes, prefix: str = ".proeve-") -> Path:
    """Write data to a new, fsynced temporary file in `folder` (same file system as the target)."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); outputs are meant to be shared like any file.
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            Path(name).unlink()
        raise
    return Path(name)


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
