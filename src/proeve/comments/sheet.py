"""A Review -> the comment sheet for the meeting as a PDF: the page with numbered pins, then the
comments by initiative and field (comments.listing); and both sheets written, PDF and Markdown.

Tagged (PDF/UA-1, PDF/A-3a) through the draft's tagging pen. Written only where
diff writes its review (the same guard, diff.write.check_targets): never where
proeve keeps something (an input, a draft, a register, a PDF being read), and
over an existing file only when it is an earlier sheet (or with --force). The
Markdown carries no control characters, as the terminal does not: a
reviewer's ESC or U+202E stays out.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from proeve.comments.collect import Comment, Review
from proeve.comments.copies import Copy
from proeve.comments.listing import (
    document_title,
    entry,
    groups,
    language_of,
    sheet_markdown,
    title_of,
)
from proeve.comments.report import spans_years
from proeve.comments.vocab import sheet_words
from proeve.plain import printable

MM = 72 / 25.4

INK = "#1E1E1E"


def write_sheets(
    review: Review, pdfs: list[Path], pdf: Path | None, md: Path | None, force: bool = False
) -> list[Path]:
    """Write the sheets asked for, after checking every target; return what was written."""
    from proeve.diff.write import check_targets, write_all

    targets = [(p, kind) for p, kind in ((pdf, "sheet"), (md, "md")) if p is not None]
    check_targets(targets, set(pdfs), force, "comment sheet")
    files = []
    if pdf is not None:
        files.append((pdf, sheet_pdf(review)))
    if md is not None:
        files.append((md, printable(sheet_markdown(review)).encode()))
    return write_all(files, "the comment sheet")


def sheet_pdf(review: Review) -> bytes:
    """The sheet as PDF: each draft's page with numbered pins, then the comments in groups;
    tagged (PDF/UA-1, PDF/A-3a) in the drafts' language, its page pictures described."""
    from reportlab.lib.pagesizes import A4

    from proeve.identity import made_now
    from proeve.page.fonts import register
    from proeve.pdf.actual import enable
    from proeve.pdf.story import draw_story
    from proeve.pdf.write import by_proeve, write_pdf

    faces = register("source-sans")
    language = language_of(review)
    words = sheet_words(language)
    numbers = {id(c): n for n, c in enumerate(review.comments, start=1)}
    meta = by_proeve(
        title=document_title(review),
        author=next((c.draft.author for c in review.copies if c.draft.author), ""),
        subject="proeve comments",  # marks it as ours: a later run may replace it
        keywords=words["sheet"],
        language=language,
        when=made_now(),
    )

    def paint(pen: Any) -> None:
        enable(pen.canvas)
        for copy in _pictured(review):
            pins = [(numbers[id(c)], c) for c in review.comments if c.draft.key == copy.draft.key]
            _page_with_pins(pen, copy, pins, faces, words)
            pen.show_page()
        margin = 15 * MM
        frame = (margin, margin, A4[0] - 2 * margin, A4[1] - 2 * margin)
        draw_story(pen, _comment_story(review, faces), frame, pen.show_page)

    return write_pdf(A4, meta, [], faces.regular, paint)


def _pictured(review: Review) -> list[Copy]:
    """One copy per draft with a picture of its page."""
    seen: dict[str, Copy] = {}
    for copy in review.copies:
        page = copy.pages.get(1)
        if copy.draft.key not in seen and page is not None and page.png:
            seen[copy.draft.key] = copy
    return list(seen.values())


def _page_with_pins(
    pen: Any, copy: Copy, pins: list[tuple[int, Comment]], faces: Any, words: dict[str, str]
) -> None:
    """The draft's page as the reviewers' reader drew it, a figure described in words, with
    the comments' numbers pinned where they are (decoration: the list reads them)."""
    from PIL import Image
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Paragraph

    from proeve.page.markup import escape

    page = copy.pages[1]
    assert page.png is not None
    image = Image.open(io.BytesIO(page.png))
    width, height = page.size
    margin = 12 * MM
    scale = min((A4[0] - 2 * margin) / width, (A4[1] - 2 * margin - 10 * MM) / height)
    left, bottom = margin, A4[1] - margin - 10 * MM - height * scale
    canvas = pen.canvas
    heading = ParagraphStyle("h", fontName=faces.bold, fontSize=12, leading=14)
    title = Paragraph(escape(f"{words['title']} {copy.draft.label}"), heading)
    title.wrap(A4[0] - 2 * margin, 20)
    pen.paragraph("H1", title, margin, A4[1] - margin - 14, None)
    shown = sum(1 for _, comment in pins if comment.page == 1)
    alt = words["pictured"].format(draft=copy.draft.label, count=shown)
    box = (left, bottom, width * scale, height * scale)
    pen.figure(alt, lambda: canvas.drawImage(ImageReader(image), *box), box)
    with pen.artifact("Layout"):
        canvas.setStrokeColor(HexColor("#888888"))
        canvas.setLineWidth(0.5)
        canvas.rect(*box, stroke=1, fill=0)
        _pins(canvas, pins, (left, bottom, scale), faces)


