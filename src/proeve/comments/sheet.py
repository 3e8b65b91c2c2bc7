"""A Review -> the comment sheet for the meeting: the page with numbered pins, the comments by
initiative and field, as a PDF (ReportLab) or as Markdown.

The numbers are the comments' order (file and line), so the pillar can go
through them in turn. Written only where diff writes its review (the same
guard, diff.write.check_targets): never where proeve keeps something (an input,
a draft, a register, a PDF being read), and over an existing file only when it
is an earlier sheet (or with --force). The Markdown carries no control
characters, as the terminal does not: a reviewer's ESC or U+202E stays out.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from proeve import __version__
from proeve.comments.collect import Comment, Review
from proeve.comments.copies import Copy
from proeve.comments.report import followed, spans_years, what, who
from proeve.diff.words import DELETED, INSERTED, Style
from proeve.plain import printable

WORDS = {
    "nl": {"title": "Opmerkingen bij", "overview": "Overzicht", "loose": "Niet bij een veld",
           "copies": "Gelezen", "comments": "opmerkingen", "page": "pagina",
           "reply": "antwoord"},
    "en": {"title": "Comments on", "overview": "Overview", "loose": "Not on a field",
           "copies": "Read", "comments": "comments", "page": "page", "reply": "reply"},
}  # fmt: skip
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


def groups(review: Review) -> Iterator[tuple[str, list[tuple[str, list[tuple[int, Comment]]]]]]:
    """(heading, [(field heading, [(number, comment)])]) in the review's order."""
    language = _language(review)
    words = WORDS[language]
    order: dict[str, dict[str, list[tuple[int, Comment]]]] = {}
    for number, comment in enumerate(review.comments, start=1):
        place = comment.location
        if place is None:
            head, sub = words["loose"], f"{comment.copies[0]}, {words['page']} {comment.page}"
        else:
            initiative = comment.initiative
            title = comment.draft.titles.get(initiative or "", initiative or "")
            head = f"{title} ({initiative})" if initiative else words["overview"]
            sub = f"{place.field} · {place.file}:{place.line}"
        order.setdefault(head, {}).setdefault(sub, []).append((number, comment))
    for head, fields in order.items():
        yield head, list(fields.items())


def _language(review: Review) -> str:
    for comment in review.comments:
        return comment.draft.language if comment.draft.language in WORDS else "en"
    return "nl"


def _title(review: Review) -> str:
    drafts = list(dict.fromkeys(c.draft.label for c in review.copies))
    return f"{WORDS[_language(review)]['title']} {', '.join(drafts)}"


def entry(
    comment: Comment, language: str, year: bool, text: Callable[[str], str], style: Style
) -> tuple[str, list[str]]:
    """A comment as its line and the lines under it (replies, states, what became of it),
    its words escaped by `text` and a changed field's word diff rendered by `style`."""
    head = f"{who(comment.author, comment.date, language, year)}{what(comment)}"
    if comment.text:
        head += f": {' / '.join(comment.text.splitlines())}"
    under = [
        text(f"{WORDS[language]['reply']} {who(r.author, r.date, language, year)}{r.text}")
        for r in comment.replies
    ]
    under += [text(f"[{state}]") for state in comment.states]
    note = followed(comment, style, text).removeprefix(" — ")
    if note:
        under.append(note)
    return text(head), under


def md_word(op: str, words: str) -> str:
    """A word diff in Markdown: deleted ~~struck~~, inserted **bold**."""
    if op == DELETED:
        return f"~~{_md(words)}~~"
    if op == INSERTED:
        return f"**{_md(words)}**"
    return _md(words)


def sheet_markdown(review: Review) -> str:
    """The sheet as Markdown: headings per initiative and field, numbered comments."""
    language, year = _language(review), spans_years(review)
    out = ["<!-- proeve comments -->", f"# {_md(_title(review))}", ""]
    copies = ", ".join(f"{c.label} ({c.draft.label})" for c in review.copies)
    out += [f"{WORDS[language]['copies']}: {_md(copies)}", ""]
    for head, fields in groups(review):
        out += [f"## {_md(head)}", ""]
        for sub, items in fields:
            out += [f"### {_code(sub)}", ""]
            for number, comment in items:
                line, under = entry(comment, language, year, _md, md_word)
                out.append(f"{number}. {line}")
                out += [f"   - {u}" for u in under]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """User text as Markdown characters only: no emphasis, link, code or HTML can come from it."""
    out = []
    for char in text:
        if char in "<>&":
            out.append(f"&#{ord(char)};")
        elif char in "\\`*_[]~|":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _code(text: str) -> str:
    """A field and its place as inline code (paths hold no backticks: proeve names them)."""
    return f"`{text.replace('`', '')}`"


