"""A proeve PDF -> its embedded source files written back into a folder, never outside it."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from proeve.errors import UsageError
from proeve.fsio import replace_atomically

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024
MAX_ATTACHMENTS = 200
READ_SECONDS = 5.0
_SAFE = re.compile(r"(inputs/(initiatives/)?|templates/)?[A-Za-z0-9][A-Za-z0-9._-]{0,80}")


def read_attachments(pdf: Path) -> dict[str, bytes]:
    """The embedded files of a PDF, bounded in count and size; names are checked, not trusted."""
    try:
        size = pdf.stat().st_size
    except OSError as exc:
        raise UsageError(f"{pdf}: cannot read ({exc.strerror})") from None
    if size > MAX_PDF_BYTES:
        raise UsageError(
            f"{pdf}: {size // 2**20} MiB is larger than the {MAX_PDF_BYTES // 2**20} MiB limit"
        )
    from proeve.pdf.read import attachments, check_complete, deadline

    data = pdf.read_bytes()
    check_complete(data, str(pdf))
    with deadline(READ_SECONDS, str(pdf)):
        return attachments(data, str(pdf), MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES)


def safe_name(name: str) -> PurePosixPath:
    """Accept only relative names we could have written ourselves (no '..', no absolute path)."""
    if not _SAFE.fullmatch(name) or ".." in name:
        raise UsageError(f"refusing attachment name {name!r}: not a plain relative path")
    return PurePosixPath(name)


def extract(pdf: Path, folder: Path, force: bool = False) -> list[Path]:
    """Write a PDF's sources into `folder`; refuse to overwrite different files unless forced."""
    files = read_attachments(pdf)
    if "proeve.json" not in files:
        raise UsageError(f"{pdf}: no proeve sources embedded (not made by proeve?)")
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
