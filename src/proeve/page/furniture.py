"""Document + Stamp -> page furniture: header with the status slot, footer with the trace.

The stamp's words are made in proeve.identity; here they are only measured and painted.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from proeve.identity import Stamp, widest_slots
from proeve.inputs.model import Document
from proeve.inputs.template import Labels, Template
from proeve.page.boxes import Piece
from proeve.page.fonts import Faces
from proeve.page.markup import Safe, escape, typographic
from proeve.page.styles import balanced as _balanced
from proeve.page.styles import para as _para
from proeve.pdf.pen import Pen, overview_field


def header(
    document: Document,
    template: Template,
    faces: Faces,
    labels: Labels,
    stamp: Stamp,
    width: float,
    logo: bytes | None = None,
) -> Piece:
    """Logo, title, subtitle and organisation on the left; the status slot on the right."""
    c, sizes = template.colours, template.sizes
    slot = stamp.slot
    slot_size = sizes.subtitle * 0.85
    slot_w = stringWidth(slot, faces.bold, slot_size) + slot_size * 1.6
    title_style = ParagraphStyle(
        "doc-title",
        fontName=faces.bold,
        fontSize=sizes.title,
        leading=sizes.title * 1.12,
        textColor=HexColor(c.accent),
    )
    sub_style = ParagraphStyle(
        "doc-sub",
        fontName=faces.regular,
        fontSize=sizes.subtitle,
        leading=sizes.subtitle * 1.25,
        textColor=HexColor(c.text),
    )
    org_style = ParagraphStyle(
        "doc-org", sub_style, fontSize=sizes.subtitle * 0.85, textColor=HexColor(c.muted)
    )
    image = _logo(logo, logo_height(template)) if logo else None
    indent = image[1] + 8 if image else 0.0
    text_w = title_width(template, faces, labels, width, image[1] if image else 0.0)
    language = document.language
    title = _balanced(typographic(escape(document.title), language), title_style, text_w)
    parts = [(*title, "H1", "title")]
    if document.subtitle:
        subtitle = typographic(escape(document.subtitle), language)
        parts.append((*_para(subtitle, sub_style, text_w), "P", "subtitle"))
    who = [document.organisation or ""]
    if document.owner:
        who.append(
            document.owner.name + (f", {document.owner.role}" if document.owner.role else "")
        )
    if any(who):
        # Escaped piece by piece: a review page passes an organisation with change marks.
        line = Safe(typographic(" · ".join(escape(w) for w in who if w), language))
        parts.append((*_para(line, org_style, text_w), "P", "organisation"))
    rule_gap = 5.0
    text_h = sum(part[1] for part in parts) + 2 * (len(parts) - 1)
    height = max(text_h, image[2] if image else 0.0) + rule_gap + 1.5

    def paint(pen: Pen, x: float, top: float) -> None:
        canvas = pen.canvas
        if image:
            box = (x, top - image[2], image[1], image[2])
            alt = template.logo_alt or document.organisation or document.title
            pen.figure(alt, lambda: canvas.drawImage(image[0], *box, mask="auto"), box)
        y = top
        for paragraph, h, role, field in parts:
            pen.paragraph(role, paragraph, x + indent, y - h, overview_field(field))
            y -= h + 2
        h = slot_size * 1.9
        fill = c.accent if stamp.final else c.accent_light
        ink = "#FFFFFF" if stamp.final else c.accent
        with pen.artifact():
            canvas.setFillColor(HexColor(fill))
            canvas.roundRect(x + width - slot_w, top - h, slot_w, h, h / 2, stroke=0, fill=1)
        with pen.content("P"):
            canvas.setFillColor(HexColor(ink))
            canvas.setFont(faces.bold, slot_size)
            canvas.drawCentredString(x + width - slot_w / 2, top - h + slot_size * 0.62, slot)
        with pen.artifact():
            canvas.setStrokeColor(HexColor(c.accent))
            canvas.setLineWidth(1.5)
            canvas.line(x, top - height + 0.75, x + width, top - height + 0.75)

    return Piece("header", "header", width, height, paint)


def logo_height(template: Template) -> float:
    """The height the logo is drawn at, beside the title."""
    return template.sizes.title * 2.6


def title_width(
    template: Template, faces: Faces, labels: Labels, width: float, logo_width: float = 0.0
) -> float:
    """The width the title wraps in: the header's, less the logo and the widest status slot.

    Why the widest slot: the title wraps beside the widest slot any edition
    prints, so that a check, a preview and draft v999 lay out the same page.
    """
    slot_size = template.sizes.subtitle * 0.85
    reserved = max(float(stringWidth(t, faces.bold, slot_size)) for t in widest_slots(labels))
    reserved += slot_size * 1.6
    return width - reserved - 12 - (logo_width + 8 if logo_width else 0.0)


def _logo(data: bytes, height: float) -> tuple[Any, float, float]:
    """An image reader for the logo and its size at the given height (aspect kept)."""
    import io

    from reportlab.lib.utils import ImageReader

    reader = ImageReader(io.BytesIO(data))
    w, h = reader.getSize()
    return reader, height * w / h, height


FOOTER_SIZE = 7.2  # pt: the footer never shrinks; long lines wrap
GAP = 18.0  # between the more-info and the contact lines


def footer(
    document: Document, template: Template, faces: Faces, labels: Labels, stamp: Stamp, width: float
) -> Piece:
    """More info (with the live link) on the left, contact on the right; then the trace.

    Long lines wrap rather than shrink: words at spaces, the address only after
    a '/' or a '.', so it reads and copies as one address.
    """
    c = template.colours
    f = document.footer
    language = document.language
    lead = f"{labels.more_info}: " + " · ".join(v for v in (f.more_info, f.url) if v)
    lead = lead[: -len(f.url)] if f.url else lead
    lead = typographic(lead, language) if (f.more_info or f.url) else ""
    runs = [(w, "lead") for w in _words(lead)] + [(w, "url") for w in _url_pieces(f.url or "")]
    right = typographic(f"{labels.contact}: {f.contact}", language) if f.contact else ""
    size, font = FOOTER_SIZE, faces.regular

    def measure(text: str) -> float:
        return float(stringWidth(text, font, size))

    whole = sum(measure(t) for t, _ in runs) + measure(right) + GAP
    # Wrapping, the contact keeps its own width if it can; the more-info line wraps beside it.
    right_w = measure(right) if whole <= width or measure(right) <= 0.45 * width else 0.4 * width
    left_lines = _fill(runs, width - right_w - (GAP if right else 0), measure)
    right_lines = _fill([(w, "contact") for w in _words(right)], right_w, measure) if right else []
    leading = size * 1.25
    rows = max(len(left_lines), len(right_lines), 1)
    height = 4 + size + (rows - 1) * leading + size * 1.6

    def paint(pen: Pen, x: float, top: float) -> None:
        canvas = pen.canvas
        with pen.artifact():
            canvas.setStrokeColor(HexColor(c.rule))
            canvas.setLineWidth(0.6)
            canvas.line(x, top, x + width, top)
        base = top - 4 - size
        canvas.setFont(font, size)
        canvas.setFillColor(HexColor(c.text))
        if left_lines:  # an empty line is no paragraph to read
            with pen.element("P", key="footer.more_info"):
                for row, line in enumerate(left_lines):
                    _paint_line(pen, line, x, base - row * leading, size, measure, f.url or "",
                                f"{labels.more_info}: {f.url}")  # fmt: skip
        if right_lines:
            with pen.content("P", overview_field("footer.contact")):
                for row, line in enumerate(right_lines):
                    text = "".join(t for t, _ in line)
                    canvas.drawRightString(x + width, base - row * leading, text)
        with pen.artifact():  # the trace line is for finding the draft, not for reading
            canvas.setFillColor(HexColor(c.muted))
            canvas.setFont(font, size * 0.9)
            last = base - (rows - 1) * leading
            canvas.drawRightString(x + width, last - size * 1.35, stamp.trace)

    return Piece("footer", "footer", width, height, paint)


Run = tuple[str, str]  # (text, kind): "lead", "url", "contact"


def _words(text: str) -> list[str]:
    """Words with the space after each, so that lines can be cut between them."""
    return re.findall(r"\S+\s*", text)


def _url_pieces(url: str) -> list[str]:
    """An address cut after every '/' and '.', where it may break (never inside a name)."""
    return [p for p in re.split(r"(?<=[/.])", url) if p]


def _fill(runs: list[Run], width: float, measure: Any) -> list[list[Run]]:
    """Greedy lines of at most `width` (a run longer than a line gets a line of its own)."""
    lines: list[list[Run]] = [[]]
    used = 0.0
    for text, kind in runs:
        w = measure(text.rstrip())
        if lines[-1] and used + w > width + 0.01:
            lines.append([])
            used = 0.0
        lines[-1].append((text, kind))
        used += measure(text)
    return [line for line in lines if line]


def _paint_line(
    pen: Pen, line: list[Run], x: float, base: float, size: float, measure: Any, url: str,
    contents: str,
) -> None:  # fmt: skip
    """One footer line: the more-info words as the field, the address pieces as one link."""
    lead = "".join(t for t, kind in line if kind == "lead")
    link = "".join(t for t, kind in line if kind == "url")
    canvas = pen.canvas
    if lead:
        with pen.content("Span", overview_field("footer.more_info")):
            canvas.drawString(x, base, lead)
    if link:
        start = x + measure(lead)
        rect = (start, base - 2, start + measure(link), base + size)
        pen.link(url, rect, contents, lambda: canvas.drawString(start, base, link),
                 field=overview_field("footer.url"))  # fmt: skip
