"""A project -> its output folder: the one place that knows where drafts live and writes there.

The folder holds the numbered drafts (`<slug>-vNNN.pdf`), the register
(`versions.json`, its format in proeve.drafts.register), the lock and the
preview. Everything that writes there, or reads a draft back against the
register's checksum, goes through here.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from proeve.drafts.register import DRAFT_NAME, MAX_VERSION, REGISTER, Record, read_register
from proeve.errors import ProeveError
from proeve.frozen import Frozen, field
from proeve.fsio import (
    TooLarge,
    fsync_dir,
    open_lock,
    read_bounded,
    read_note,
    replace_atomically,
    replace_kept,
    try_lock,
    unlock,
    write_note,
    write_temp,
)

OUTPUT = "output"
PREVIEW = "preview.pdf"
LOCK = ".versions.lock"
TEMP_PREFIX = ".proeve-draft-"
PREVIEW_TEMP = ".proeve-preview-"

log = logging.getLogger(__name__)


def output_folder(project: Path) -> Path:
    """The project's output folder, refused when it is a symlink the repository carries.

    Why: a symlink made by the user (a pipeline keeping drafts on the runner's
    disk) is theirs to follow, but one committed to a repository would make a
    cloned project write wherever its author chose.
    """
    out = project / OUTPUT
    if out.is_symlink() and _tracked_as_symlink(project, OUTPUT):
        raise ProeveError(
            f"{out} is a symlink committed to the repository (to {out.readlink()}); "
            "proeve does not write where a repository points: replace it by a folder"
        )
    return out


def _tracked_as_symlink(project: Path, name: str) -> bool:
    try:
        done = subprocess.run(
            ["git", "-C", str(project), "ls-files", "--stage", "--", name],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and done.stdout.startswith("120000 ")


def draft_name(slug: str, number: int) -> str:
    return f"{slug}-v{number:03d}.pdf"


def save_register(output_dir: Path, data: bytes) -> None:
    """Replace the register by `data` (register_bytes) in one step, under `locked(output_dir)`.

    Its permissions are kept; a register that is a link, a hard link or
    read-only is refused, not replaced (fsio.replace_kept).
    """
    replace_kept(output_dir / REGISTER, data, TEMP_PREFIX)


def publish(data: bytes, final: Path) -> bool:
    """Write `final` whole or not at all, and never over an existing file.

    Why a hard link: link() fails when the name exists, where rename() would overwrite.
    Returns False when the name is taken.
    """
    temp = write_temp(final.parent, data, TEMP_PREFIX)
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
    """Remove temp files left by builds and previews that were killed; call only under the lock.

    Provably ours and provably stale: only builds and previews write files with
    these prefixes here, and they write them only while holding the lock.
    """
    swept = []
    for prefix in (TEMP_PREFIX, PREVIEW_TEMP):
        for path in output_dir.glob(f"{prefix}*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                swept.append(path)
    return swept


def put_preview(output_dir: Path, name: str, data: bytes, durable: bool = True) -> Path:
    """Replace the preview (or its image) in one step, under the lock, sweeping stale temps.

    Why the lock for a file that is not a draft: so that its temp file is
    written only while the lock is held, and a temp file found while holding
    it is one a killed run left (sweep_temps), never one being written.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    with locked(output_dir):
        sweep_temps(output_dir)
        replace_atomically(output_dir / name, data, PREVIEW_TEMP, durable)
    return output_dir / name


class Gap(Frozen):
    """A run of draft numbers the register skips (`first` to `last`), and what explains it."""

    first: int
    last: int
    why: str

    @property
    def numbers(self) -> str:
        """'v004', or 'v004' to 'v019' joined by an en dash."""
        if self.first == self.last:
            return f"v{self.first:03d}"
        return f"v{self.first:03d}\u2013v{self.last:03d}"

    def to_json(self) -> dict[str, object]:
        return {"version": self.first, "last": self.last, "why": self.why}


def gaps(out: Path, records: list[Record]) -> list[Gap]:
    """The runs of numbers below the last registered draft that no record has, each explained.

    Numbers are never reused, so a build that found a file outside the register
    holding its name, or that was stopped after writing its PDF and before
    registering it, leaves its number out. One Gap per run, never one per
    number: a register that jumps from v003 to v9999999 is two lines, not ten million.
    """
    held = _held(out, records)
    numbers = sorted({r.version for r in records})
    found: list[Gap] = []
    for before, after in zip([0, *numbers], numbers, strict=False):
        if after - before > 1:
            found += _explained(before + 1, after - 1, held)
    return found


def _explained(first: int, last: int, held: dict[int, str]) -> list[Gap]:
    """One run of missing numbers, split where files outside the register hold some of them."""
    found: list[Gap] = []
    start = first
    for number in sorted(n for n in held if first <= n <= last):
        if number > start:
            found.append(Gap(start, number - 1, _none(start, number - 1)))
        found.append(Gap(number, number, _held_why(held[number])))
        start = number + 1
    if start <= last:
        found.append(Gap(start, last, _none(start, last)))
    return found


