"""A proeve PDF -> its embedded source files written back into a folder, never outside it.

Only what proeve itself writes: the inputs, the template the manifest names and
its logo, under names in proeve.inputs.names' one form; a PDF carrying anything
else is refused.

All or nothing, as far as a file system allows: every file is first written
whole beside its place (a temp file in the same folder), and only when all of
them are on disk are they renamed into place. A full disk, a read-only folder
or a file where a folder belongs stops the run with nothing extracted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from proeve.errors import ProeveError, UsageError, WriteError
from proeve.fsio import TooLarge, fsync_dir, read_bounded, trouble, write_temp, writing


def read_attachments(pdf: Path) -> dict[str, bytes]:
    """The files a proeve PDF carries, read within the bounds of proeve.pdf.read."""
    from proeve.pdf.read import proeve_files, read_file

    files = proeve_files(read_file(pdf), str(pdf))
    if files is None:
        raise UsageError(f"{pdf}: no proeve sources embedded (not made by proeve?)")
    return files


def extract(
    pdf: Path, folder: Path, force: bool = False, guard: Callable[[Path], None] | None = None
) -> list[Path]:
    """Write a PDF's sources into `folder`; refuse to overwrite different files unless forced.

    `guard` may refuse a target before anything is written (the CLI passes
    proeve.drafts.kept's: never into an archive, never over a draft or a register).
    """
    from proeve.pdf.read import safe_name

    files = restorable(read_attachments(pdf), str(pdf))
    plan = [(folder / safe_name(name), data) for name, data in sorted(files.items())]
    root = folder.resolve()
    clashes = []
    for target, data in plan:
        if guard is not None:
            guard(target)
        if not target.resolve().is_relative_to(root):
            raise UsageError(f"refusing to write {target}: outside {folder}")
        if target.is_dir() and not target.is_symlink():
            raise UsageError(
                f"cannot extract {target}: a folder is in the way; nothing was written"
            )
        if target.is_file() and _bytes(target, len(data)) != data:
            clashes.append(str(target))
    if clashes and not force:
        raise UsageError(
            "these files exist and differ, nothing was written (use --force to replace): "
            + ", ".join(clashes)
        )
    return _write_all(folder, plan)


def restorable(files: dict[str, bytes], label: str) -> dict[str, bytes]:
    """The files proeve itself would write: the inputs, the manifest's template and its logo.

    Anything else a PDF carries (a Makefile, a second template, conftest.py) means
    it is not as proeve made it: refused, nothing extracted.
    """
    from proeve.chain import embedded
    from proeve.inputs.template import read_template

    sources, manifest = embedded(files, label)
    keep = {n for n in sources if n.startswith("inputs/")} | {manifest.template}
    try:
        logo = read_template(manifest.template, sources[manifest.template]).logo
    except ProeveError:
        logo = None  # a template that does not validate names no logo we could trust
    if logo is not None and logo in sources:
        keep.add(logo)
    others = sorted(set(sources) - keep)
    if others:
        raise UsageError(f"{label}: carries files proeve never writes ({', '.join(others)}); "
                         "refusing it, nothing was extracted")  # fmt: skip
    return {name: sources[name] for name in sorted(keep)}


def _bytes(path: Path, size: int) -> bytes | None:
    """The file's bytes when it may equal `size` bytes, else None (it differs); never a FIFO."""
    with writing(f"read {path} to compare it", "nothing was written", path):
        try:
            return read_bounded(path, size)
        except TooLarge:
            return None


def _write_all(folder: Path, plan: list[tuple[Path, bytes]]) -> list[Path]:
    """Write every file aside first, then move them all into place (a link is replaced itself)."""
    made: list[Path] = []  # folders this run created, removed again if it fails
    temps: list[tuple[Path, Path]] = []
    try:
        with writing(f"extract into {folder}", "nothing was written", folder):
            for target, data in plan:
                made += _make_folders(target.parent)
                temps.append((write_temp(target.parent, data), target))
    except BaseException:
        _undo(temps, made)
        raise
    written: list[Path] = []
    try:
        for temp, target in temps:
            temp.replace(target)
            written.append(target)
        for parent in {target.parent for _, target in temps}:
            fsync_dir(parent)
    except BaseException as exc:
        _undo([t for t in temps if t[1] not in written], [])
        if not isinstance(exc, OSError):
            raise
        done = ", ".join(map(str, written)) or "nothing"
        raise WriteError(
            f"could not extract into {folder}: {trouble(exc, folder)}; each file is whole; "
            f"written before it stopped: {done}"
        ) from exc
    return written


def _make_folders(folder: Path) -> list[Path]:
    """Create `folder` and missing parents; return those created, deepest last."""
    missing = []
    while not folder.exists() and not folder.is_symlink():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _undo(temps: list[tuple[Path, Path]], made: list[Path]) -> None:
    for temp, _ in temps:
        with contextlib.suppress(OSError):
            temp.unlink()
    for path in reversed(made):
        with contextlib.suppress(OSError):
            path.rmdir()
