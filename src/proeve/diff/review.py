"""A Comparison -> the review PDF: the marked new page, the change list, the pixel overlay.

A working document outside the archive promise, and it says so on page 2 and
in its keywords: not PDF/A and not tagged. Why not tagged: its meaning is in
highlights and strike-throughs inside words, which a structure tree of whole
paragraphs would read as plain text; the same change list is given as text by
`proeve diff` (and --json), which is the accessible form. User text reaches
ReportLab's paragraph parser only escaped (report.Look and marks.py escape every piece).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageBreak, Paragraph, Spacer

from proeve import __version__
from proeve.diff.compare import Comparison
from proeve.diff.marks import dele, ins
from proeve.diff.report import Look, change_list
from proeve.diff.vocab import words_for
from proeve.diff.words import DELETED, INSERTED
from proeve.page.fonts import ARROW, Faces, register
from proeve.page.markup import escape

MARGIN = 15 * mm
CAPTION = 30  # pt under the overlay for its caption and legend
FULL_PAGE = A4[1] - 2 * MARGIN - CAPTION - 1


def pdf_word(op: str, text: str) -> str:
    if op == INSERTED:
        return ins(text)
    if op == DELETED:
        return dele(text)
    return escape(text)


PDF_LOOK = Look(pdf_word, escape, lambda text: f"<b>{text}</b>")


def review_pdf(comparison: Comparison) -> bytes:
    """The review as PDF bytes: page 1 marked (proeve drafts only), the change list, the overlay."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    from proeve.diff.markpage import paint_marked_page

    parsed = comparison.parsed
    template = parsed[1].template if parsed else None
    language = parsed[1].document.language if parsed else "en"
    words = words_for(language, template.labels[language] if template else None)
    faces = register(template.font if template else "source-sans")
    rl_config.invariant = 1
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=faces.regular)
    title = f"{words['review']} {comparison.old.label} → {comparison.new.label}"
    canvas.setTitle(title + (f": {parsed[1].document.title}" if parsed else ""))
    canvas.setCreator(f"proeve {__version__}")
    canvas.setSubject("proeve review")  # marks it as ours: a later diff may replace it
    canvas.setKeywords("working document; not PDF/A; not tagged")
    if parsed is not None:
        paint_marked_page(canvas, comparison, words)
    change_pages(canvas, comparison, faces, words, title)
    canvas.save()
    return buffer.getvalue()


def change_pages(
    canvas: Any, comparison: Comparison, faces: Faces, words: dict[str, str], title: str
) -> None:
    """The change list (flowing onto more pages when long), then the overlay on its own page."""
    story = _story(comparison, faces, words, title)
    while story:
        frame = Frame(
            MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip
        left = len(story)
        frame.addFromList(story, canvas)
        canvas.showPage()
        if len(story) == left:  # too big even for an empty page: leave it out rather than loop
            story.pop(0)


def in_font(text: str, faces: Faces) -> str:
    """The review's arrows as the font has them (Vera has no →: it would print a box)."""
    return text.replace(ARROW, faces.arrow)


def _story(comparison: Comparison, faces: Faces, words: dict[str, str], title: str) -> list[Any]:
    base = ParagraphStyle("item", fontName=faces.regular, fontSize=8.6, leading=11)
    heading = ParagraphStyle("h", base, fontName=faces.bold, fontSize=14, leading=18)
    story: list[Any] = [Paragraph(escape(in_font(title, faces)), heading)]
    files = " · ".join(
        escape(s.path.name if s.label == s.path.name else f"{s.label}: {s.path.name}")
        for s in (comparison.old, comparison.new)
    )
    grey = ParagraphStyle("files", base, textColor=HexColor("#555555"))
    story.append(Paragraph(files, grey))
    note = words["working_copy"].format(old=comparison.old.label, new=comparison.new.label)
    story.append(Paragraph(escape(note), grey))
    story.append(Spacer(0, 3 * mm))
    for indent, text in change_list(comparison, PDF_LOOK, words):
        style = ParagraphStyle(
            f"l{indent}", base, leftIndent=indent * 11, spaceBefore=4 if indent == 0 else 0.6
        )
        story.append(Paragraph(in_font(text, faces), style))
    if comparison.visual is not None:
        # Its own page: at half a page's width the pages were too small to read.
        story.append(PageBreak())
        story.append(Overlay(comparison, faces, words))
    return story


class Overlay(Flowable):  # type: ignore[misc]
    """The two pages as one (diff-pdf): red only in the old, blue only in the new, black in
    both, the changed regions framed; as large as the page allows, with its legend below."""

    def __init__(self, comparison: Comparison, faces: Faces, words: dict[str, str]) -> None:
        super().__init__()
        self.visual = comparison.visual
        self.faces = faces
        old, new = comparison.old.label, comparison.new.label
        self.caption = f"{old} {faces.arrow} {new}"
        self.legend = " · ".join(
            (
                words["legend_old"].format(old=old),
                words["legend_new"].format(new=new),
                words["legend_both"],
                words["legend_box"],
            )
        )

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.visual.size
        room = available_height - CAPTION - 1  # a point to spare: a frame refuses a tie
        if room < FULL_PAGE:  # the rest of a page: too small, ask for a page of its own
            room = FULL_PAGE
        self.image_w = min(available_width, room * width / height)
        self.image_h = self.image_w * height / width
        self.width, self.height = available_width, self.image_h + CAPTION
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.lib.utils import ImageReader

        canvas = self.canv
        x = (self.width - self.image_w) / 2
        canvas.drawImage(ImageReader(self.visual.overlay), x, CAPTION, self.image_w, self.image_h)
        canvas.setStrokeColor(HexColor("#888888"))
        canvas.setLineWidth(0.5)
        canvas.rect(x, CAPTION, self.image_w, self.image_h, stroke=1, fill=0)
        canvas.setFillColor(HexColor("#1E1E1E"))
        canvas.setFont(self.faces.bold, 9)
        canvas.drawString(x, CAPTION - 12, self.caption)
        canvas.setFont(self.faces.regular, 8)
        canvas.drawString(x, CAPTION - 23, self.legend)