def _none(first: int, last: int) -> str:
    it, number = ("it", "the number") if first == last else ("them", "a number")
    return (
        f"no draft has {it}: a build was stopped part-way, a file that held {number} was "
        "removed after a later draft was made, or the register was edited"
    )


def _held_why(name: str) -> str:
    return (
        f"{name} holds the number but is not in {REGISTER}: a build stopped after writing "
        "it and before registering it, or a file put there by hand; its number is not reused"
    )


def _held(out: Path, records: list[Record]) -> dict[int, str]:
    """Draft numbers held by files in `out` that the register does not list -> one such name."""
    held: dict[int, str] = {}
    for name in unregistered(out, records):
        match = DRAFT_NAME.fullmatch(name)
        assert match is not None  # unregistered() lists only draft names
        held.setdefault(int(match["number"]), name)
    return held


@contextlib.contextmanager
def locked(output_dir: Path, timeout: float = 120.0) -> Iterator[None]:
    """Hold the output folder's lock: one build at a time allocates, writes and registers.

    Why a lock the system keeps (flock, or LockFile on Windows; see proeve.fsio):
    it is dropped when the holder dies, so a killed build never leaves a lock
    behind. The pid in the file only tells a waiting editor who holds it.
    """
    fd = open_lock(output_dir / LOCK)
    try:
        deadline = time.monotonic() + timeout
        waiting = False
        while not try_lock(fd):
            holder = read_note(fd, 32) or "?"
            if time.monotonic() >= deadline:
                raise ProeveError(
                    f"{output_dir} is busy: another proeve build (pid {holder}) has held "
                    f"its lock for over {timeout:g} s; if that process hangs, stop it"
                )
            if not waiting:
                log.warning("waiting for another proeve build (pid %s) to finish", holder)
                waiting = True
            time.sleep(0.02)
        try:
            write_note(fd, f"{os.getpid()}\n")
            yield
        finally:
            unlock(fd)
    finally:
        os.close(fd)


def next_number(out: Path, records: list[Record], after: int = 0) -> int:
    """The number the next draft takes: past the register's last, and past `after`.

    Only the register counts, so a stray `agenda-v20261128.pdf` does not make
    the next draft v20261129; but a number a file in `out` holds (any slug: a
    build killed before registering, a file put there by hand) is skipped, never
    reused, and that file is never touched. The skipped numbers are gaps.
    """
    held = _held(out, records)
    number = max([after, *(r.version for r in records)]) + 1
    while number in held:
        number += 1
    if number > MAX_VERSION:
        raise ProeveError(
            f"{out}: no draft number is left after v{number - 1:03d} (drafts are numbered "
            f"up to {MAX_VERSION:,}); start a new output folder"
        )
    return number


class Checked(Frozen):
    """A registered draft read back: its bytes when they match the register, else the problem."""

    record: Record
    data: bytes | None = field(default=None, repr=False, compare=False)
    problem: str | None = None  # "missing", "changed", "too large" or "unreadable (why)"

    def explain(self) -> str:
        """The problem in words, for a line that already names the file."""
        if self.problem == "missing":
            return "the file is missing (deleted or moved after it was built)"
        if self.problem == "changed":
            return f"the file no longer matches its checksum in {REGISTER} (edited or replaced)"
        return f"the file is {self.problem}"


def read_draft(out: Path, record: Record, keep: bool = True) -> Checked:
    """A draft's bytes, checked against the register's sha256; `keep` False drops the bytes."""
    from proeve.pdf.read import MAX_PDF_BYTES

    path = out / record.file
    try:
        data = read_bounded(path, MAX_PDF_BYTES)
    except FileNotFoundError:
        return Checked(record, None, "missing")
    except TooLarge:
        return Checked(record, None, "too large")
    except OSError as exc:  # NotAFile too: a FIFO or a device is never read
        return Checked(record, None, f"unreadable ({exc.strerror})")
    if not record.matches(data):
        return Checked(record, None, "changed")
    return Checked(record, data if keep else None)


def check_drafts(out: Path, keep: bool = False) -> tuple[list[Checked], list[str]]:
    """Every registered draft read back (see read_draft), and the draft files the register lacks."""
    records = read_register(out)
    return [read_draft(out, r, keep) for r in records], unregistered(out, records)


def unregistered(out: Path, records: list[Record]) -> list[str]:
    """Names of draft files in `out` that the register does not list (an interrupted build?)."""
    known = {r.file for r in records}
    return sorted(
        p.name for p in out.glob("*-v*.pdf") if DRAFT_NAME.fullmatch(p.name) and p.name not in known
    )