def _pins(
    canvas: Any, pins: list[tuple[int, Comment]], at: tuple[float, float, float], faces: Any
) -> None:
    from reportlab.lib.colors import HexColor

    left, bottom, scale = at
    placed: list[tuple[float, float]] = []
    for number, comment in pins:
        if comment.page != 1:
            continue
        for x0, y0, x1, y1 in comment.spot.boxes:
            if (x1 - x0) * (y1 - y0) > 30:  # a text mark's words: framed, so the pin may be small
                canvas.setStrokeColor(HexColor(INK))
                canvas.setLineWidth(0.7)
                canvas.rect(left + x0 * scale, bottom + y0 * scale, (x1 - x0) * scale,
                            (y1 - y0) * scale, stroke=1, fill=0)  # fmt: skip
        x, y = comment.spot.point
        px, py = left + x * scale, bottom + y * scale
        while any(abs(px - qx) < 9 and abs(py - qy) < 9 for qx, qy in placed):
            px += 9  # pins that would cover each other stand side by side
        placed.append((px, py))
        _pin(canvas, px, py, number, faces)


def _pin(canvas: Any, x: float, y: float, number: int, faces: Any) -> None:
    """A black disc with a white number whose lower right touches the spot (reads in gray print)."""
    from reportlab.lib.colors import HexColor, white
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth

    # Never under 5.5 pt: a number of three digits gets a larger disc instead.
    size = 6.2 if number < 100 else 5.5
    radius = max(4.6, stringWidth(str(number), faces.bold, size) / 2 + 1.2)
    cx, cy = x - radius * 0.55, y + radius * 0.8
    # Its number stays 10 mm inside the sheet, like all text (a mark at the page's very edge).
    cx = min(max(cx, 10 * MM + radius), A4[0] - 10 * MM - radius)
    cy = min(max(cy, 10 * MM + radius), A4[1] - 10 * MM - radius)
    canvas.saveState()
    canvas.setFillColor(HexColor(INK))
    canvas.setStrokeColor(white)
    canvas.setLineWidth(0.7)
    canvas.circle(cx, cy, radius, stroke=1, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(faces.bold, size)
    canvas.drawCentredString(cx, cy - size * 0.35, str(number))
    canvas.restoreState()


def _comment_story(review: Review, faces: Any) -> list[Any]:
    """The comments as paragraphs with their roles: the title, a heading per initiative, the
    field as a sub-heading, each comment with its thread under it."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from proeve.diff.review import pdf_look
    from proeve.diff.vocab import words_for
    from proeve.page.markup import escape
    from proeve.pdf.story import Item

    language, year = language_of(review), spans_years(review)
    words = sheet_words(language)
    look = pdf_look(words_for(language, None))
    base = ParagraphStyle("c", fontName=faces.regular, fontSize=9, leading=11.5)
    h1 = ParagraphStyle("h1", base, fontName=faces.bold, fontSize=14, leading=18)
    h2 = ParagraphStyle("h2", base, fontName=faces.bold, fontSize=11, leading=14,
                        textColor=HexColor("#1B5E8C"))  # fmt: skip
    h3 = ParagraphStyle("h3", base, fontName=faces.italic, textColor=HexColor("#444444"))
    item = ParagraphStyle("i", base, leftIndent=16, firstLineIndent=-16)
    sub = ParagraphStyle("s", base, leftIndent=28, fontSize=8.5, leading=10.5,
                         textColor=HexColor("#333333"))  # fmt: skip
    copies = ", ".join(f"{c.label} ({c.draft.label})" for c in review.copies)
    story: list[Any] = [
        Item("H1", Paragraph(escape(title_of(review)), h1)),
        Item("P", Paragraph(escape(f"{words['copies']}: {copies}"), base), 4),
        Item("P", Paragraph(escape(words["working_copy"]), sub), 2),
    ]
    for head, fields in groups(review):
        story.append(Item("H2", Paragraph(escape(head), h2), 12))
        for field_head, items in fields:
            story.append(Item("H3", Paragraph(escape(field_head), h3), 4))
            for number, comment in items:
                line, under = entry(comment, language, year, escape, look.word, look.pair)
                story.append(Item("P", Paragraph(f"<b>{number}</b>&#160;&#160;{line}", item), 2))
                story += [Item("P", Paragraph(u, sub)) for u in under]
    return story
