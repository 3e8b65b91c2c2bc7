"""A Comparison -> the review PDF and overlay PNG on disk, never over an input, a draft or others.

The guard (`guard`) also keeps `proeve comments`' sheets where they belong.

A review is written only where a review belongs: never inside the project's
inputs/ or templates/, never over either compared PDF, a numbered draft, the
register or the lock (not even with --force), and over an existing file only
when that file is an earlier review of the same kind, unless --force says so.
"""

from __future__ import annotations

import re
from pathlib import Path

from proeve.diff.compare import Comparison
from proeve.drafts.folder import OUTPUT
from proeve.errors import UsageError
from proeve.fsio import replace_atomically

_DRAFT_FILE = re.compile(r".+-v[0-9]{3,}\.pdf|versions\.json|\.versions\.lock")
PDF_MARK = b"/Subject (proeve review)"  # review.review_pdf sets this subject
PNG_MARK = b"tEXtSoftware\x00proeve review"  # visual.png writes this text chunk
SHEET_MARK = b"/Subject (proeve comments)"  # comments.sheet sets this subject
MD_MARK = b"<!-- proeve comments -->"  # the first line of a Markdown comment sheet
_MAX_SNIFF = 64 * 1024 * 1024


def write_outputs(
    comparison: Comparison,
    project: Path,
    pdf: Path | None,
    png: Path | None,
    force: bool = False,
) -> list[Path]:
    """Write what was asked for; with no differences there is nothing to review or write."""
    targets = [(p, kind) for p, kind in ((pdf, "pdf"), (png, "png")) if p is not None]
    for target, kind in targets:
        check_target(target, kind, comparison, project, force)
    if comparison.same or not targets:
        return []
    written = []
    if pdf is not None:
        from proeve.diff.review import review_pdf

        replace_atomically(pdf, review_pdf(comparison))
        written.append(pdf)
    if png is not None:
        from proeve.diff.visual import png as png_bytes

        assert comparison.visual is not None
        replace_atomically(png, png_bytes(comparison.visual.overlay))
        written.append(png)
    return written


def check_target(
    target: Path, kind: str, comparison: Comparison, project: Path, force: bool = False
) -> None:
    """Refuse a target that is an input, a draft or not ours to replace; see the module text."""
    compared = {comparison.old.path, comparison.new.path}
    guard(target, kind, compared, project, force)


def guard(
    target: Path,
    kind: str,
    protected: set[Path],
    project: Path,
    force: bool = False,
    what: str = "",
) -> None:
    """Refuse to write `target` where a review or comment sheet never goes (see the module text).

    `protected` are the PDFs being read; `kind` is pdf, png, sheet or md; `what`
    names the document in messages. diff's review and comments' sheet both ask this.
    """
    resolved = target.resolve()
    root = project.resolve()
    for folder in ("inputs", "templates"):
        if resolved.is_relative_to(root / folder):
            raise UsageError(f"refusing to write {target}: it is inside the project's {folder}/")
    in_output = resolved.parent == (root / OUTPUT).resolve()
    if resolved in {p.resolve() for p in protected} or (
        in_output and _DRAFT_FILE.fullmatch(resolved.name)
    ):
        raise UsageError(f"refusing to write {target}: drafts and the register are never replaced")
    if resolved.is_dir():
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
