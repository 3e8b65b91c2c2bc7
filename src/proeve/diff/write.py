"""A Comparison -> the review PDF and overlay PNG on disk, never over an input, a draft or others.

The guard (`check_targets`) and the writer (`write_all`) also serve `proeve comments`' sheets.

A review is written only where a review belongs: never where proeve keeps
something, in any project (proeve.drafts.kept: inputs, templates, drafts,
registers, archives, the PDFs being read; not even with --force), never two
outputs to one file, and over an existing file only when that file is an
earlier review of the same kind, unless --force says so. Everything asked for
is written whole or not at all.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from proeve.diff.compare import Comparison
from proeve.drafts.kept import refuse_kept
from proeve.errors import UsageError
from proeve.fsio import fsync_dir, write_temp, writing

PDF_MARK = b"/Subject (proeve review)"  # review.review_pdf sets this subject
PNG_MARK = b"tEXtSoftware\x00proeve review"  # visual.png writes this text chunk
SHEET_MARK = b"/Subject (proeve comments)"  # comments.sheet sets this subject
MD_MARK = b"<!-- proeve comments -->"  # the first line of a Markdown comment sheet
_MAX_SNIFF = 64 * 1024 * 1024


def write_outputs(
    comparison: Comparison,
    pdf: Path | None,
    png: Path | None,
    force: bool = False,
) -> list[Path]:
    """Write what was asked for; with no differences there is nothing to review or write."""
    targets = [(p, kind) for p, kind in ((pdf, "pdf"), (png, "png")) if p is not None]
    check_targets(targets, {comparison.old.path, comparison.new.path}, force)
    if comparison.same or not targets:
        return []
    files = []
    if pdf is not None:
        from proeve.diff.review import review_pdf

        files.append((pdf, review_pdf(comparison)))
    if png is not None:
        from proeve.diff.visual import png as png_bytes

        assert comparison.visual is not None
        files.append((png, png_bytes(comparison.visual.overlay)))
    return write_all(files, "the review")


def check_targets(
    targets: list[tuple[Path, str]], reading: set[Path], force: bool = False, what: str = ""
) -> None:
    """Refuse two outputs to one file, then check each (`guard`) before anything is made."""
    seen: dict[Path, Path] = {}
    for target, _ in targets:
        place = _landing(target)
        if place in seen:
            raise UsageError(
                f"refusing to write {seen[place]} and {target}: they are the same file; "
                "give each output its own name"
            )
        seen[place] = target
    for target, kind in targets:
        guard(target, kind, reading, force, what)


def _landing(target: Path) -> Path:
    """Where a file written to `target` ends up (a symlink is replaced itself, not followed)."""
    return target.absolute().parent.resolve() / target.name


def guard(
    target: Path,
    kind: str,
    reading: set[Path],
    force: bool = False,
    what: str = "",
) -> None:
    """Refuse to write `target` where a review or comment sheet never goes (see the module text).

    `reading` are the PDFs being read; `kind` is pdf, png, sheet or md; `what`
    names the document in messages. diff's review and comments' sheet both ask this.
    """
    refuse_kept(target, reading)
    if target.resolve().is_dir():
        raise UsageError(f"refusing to write {target}: it is a folder; give a file name")
    if force or not (target.exists() or target.is_symlink()):
        return
    if target.is_symlink():
        raise UsageError(
            f"refusing to write {target}: it is a symlink (use --force to replace the link itself)"
        )
    if not _is_review(target, kind):
        raise UsageError(
            f"refusing to write {target}: it exists and is not an earlier proeve "
            f"{what or 'review ' + kind.upper()} (use --force to replace it)"
        )


def write_all(files: list[tuple[Path, bytes]], what: str) -> list[Path]:
    """Write every file whole beside its place, then move them all into place; return them.

    Trouble (a full disk, a read-only folder, a file-size limit, no file handles
    left) is a WriteError naming the path and the cause, and leaves no temp file
    and no part of a file: what was there before stays, or is replaced whole.
    """
    temps: list[tuple[Path, Path]] = []
    written: list[Path] = []
    try:
        for target, data in files:
            with writing(f"write {what} {target}", "nothing was written", target):
                target.parent.mkdir(parents=True, exist_ok=True)
                temps.append((write_temp(target.parent, data), target))
        for temp, target in temps:
            left = f"written before it stopped: {', '.join(map(str, written)) or 'nothing'}"
            with writing(f"write {what} {target}", left, target):
                os.replace(temp, target)  # noqa: PTH105
            written.append(target)
    finally:
        for temp, _ in temps:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
    for folder in {target.parent for target in written}:
        with contextlib.suppress(OSError):
            fsync_dir(folder)
    return written


def working_document(data: bytes) -> str | None:
    """'review' or 'comment sheet' for a PDF proeve wrote as one (by the subject it sets), else
    None. A mark, not a proof: it only says which checks apply (verify)."""
    if not data.startswith(b"%PDF-"):
        return None
    if PDF_MARK in data:
        return "review"
    return "comment sheet" if SHEET_MARK in data else None


def _is_review(path: Path, kind: str) -> bool:
    """Whether an existing file is a review (or comment sheet) of this kind proeve wrote before."""
    try:
        if not path.is_file() or path.stat().st_size > _MAX_SNIFF:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if kind == "png":
        return data.startswith(b"\x89PNG") and PNG_MARK in data[:4096]
    if kind == "md":
        return data.startswith(MD_MARK)
    if kind == "sheet":
        return data.startswith(b"%PDF-") and SHEET_MARK in data
    return data.startswith(b"%PDF-") and PDF_MARK in data
