"""A Comparison -> the review PDF: the marked new page, the change list, the pixel overlay.

A working document for the meeting, outside the archive promise (it says so on
page 2 and in its keywords), and read as well as a draft: tagged (PDF/UA-1,
PDF/A-3a) through the draft's own tagging pen, page 1 painted as the draft is,
the overlay a figure with alternative text. Strike-throughs and highlights
inside words are read aloud through ActualText ("was 4, nu 5", pdf/actual.py).
User text reaches ReportLab's paragraph parser only escaped (report.Look and
marks.py escape every piece).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from proeve.diff.compare import Comparison
from proeve.diff.marks import dele, ins
from proeve.diff.report import Look, change_list
from proeve.diff.vocab import words_for
from proeve.diff.words import DELETED, INSERTED
from proeve.identity import made_now
from proeve.page.fonts import ARROW, Faces, register
from proeve.page.markup import escape, plain
from proeve.pdf.actual import enable, spoken
from proeve.pdf.story import Block, Item, draw_story

MARGIN = 15 * mm
CAPTION = 30  # pt under the overlay for its caption and legend
FRAME = (MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN)


def pdf_look(words: dict[str, str]) -> Look:
    """How the change list is written in a PDF: deleted words struck (after a minus sign), inserted
    highlighted (after a +), a replacement as "old → new"; each read aloud (ActualText) as
    `words` say ("was 4, nu 5").
    A canvas that draws it needs proeve.pdf.actual.enable."""

    def word(op: str, text: str) -> str:
        # A sign before a lone run says it in gray print and to a reader that ignores
        # ActualText (pdf.js): "+ Kamer van Koophandel", a minus sign before "Deze proeve".
        if op == INSERTED:
            return spoken(words["said_inserted"].format(new=text), f"+&#160;{ins(text)}")
        if op == DELETED:
            return spoken(words["said_deleted"].format(old=text), f"\u2212&#160;{dele(text)}")
        return escape(text)

    def pair(old: str, new: str) -> str:
        said = words["said_replaced"].format(old=old, new=new)
        return spoken(said, f"{dele(old)} → {ins(new)}")

    return Look(word, escape, lambda text: f"<b>{text}</b>", pair)


def review_pdf(comparison: Comparison) -> bytes:
    """The review as PDF bytes: page 1 marked (proeve drafts only), the change list, the overlay;
    tagged (PDF/UA-1, PDF/A-3a), in the document's language, its title naming both."""
    from proeve.diff.markpage import paint_marked_page
    from proeve.pdf.write import by_proeve, write_pdf

    parsed = comparison.parsed
    document = parsed[1].document if parsed else None
    template = parsed[1].template if parsed else None
    language = document.language if document else "en"
    words = words_for(language, template.labels[language] if template else None)
    faces = register(template.font if template else "source-sans")
    title = f"{words['review']} {comparison.old.label} {ARROW} {comparison.new.label}"
    owner = document.owner if document else None
    meta = by_proeve(
        title=title + (f": {plain(document.title)}" if document else ""),
        author=(owner.name if owner else document.organisation if document else "") or "",
        subject="proeve review",  # marks it as ours: a later diff may replace it
        keywords=words["pdf_keywords"],
        language=language,
        when=made_now(),
    )

    def paint(pen: Any) -> None:
        enable(pen.canvas)
        legend = paint_marked_page(pen, comparison, words) if parsed is not None else None
        if legend is not None:
            pen.show_page()
        draw_story(pen, _story(comparison, faces, words, title, legend), FRAME, pen.show_page)

    return write_pdf(A4, meta, [], faces.regular, paint)


def in_font(text: str, faces: Faces) -> str:
    """The review's arrows as the font has them (Vera has no →: it would print a box)."""
    return text.replace(ARROW, faces.arrow)


def _story(
    comparison: Comparison, faces: Faces, words: dict[str, str], title: str, legend: str | None
) -> list[Item | Block]:
    """The change list (flowing onto more pages when long), then the overlay on its own page;
    page 1's legend first when it had no room there."""
    base = ParagraphStyle("item", fontName=faces.regular, fontSize=8.6, leading=11)
    heading = ParagraphStyle("h", base, fontName=faces.bold, fontSize=14, leading=18)
    story: list[Item | Block] = [Item("H1", Paragraph(escape(in_font(title, faces)), heading))]
    if legend:
        key = escape(words["legend_page_1"])
        story.append(Item("P", Paragraph(f"<b>{key}:</b> {legend}", base), 2))
    files = " · ".join(
        escape(s.path.name if s.label == s.path.name else f"{s.label}: {s.path.name}")
        for s in (comparison.old, comparison.new)
    )
    grey = ParagraphStyle("files", base, textColor=HexColor("#555555"))
    story.append(Item("P", Paragraph(files, grey)))
    note = words["working_copy"].format(old=comparison.old.label, new=comparison.new.label)
    story.append(Item("P", Paragraph(escape(note), grey)))
    look = pdf_look(words)
    for number, (indent, text) in enumerate(change_list(comparison, look, words)):
        style = ParagraphStyle(f"l{indent}", base, leftIndent=indent * 11)
        gap = (3 * mm if number == 0 else 4) if indent == 0 else 0.6
        line = Paragraph(in_font(text, faces), style)
        story.append(Item("H2" if _is_heading(indent, text) else "P", line, gap))
    if comparison.visual is not None:
        # Its own page: at half a page's width the pages were too small to read.
        story.append(overlay_block(comparison, faces, words))
    return story


def _is_heading(indent: int, text: str) -> bool:
    """A section of the change list (Aanpakken, Overzicht): a bold line of its own."""
    return indent == 0 and text.startswith("<b>") and text.endswith("</b>")


def overlay_block(comparison: Comparison, faces: Faces, words: dict[str, str]) -> Block:
    """The two pages as one (diff-pdf), as large as a page allows, its caption and legend below;
    a figure whose alternative text says what it shows."""
    visual = comparison.visual
    old, new = comparison.old.label, comparison.new.label
    legend = " · ".join(
        (
            words["legend_old"].format(old=old),
            words["legend_new"].format(new=new),
            words["legend_both"],
            words["legend_box"],
        )
    )
    width, height = visual.size
    image_h = FRAME[3] - CAPTION
    image_w = min(FRAME[2], image_h * width / height)
    image_h = image_w * height / width
    caption = ParagraphStyle("caption", fontName=faces.bold, fontSize=9, leading=11)
    small = ParagraphStyle("legend", caption, fontName=faces.regular, fontSize=8, leading=10)
    alt = words["overlay_alt"].format(old=old, new=new, regions=len(visual.regions))

    def draw(pen: Any, x: float, top: float, room: float) -> None:
        from reportlab.lib.utils import ImageReader

        left = x + (room - image_w) / 2
        bottom = top - image_h
        canvas = pen.canvas

        def picture() -> None:
            canvas.drawImage(ImageReader(visual.overlay), left, bottom, image_w, image_h)

        pen.figure(alt, picture, (left, bottom, image_w, image_h))
        with pen.artifact("Layout"):
            canvas.setStrokeColor(HexColor("#888888"))
            canvas.setLineWidth(0.5)
            canvas.rect(left, bottom, image_w, image_h, stroke=1, fill=0)
        y = bottom - 4
        for style, text in ((caption, f"{old} {ARROW} {new}"), (small, legend)):
            paragraph = Paragraph(escape(in_font(text, faces)), style)
            _, used = paragraph.wrap(image_w, CAPTION)
            pen.paragraph("P", paragraph, left, y - used, None)
            y -= used + 1

    return Block(image_h + CAPTION, draw, own_page=True)