def sheet_pdf(review: Review) -> bytes:
    """The sheet as PDF: each draft's page with numbered pins, then the comments in groups."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from proeve.page.fonts import register

    faces = register("source-sans")
    rl_config.invariant = 1
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=faces.regular)
    canvas.setTitle(_title(review))
    canvas.setCreator(f"proeve {__version__}")
    canvas.setSubject("proeve comments")  # marks it as ours: a later run may replace it
    numbers = {id(c): n for n, c in enumerate(review.comments, start=1)}
    for copy in _pictured(review):
        pins = [(numbers[id(c)], c) for c in review.comments if c.draft.key == copy.draft.key]
        heading = f"{WORDS[_language(review)]['title']} {copy.draft.label}"
        _page_with_pins(canvas, copy, pins, faces, heading)
    _comment_pages(canvas, review, faces)
    canvas.save()
    return buffer.getvalue()


def _pictured(review: Review) -> list[Copy]:
    """One copy per draft with a picture of its page."""
    seen: dict[str, Copy] = {}
    for copy in review.copies:
        page = copy.pages.get(1)
        if copy.draft.key not in seen and page is not None and page.png:
            seen[copy.draft.key] = copy
    return list(seen.values())


def _page_with_pins(
    canvas: Any, copy: Copy, pins: list[tuple[int, Comment]], faces: Any, title: str
) -> None:
    from PIL import Image
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader

    page = copy.pages[1]
    assert page.png is not None
    image = Image.open(io.BytesIO(page.png))
    width, height = page.size
    margin = 12 * mm
    scale = min((A4[0] - 2 * margin) / width, (A4[1] - 2 * margin - 10 * mm) / height)
    left, bottom = margin, A4[1] - margin - 10 * mm - height * scale
    canvas.setFont(faces.bold, 12)
    canvas.setFillColor(HexColor(INK))
    canvas.drawString(margin, A4[1] - margin - 4 * mm, title)
    canvas.drawImage(ImageReader(image), left, bottom, width * scale, height * scale)
    canvas.setStrokeColor(HexColor("#888888"))
    canvas.setLineWidth(0.5)
    canvas.rect(left, bottom, width * scale, height * scale, stroke=1, fill=0)
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
    canvas.showPage()


def _pin(canvas: Any, x: float, y: float, number: int, faces: Any) -> None:
    """A black disc with a white number whose lower right touches the spot (reads in gray print)."""
    from reportlab.lib.colors import HexColor, white

    radius = 4.6
    cx, cy = x - radius * 0.55, y + radius * 0.8
    canvas.saveState()
    canvas.setFillColor(HexColor(INK))
    canvas.setStrokeColor(white)
    canvas.setLineWidth(0.7)
    canvas.circle(cx, cy, radius, stroke=1, fill=1)
    canvas.setFillColor(white)
    size = 6.2 if number < 100 else 4.6
    canvas.setFont(faces.bold, size)
    canvas.drawCentredString(cx, cy - size * 0.35, str(number))
    canvas.restoreState()


def _comment_pages(canvas: Any, review: Review, faces: Any) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Frame, Paragraph, Spacer

    from proeve.diff.review import pdf_word
    from proeve.page.markup import escape

    language, year = _language(review), spans_years(review)
    base = ParagraphStyle("c", fontName=faces.regular, fontSize=9, leading=11.5)
    h1 = ParagraphStyle("h1", base, fontName=faces.bold, fontSize=14, leading=18, spaceAfter=4)
    h2 = ParagraphStyle("h2", base, fontName=faces.bold, fontSize=11, leading=14, spaceBefore=8,
                        textColor=HexColor("#1B5E8C"))  # fmt: skip
    h3 = ParagraphStyle("h3", base, fontName=faces.italic, spaceBefore=4,
                        textColor=HexColor("#444444"))  # fmt: skip
    item = ParagraphStyle("i", base, leftIndent=16, firstLineIndent=-16, spaceBefore=2)
    sub = ParagraphStyle("s", base, leftIndent=28, fontSize=8.5, leading=10.5,
                         textColor=HexColor("#333333"))  # fmt: skip
    copies = ", ".join(f"{c.label} ({c.draft.label})" for c in review.copies)
    story: list[Any] = [
        Paragraph(escape(_title(review)), h1),
        Paragraph(escape(f"{WORDS[language]['copies']}: {copies}"), base),
        Spacer(0, 3 * mm),
    ]
    for head, fields in groups(review):
        story.append(Paragraph(escape(head), h2))
        for field_head, items in fields:
            story.append(Paragraph(escape(field_head), h3))
            for number, comment in items:
                line, under = entry(comment, language, year, escape, pdf_word)
                story.append(Paragraph(f"<b>{number}</b>&#160;&#160;{line}", item))
                story += [Paragraph(u, sub) for u in under]
    margin = 15 * mm
    while story:
        frame = Frame(margin, margin, A4[0] - 2 * margin, A4[1] - 2 * margin,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        left = len(story)
        frame.addFromList(story, canvas)
        canvas.showPage()
        if len(story) == left:
            story.pop(0)
