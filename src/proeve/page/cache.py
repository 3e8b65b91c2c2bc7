"""A name -> bytes kept sealed in the user's cache folder (`~/.cache/proeve`), never via a link.

Why one place: the hyphenation patterns and the fonts' parsed tables are kept
there, as marshal data (loading runs no code). The folder follows
$XDG_CACHE_HOME. A file is read only if it is a regular file, not a link, and
written whole to a new temporary file, then renamed over the name, so a reader
sees the old file or the new one, and a link planted at the name is replaced,
never followed.

Why sealed: a cache folder can come from elsewhere (a CI cache restored from
another branch, a shared home), and a parsed table that lies makes a draft
that is not what its font says. Each entry carries an HMAC-SHA256, under a key
of this user's kept outside the cache folder (`$XDG_STATE_HOME/proeve`), over
its name, a digest of what it was made from (`source`: the font file's or the
pattern file's bytes, and the code that made it; see source_digest) and its
bytes; an entry that does not verify against the source as it is now was not
written by this proeve from these files. Every problem means "not cached": the
caller computes instead.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import stat
from pathlib import Path

MAX_BYTES = 16 * 1024 * 1024  # far above what proeve keeps: a font's tables are ~100 KiB
MAGIC = b"proeve-cache/2\n"
KEY_BYTES = 32
_TAG = hashlib.sha256().digest_size
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_FLAGS |= getattr(os, "O_BINARY", 0)


def cache_dir() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache") / "proeve"


def state_dir() -> Path:
    """Where the key that seals cache entries lives: not in the cache, which may come from afar."""
    return _xdg("XDG_STATE_HOME", ".local/state") / "proeve"


def _xdg(variable: str, default: str) -> Path:
    """An XDG base folder; a relative one is ignored, as the XDG spec says (it would follow cwd)."""
    base = os.environ.get(variable, "")
    return Path(base) if base and Path(base).is_absolute() else Path.home() / default


def source_digest(*parts: bytes) -> str:
    """What an entry is made from, as one digest (the input's bytes, the code that parses it)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


@functools.cache
def code_of(module_file: str) -> bytes:
    """The source of the module that makes an entry: an entry made by other code is not ours."""
    try:
        return Path(module_file).read_bytes()
    except OSError:
        return os.urandom(16)  # unknown code: nothing it keeps can be recognised later


def read(name: str, source: str = "") -> bytes | None:
    """The bytes kept under `name` from `source`, or None (absent, a link, odd, not our seal)."""
    key = _key(create=False)
    sealed = _read_file(cache_dir() / name, MAX_BYTES + len(MAGIC) + _TAG)
    if key is None or sealed is None or not sealed.startswith(MAGIC):
        return None
    tag, data = sealed[len(MAGIC) : len(MAGIC) + _TAG], sealed[len(MAGIC) + _TAG :]
    if not hmac.compare_digest(tag, _seal(key, name, source, data)):
        return None
    return data


def write(name: str, data: bytes, source: str = "") -> bool:
    """Keep `data` under `name`, made from `source`, whole or not at all; False if not done."""
    from proeve.fsio import replace_atomically

    key = _key(create=True)
    if key is None or len(data) > MAX_BYTES:
        return False
    folder = cache_dir()
    with contextlib.suppress(OSError, ValueError):
        # rename(2) over the name: replaces a link planted there, never follows it
        sealed = MAGIC + _seal(key, name, source, data) + data
        replace_atomically(folder / name, sealed, prefix=".tmp-", durable=False)
        sweep(folder)
        return True
    return False


def _seal(key: bytes, name: str, source: str, data: bytes) -> bytes:
    head = b"\0".join((MAGIC, name.encode("utf-8", "replace"), source.encode("ascii", "replace")))
    return hmac.new(key, head + b"\0" + data, hashlib.sha256).digest()


def _key(create: bool) -> bytes | None:
    """This user's sealing key: a private regular file of KEY_BYTES, made on the first write."""
    path = state_dir() / "cache-key"
    key = _read_file(path, KEY_BYTES, private=True)
    if key is not None or not create:
        return key if key is not None and len(key) == KEY_BYTES else None
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
    key = _read_file(path, KEY_BYTES, private=True)  # ours, or one a racing run made first
    return key if key is not None and len(key) == KEY_BYTES else None


def _read_file(path: Path, limit: int, private: bool = False) -> bytes | None:
    """A regular file's bytes (at most `limit`), never through a link; None on any doubt.

    `private`: also only a file of this user's that nobody else may read or write.
    """
    try:
        fd = os.open(path, _FLAGS)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        foreign = hasattr(os, "geteuid") and (info.st_uid != os.geteuid() or info.st_mode & 0o077)
        if private and foreign:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


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
