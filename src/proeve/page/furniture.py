"""Document + Stamp -> page furniture: header with the status slot, footer with the trace.

The stamp's words are made in proeve.identity; here they are only measured and painted.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from proeve.identity import Stamp, widest_slots
from proeve.inputs.model import Document
from proeve.inputs.template import Labels, Template
from proeve.page.boxes import Piece
from proeve.page.cards import _para
from proeve.page.fonts import Faces
from proeve.page.markup import Safe, escape
from proeve.page.pen import Pen, overview_field


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
    parts = [(*_para(escape(document.title), title_style, text_w), "H1", "title")]
    if document.subtitle:
        parts.append((*_para(escape(document.subtitle), sub_style, text_w), "P", "subtitle"))
    who = [document.organisation or ""]
    if document.owner:
        who.append(
            document.owner.name + (f", {document.owner.role}" if document.owner.role else "")
        )
    if any(who):
        # Escaped piece by piece: a review page passes an organisation with change marks.
        line = Safe(" · ".join(escape(w) for w in who if w))
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


def footer(
    document: Document, template: Template, faces: Faces, labels: Labels, stamp: Stamp, width: float
) -> Piece:
    """More info and contact on the first line; the draft and source trace on the second.

    Long lines shrink to fit the width rather than run into each other or off the page.
    """
    c = template.colours
    f = document.footer
    left = f"{labels.more_info}: " + " · ".join(v for v in (f.more_info, f.url) if v)
    left = left if (f.more_info or f.url) else ""
    right = f"{labels.contact}: {f.contact}" if f.contact else ""
    trace = stamp.trace
    base_size = 7.2
    needed = sum(stringWidth(t, faces.regular, base_size) for t in (left, right)) + 18
    size = base_size * min(1.0, width / needed)
    height = base_size * 2.6 + 4

    def paint(pen: Pen, x: float, top: float) -> None:
        canvas = pen.canvas
        with pen.artifact():
            canvas.setStrokeColor(HexColor(c.rule))
            canvas.setLineWidth(0.6)
            canvas.line(x, top, x + width, top)
        base = top - 4 - base_size
        canvas.setFont(faces.regular, size)
        canvas.setFillColor(HexColor(c.text))
        with pen.element("P", key="footer.more_info"):
            lead = left[: -len(f.url)] if f.url else left
            if lead:  # an empty line is no paragraph to read
                with pen.content("Span", overview_field("footer.more_info")):
                    canvas.drawString(x, base, lead)
            if f.url:
                url = f.url
                start = x + stringWidth(lead, faces.regular, size)
                end = x + stringWidth(left, faces.regular, size)
                rect = (start, base - 2, end, base + size)
                pen.link(url, rect, f"{labels.more_info}: {url}",
                         lambda: canvas.drawString(start, base, url),
                         field=overview_field("footer.url"))  # fmt: skip
        if right:
            with pen.content("P", overview_field("footer.contact")):
                canvas.drawRightString(x + width, base, right)
        with pen.artifact():  # the trace line is for finding the draft, not for reading
            canvas.setFillColor(HexColor(c.muted))
            canvas.setFont(faces.regular, base_size * 0.9)
            canvas.drawRightString(x + width, base - base_size * 1.35, trace)

    return Piece("footer", "footer", width, height, paint)
