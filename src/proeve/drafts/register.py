"""output/versions.json <-> a list of draft Records; the lock and safe writes around it."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from proeve.errors import ProeveError
from proeve.frozen import Frozen
from proeve.fsio import fsync_dir, open_lock
from proeve.identity import Edition, Fit

REGISTER = "versions.json"
LOCK = ".versions.lock"
FORMAT = 1
TEMP_PREFIX = ".proeve-draft-"
DRAFT_NAME = re.compile(r"(?P<slug>[a-z0-9][a-z0-9-]*)-v(?P<number>[0-9]{3,})\.pdf")
_CREATED = "%Y-%m-%dT%H:%M:%SZ"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_FIELDS = (
    "version",
    "file",
    "sha256",
    "created",
    "message",
    "status",
    "sources_sha256",
    "template",
    "proeve",
    "git_commit",
    "fit",
)

log = logging.getLogger(__name__)


class Record(Frozen):
    """One draft in the register: what was written, when, from which sources."""

    version: int
    file: str
    sha256: str
    created: dt.datetime
    message: str
    status: str
    sources_sha256: str
    template: str
    proeve: str
    git_commit: str | None
    fit: Fit

    @property
    def name(self) -> str:
        return f"v{self.version:03d}"

    @property
    def edition(self) -> Edition:
        """The edition the draft was built as: with its sources, it rebuilds the same bytes."""
        return Edition(self.status, self.version, self.created)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "file": self.file,
            "sha256": self.sha256,
            "created": self.created.astimezone(dt.timezone.utc).strftime(_CREATED),
            "message": self.message,
            "status": self.status,
            "sources_sha256": self.sources_sha256,
            "template": self.template,
            "proeve": self.proeve,
            "git_commit": self.git_commit,
            "fit": self.fit.to_json(),
        }

    @classmethod
    def from_json(cls, data: object) -> Record:
        """Check every field; raise ValueError saying which one is wrong."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        missing = [f for f in _FIELDS if f not in data]
        unknown = sorted(set(data) - set(_FIELDS))
        if missing or unknown:
            raise ValueError(f"missing fields {missing}, unknown fields {unknown}")
        version = data["version"]
        if type(version) is not int or version < 1:
            raise ValueError(f"version {version!r} is not a positive whole number")
        fit = data["fit"]
        if not isinstance(fit, dict) or not all(
            isinstance(fit.get(k), (int, float)) for k in ("font_size", "fill")
        ):
            raise ValueError("fit needs numbers font_size and fill")
        return cls(
            version=version,
            file=_text(data, "file", DRAFT_NAME),
            sha256=_text(data, "sha256", _SHA256),
            created=_created(data["created"]),
            message=_text(data, "message"),
            status=_text(data, "status", re.compile("draft|final")),
            sources_sha256=_text(data, "sources_sha256", _SHA256),
            template=_text(data, "template"),
            proeve=_text(data, "proeve"),
            git_commit=None if data["git_commit"] is None else _text(data, "git_commit"),
            fit=Fit(float(fit["font_size"]), float(fit["fill"])),
        )


def _text(data: dict[str, Any], field: str, pattern: re.Pattern[str] | None = None) -> str:
    value = data[field]
    if not isinstance(value, str) or (pattern and not pattern.fullmatch(value)):
        raise ValueError(f"{field} {value!r} is not valid")
    return value


def _created(value: object) -> dt.datetime:
    try:
        return dt.datetime.strptime(str(value), _CREATED).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        raise ValueError(f"created {value!r} is not a UTC time like 2026-11-28T06:25:43Z") from None


def read_register(output_dir: Path) -> list[Record]:
    """The drafts in `output_dir/versions.json`, oldest first; no register means no drafts."""
    path = output_dir / REGISTER
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ProeveError(f"{path}: cannot read the register ({exc.strerror})") from None
    keep = "proeve will not replace it; restore it (from git or a backup) or move it away"
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ProeveError(f"{path}: the register is not valid JSON ({exc}); {keep}") from None
    if not isinstance(data, dict) or "proeve_register" not in data:
        raise ProeveError(f"{path}: not a proeve register (no 'proeve_register' key); {keep}")
    if data["proeve_register"] != FORMAT or not isinstance(data.get("drafts"), list):
        raise ProeveError(
            f"{path}: register format {data['proeve_register']!r} is not one this proeve "
            f"reads (format {FORMAT} with a 'drafts' list); {keep}"
        )
    records = []
    for index, item in enumerate(data["drafts"], 1):
        try:
            records.append(Record.from_json(item))
        except ValueError as exc:
            raise ProeveError(f"{path}: draft record {index}: {exc}; {keep}") from None
    numbers = [r.version for r in records]
    if numbers != sorted(set(numbers)):
        raise ProeveError(f"{path}: draft numbers repeat or are out of order; {keep}")
    return records


def write_register(output_dir: Path, records: list[Record]) -> None:
    """Replace the register in one step; call only while holding `locked(output_dir)`."""
    document = {"proeve_register": FORMAT, "drafts": [r.to_json() for r in records]}
    data = (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode()
    temp = write_temp(output_dir, data)
    try:
        temp.replace(output_dir / REGISTER)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(output_dir)


def write_temp(folder: Path, data: bytes) -> Path:
    """A new, fsynced file under a temp name that sweep_temps recognises.

    Why not fsio.write_temp: mkstemp makes 0600 files, and drafts are meant to be shared.
    """
    while True:
        path = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def publish(data: bytes, final: Path) -> bool:
    """Write `final` whole or not at all, and never over an existing file.

    Why a hard link: link() fails when the name exists, where rename() would overwrite.
    Returns False when the name is taken.
    """
    temp = write_temp(final.parent, data)
    try:
        os.link(temp, final)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise ProeveError(
                f"{final.parent}: this file system has no hard links, which drafts need "
                "to be written safely; use an output folder on a local disk"
            ) from None
        raise
    finally:
        temp.unlink(missing_ok=True)
    fsync_dir(final.parent)
    return True


def sweep_temps(output_dir: Path) -> list[Path]:
    """Remove temp files left by builds that were killed; call only while holding the lock."""
    swept = []
    for path in output_dir.glob(f"{TEMP_PREFIX}*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            swept.append(path)
    return swept


@contextlib.contextmanager
def locked(output_dir: Path, timeout: float = 120.0) -> Iterator[None]:
    """Hold the output folder's lock: one build at a time allocates, writes and registers.

    Why flock: the kernel drops it when the holder dies, so a killed build never
    leaves a lock behind. The pid in the file only tells a waiting editor who holds it.
    """
    import fcntl

    fd = open_lock(output_dir / LOCK)
    try:
        deadline = time.monotonic() + timeout
        waiting = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                if time.monotonic() >= deadline:
                    raise ProeveError(
                        f"{output_dir} is busy: another proeve build (pid {holder}) has held "
                        f"its lock for over {timeout:g} s; if that process hangs, stop it"
                    ) from None
                if not waiting:
                    log.warning("waiting for another proeve build (pid %s) to finish", holder)
                    waiting = True
                time.sleep(0.02)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
