"""The register and two of its drafts -> the drafts list, and diff's change list and marked page.

Read-only views of what `proeve log` and `proeve diff` already make: the same
records, the same change list (as HTML, every piece of text escaped), the
same marked page as the review PDF's first page, drawn as an image.
"""

from __future__ import annotations

import html
import threading
from pathlib import Path
from typing import Any

from proeve.errors import ProeveError, UsageError
from proeve.serve.image import page_image

KEEP = 4


def drafts(project: Path) -> dict[str, Any]:
    """The drafts, newest last, as the register lists them, and whether each file is there.

    Why not `proeve log`'s check of every checksum: the page asks after every
    save; a changed file is what `proeve log` and `proeve diff` report.
    """
    from proeve.drafts.folder import output_folder
    from proeve.drafts.register import read_register

    try:
        folder = output_folder(project)
        records = read_register(folder)
    except ProeveError as exc:
        return {"drafts": [], "problem": str(exc)}
    return {
        "drafts": [
            {
                "version": r.version,
                "name": r.name,
                "created": r.created.strftime("%Y-%m-%d %H:%M"),
                "status": r.status,
                "message": r.message,
                "sha256": r.sha256[:8],
                "problem": None if (folder / r.file).is_file() else "the file is missing",
            }
            for r in records
        ]
    }


class Reviews:
    """Comparisons of two drafts, kept for a few pairs (drafts never change once written)."""

    def __init__(self, project: Path, engine: threading.RLock) -> None:
        self.project = project
        self.engine = engine  # one page is built or drawn at a time (ReportLab, pdfium)
        self._kept: dict[tuple[int, int], tuple[dict[str, Any], bytes | None]] = {}
        self._lock = threading.Lock()

    def compare(self, a: int, b: int) -> dict[str, Any]:
        """What changed from draft `a` to draft `b`: the summary and the change list as HTML."""
        return self._get(a, b)[0]

    def marked_page(self, a: int, b: int) -> bytes | None:
        """The new page with the changes marked (PNG), as the review PDF's first page."""
        return self._get(a, b)[1]

    def _get(self, a: int, b: int) -> tuple[dict[str, Any], bytes | None]:
        if not (0 < a < 1_000_000 and 0 < b < 1_000_000):
            raise UsageError("draft numbers are whole numbers from 1")
        with self._lock:
            if (a, b) in self._kept:
                return self._kept[(a, b)]
        with self.engine:
            made = self._make(a, b)
        with self._lock:
            self._kept[(a, b)] = made
            for old in list(self._kept)[:-KEEP]:
                del self._kept[old]
        return made

    def _make(self, a: int, b: int) -> tuple[dict[str, Any], bytes | None]:
        from proeve.diff.compare import compare
        from proeve.diff.report import change_list

        comparison = compare(str(a), str(b), self.project)
        lines = [[indent, text] for indent, text in change_list(comparison, html_look())]
        image = None
        if comparison.parsed is not None and comparison.changes is not None and not comparison.same:
            image = _marked(comparison)
        data = {
            "a": a,
            "b": b,
            "same": comparison.same,
            "lines": lines,
            "warnings": list(comparison.notes),
            "image": f"/diff/{a}-{b}.png" if image else None,
        }
        return data, image


def html_look() -> Any:
    """How the change list reads in the page: inserted and deleted words marked, text escaped."""
    from proeve.diff.report import Look
    from proeve.diff.words import DELETED, INSERTED

    def word(op: str, text: str) -> str:
        tag = {INSERTED: "ins", DELETED: "del"}.get(op)
        escaped = html.escape(text)
        return f"<{tag}>{escaped}</{tag}>" if tag else escaped

    return Look(word, html.escape, lambda text: f"<strong>{text}</strong>")


def _marked(comparison: Any) -> bytes | None:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from proeve.diff.markpage import paint_marked_page
    from proeve.diff.vocab import words_for
    from proeve.pdf.actual import enable
    from proeve.pdf.pen import Pen

    after = comparison.parsed[1]
    language = after.document.language
    words = words_for(language, after.template.labels[language])
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    enable(canvas)  # the marks' words read aloud (ActualText) need their callbacks
    # Painted through a plain pen (the screen needs no tags); None: it could not be laid out.
    if paint_marked_page(Pen(canvas), comparison, words) is None:
        return None
    canvas.save()
    return page_image(buffer.getvalue())
