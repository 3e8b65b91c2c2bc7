"""A proeve PDF -> its embedded source files written back into a folder, never outside it."""

from __future__ import annotations

from pathlib import Path

from proeve.errors import UsageError
from proeve.fsio import replace_atomically


def read_attachments(pdf: Path) -> dict[str, bytes]:
    """The files a proeve PDF carries, read within the bounds of proeve.pdf.read."""
    from proeve.pdf.read import proeve_files, read_file

    files = proeve_files(read_file(pdf), str(pdf))
    if files is None:
        raise UsageError(f"{pdf}: no proeve sources embedded (not made by proeve?)")
    return files


def extract(pdf: Path, folder: Path, force: bool = False) -> list[Path]:
    """Write a PDF's sources into `folder`; refuse to overwrite different files unless forced."""
    from proeve.pdf.read import safe_name

    files = read_attachments(pdf)
    plan = [(folder / safe_name(name), data) for name, data in sorted(files.items())]
    root = folder.resolve()
    clashes = []
    for target, data in plan:
        if not target.resolve().is_relative_to(root):
            raise UsageError(f"refusing to write {target}: outside {folder}")
        if target.exists() and target.read_bytes() != data:
            clashes.append(str(target))
    if clashes and not force:
        raise UsageError(
            "these files exist and differ, nothing was written (use --force to replace): "
            + ", ".join(clashes)
        )
    written = []
    for target, data in plan:
        if target.is_symlink():
            target.unlink()
        replace_atomically(target, data)
        written.append(target)
    return written
