"""A Comparison -> the review PDF and overlay PNG on disk, never over a draft or an input."""

from __future__ import annotations

import re
from pathlib import Path

from proeve.diff.compare import Comparison
from proeve.errors import UsageError
from proeve.fsio import replace_atomically

_DRAFT_FILE = re.compile(r".+-v[0-9]{3,}\.pdf|versions\.json")


def write_outputs(
    comparison: Comparison, project: Path, pdf: Path | None, png: Path | None
) -> list[Path]:
    """Write what was asked for; with no differences there is nothing to review or write."""
    targets = [p for p in (pdf, png) if p is not None]
    for target in targets:
        check_target(target, comparison, project)
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


def check_target(target: Path, comparison: Comparison, project: Path) -> None:
    """Refuse to write over either compared PDF, a numbered draft, or the register."""
    resolved = target.resolve()
    inputs = {comparison.old.path.resolve(), comparison.new.path.resolve()}
    output = (project / "output").resolve()
    if resolved in inputs or (resolved.parent == output and _DRAFT_FILE.fullmatch(target.name)):
        raise UsageError(f"refusing to write {target}: drafts and the register are never replaced")
    if resolved.is_dir():
        raise UsageError(f"{target} is a folder; give a file name")
