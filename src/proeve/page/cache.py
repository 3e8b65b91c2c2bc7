"""A name -> bytes kept in the user's cache folder (`~/.cache/proeve`), never through a link.

Why one place: the hyphenation patterns and the fonts' parsed tables are kept
there, as marshal data (loading runs no code). The folder follows
$XDG_CACHE_HOME. A file is read only if it is a regular file, not a link, and
written whole to a new temporary file, then renamed over the name, so a reader
sees the old file or the new one, and a link planted at the name is replaced,
never followed. Every problem means "not cached": the caller computes instead.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

MAX_BYTES = 16 * 1024 * 1024  # far above what proeve keeps: a font's tables are ~100 KiB
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_FLAGS |= getattr(os, "O_BINARY", 0)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "proeve"


def read(name: str) -> bytes | None:
    """The bytes kept under `name`, or None (absent, a link, not a regular file, unreadable)."""
    try:
        fd = os.open(cache_dir() / name, _FLAGS)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def write(name: str, data: bytes) -> bool:
    """Keep `data` under `name`, whole or not at all; False if that could not be done."""
    from proeve.fsio import replace_atomically

    folder = cache_dir()
    with contextlib.suppress(OSError, ValueError):
        # rename(2) over the name: replaces a link planted there, never follows it
        replace_atomically(folder / name, data, prefix=".tmp-", durable=False)
        sweep(folder)
        return True
    return False


LEFTOVER_SECONDS = 3600  # a write takes milliseconds: a temp file this old was left by a killed run


def sweep(folder: Path) -> None:
    """Remove the temp files that runs killed mid-write left (only on a write, which is rare)."""
    import time

    cutoff = time.time() - LEFTOVER_SECONDS
    for temp in folder.glob(".tmp-*.tmp"):
        with contextlib.suppress(OSError):
            info = temp.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                temp.unlink()
