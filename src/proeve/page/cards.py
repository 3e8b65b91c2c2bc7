"""A Document at one font size -> measured Pieces (the intro and a card per initiative) to place.

A Piece knows its size and how to paint itself at a position; measuring never draws.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from proeve.inputs.model import Document, Initiative
from proeve.inputs.template import Labels, Template
from proeve.page.boxes import Anchor, Paint, Piece
from proeve.page.fonts import Faces
from proeve.page.markup import escape, markup
from proeve.page.pen import Pen, initiative_field, overview_field

HYPHENATION = {"nl": "nl_NL", "en": "en_GB"}


class Styles:
    """Paragraph styles derived from one body size, so every size scales together."""

    def __init__(
        self,
        size: float,
        template: Template,
        faces: Faces,
        language: str,
        spacing: float = 1.2,
        parsed: dict[tuple[str, str, str], tuple[float, list[Any]]] | None = None,
    ) -> None:
        c = template.colours
        self.parsed = {} if parsed is None else parsed
        self.size = size
        self.spacing = spacing
        self.faces = faces
        self.colours = c
        base = ParagraphStyle(
            "body",
            fontName=faces.regular,
            bulletFontName=faces.regular,
            bulletFontSize=size,
            fontSize=size,
            leading=size * spacing,
            textColor=HexColor(c.text),
            hyphenationLang=HYPHENATION[language],
            embeddedHyphenation=1,
            uriWasteReduce=0.3,
            splitLongWords=1,
        )
        self.body = base
        self.summary = ParagraphStyle("summary", base, fontName=faces.italic)
        self.title = ParagraphStyle(
            "title",
            base,
            fontName=faces.bold,
            fontSize=size * 1.25,
            leading=size * 1.4,
            textColor=HexColor(c.accent),
        )
        self.title.hyphenationLang = ""
        self.heading = ParagraphStyle(
            "heading", self.title, fontSize=size * 1.3, leading=size * 1.5
        )
        self.name = ParagraphStyle("name", base, hyphenationLang="")
        self.lead = ParagraphStyle(
            "lead", base, fontSize=size * 1.12, leading=size * 1.12 * spacing
        )
        self.bullet = ParagraphStyle("bullet", base, leftIndent=size * 0.9, bulletIndent=size * 0.1)
        self.value = ParagraphStyle(
            "value", self.title, fontSize=size * 1.5, leading=size * 1.55, hyphenationLang=""
        )
        self.small = ParagraphStyle(
            "small",
            base,
            fontSize=size * 0.85,
            leading=size * spacing / 1.2,
            textColor=HexColor(c.muted),
        )

    def para(
        self, text: str, style: ParagraphStyle, width: float, bulletText: str = ""
    ) -> tuple[Paragraph, float]:
        """A wrapped paragraph and its height; markup is parsed once per fit, not once per size.

        Why: the fit measures the same texts at several sizes, and parsing the
        markup is about a quarter of a measurement. Parsed fragments differ
        between sizes only in their font size, so we rescale a parsed copy.
        """
        key = (text, style.name, bulletText)
        cached = self.parsed.get(key)
        if cached is None:
            paragraph = Paragraph(text, style, bulletText=bulletText or None)
            self.parsed[key] = (style.fontSize, paragraph.frags)
        else:
            ratio = style.fontSize / cached[0]
            frags = [f.clone(fontSize=f.fontSize * ratio) for f in cached[1]]
            paragraph = Paragraph(text, style, bulletText=bulletText or None, frags=frags)
        _, height = paragraph.wrap(width, 1e6)
        return paragraph, height

    def label(self, text: str) -> str:
        return f'<font color="{self.colours.accent}"><b>{escape(text)}</b></font>'


def _para(text: str, style: ParagraphStyle, width: float, **kw: Any) -> tuple[Paragraph, float]:
    paragraph = Paragraph(text, style, **kw)
    _, height = paragraph.wrap(width, 1e6)
    return paragraph, height


Part = tuple[Paragraph, float, str, "str | None"]  # paragraph, height, role, field


def _stack(parts: list[Part], gap: float, group: str | None = None) -> tuple[Paint, float]:
    """Paragraphs one under the other, each with its role and field; a painter and the height.

    `group` ("L" for a list) makes the paragraphs one element of the structure.
    """
    height = sum(part[1] for part in parts) + gap * max(len(parts) - 1, 0)

    def paint(pen: Pen, x: float, top: float) -> None:
        y = top
        for paragraph, h, role, field in parts:
            pen.paragraph(role, paragraph, x, y - h, field)
            y -= h + gap

    if group is None:
        return paint, height

    def grouped(pen: Pen, x: float, top: float) -> None:
        with pen.element(group):
            paint(pen, x, top)

    return grouped, height


def card(item: Initiative, width: float, st: Styles, labels: Labels) -> Piece:
    """An initiative as a card: title and status, summary, people, texts, figures, next steps."""
    s = st.size
    pad, bar = 0.7 * s, 2.4
    inner = width - 2 * pad - bar
    tag_text = labels.status(item.status)
    tag_size = 0.78 * s
    tag_w = stringWidth(tag_text, st.faces.regular, tag_size) + 0.9 * s
    title = st.para(markup(item.title), st.title, inner - tag_w - 0.5 * s)

    def field(name: str) -> str:
        return initiative_field(item.id, name)

    def part(name: str, text: str, style: ParagraphStyle, role: str = "P") -> Part:
        return (*st.para(text, style, inner), role, field(name))

    parts = [part("summary", markup(item.summary), st.summary)]
    if item.leads:
        leads = "; ".join(escape(p.text()) for p in item.leads)
        parts.append(part("leads", f"{st.label(labels.leads)} {leads}", st.body))
    if item.partners:
        partners = ", ".join(escape(p) for p in item.partners)
        parts.append(part("partners", f"{st.label(labels.partners)} {partners}", st.body))
    for name, label, value in (("goal", labels.goal, item.goal),
                               ("approach", labels.approach, item.approach)):  # fmt: skip
        if value:
            parts.append(part(name, f"{st.label(label)} {markup(value)}", st.body))
    figures = _figures(item, inner, st)
    steps: list[Part] = []
    if item.next_steps:
        steps.append(part("next_steps", st.label(labels.next_steps), st.body))
        steps += [
            (*st.para(markup(t), st.bullet, inner, bulletText="•"), "LI", field(f"next_steps[{i}]"))
            for i, t in enumerate(item.next_steps)
        ]
    gap = 0.35 * s
    body_paint, body_h = _stack(parts, gap)
    head_paint, head_h = _stack(steps[:1], 0.1 * s)
    list_paint, list_h = _stack(steps[1:], 0.1 * s, group="L")
    steps_h = head_h + list_h + (0.1 * s if steps else 0.0)

    def steps_paint(pen: Pen, x: float, top: float) -> None:
        head_paint(pen, x, top)
        list_paint(pen, x, top - head_h - 0.1 * s)

    fig_paint, fig_h = figures
    sections = [(body_paint, body_h), (fig_paint, fig_h), (steps_paint, steps_h)]
    sections = [(p, h) for p, h in sections if h > 0]
    title_h = max(title[1], tag_size * 1.5)
    height = 2 * pad + title_h + gap + sum(h for _, h in sections) + gap * (len(sections) - 1)

    def background(pen: Pen, x: float, top: float, height: float) -> None:
        canvas = pen.canvas
        canvas.setFillColor(HexColor(st.colours.card))
        canvas.rect(x, top - height, width, height, stroke=0, fill=1)
        canvas.setFillColor(HexColor(st.colours.accent))
        canvas.rect(x, top - height, bar, height, stroke=0, fill=1)

    def paint(pen: Pen, x: float, top: float) -> None:
        with pen.element("Sect", key=item.id):
            left = x + bar + pad
            y = top - pad
            pen.paragraph("H2", title[0], left, y - title[1], field("title"))
            _tag(pen, tag_text, x + width - pad - tag_w, y, tag_w, tag_size, st, field("status"))
            y -= title_h + gap
            for section_paint, h in sections:
                section_paint(pen, left, y)
                y -= h + gap

    status = Anchor("status", width - pad - tag_w, pad, tag_w, tag_size * 1.5)
    return Piece(item.id, "card", width, height, paint, background, (status,))


def _tag(
    pen: Pen, text: str, x: float, top: float, w: float, size: float, st: Styles, field: str
) -> None:
    canvas = pen.canvas
    h = size * 1.5
    with pen.artifact():
        canvas.setFillColor(HexColor(st.colours.accent_light))
        canvas.roundRect(x, top - h, w, h, h / 2, stroke=0, fill=1)
    with pen.content("P", field):
        canvas.setFillColor(HexColor(st.colours.accent))
        canvas.setFont(st.faces.regular, size)
        canvas.drawCentredString(x + w / 2, top - h + size * 0.42, text)


def _figures(item: Initiative, width: float, st: Styles) -> tuple[Paint, float]:
    if not item.figures:
        return (lambda pen, x, top: None), 0.0
    per_row = min(len(item.figures), 3 if width > 12 * st.size * 1.2 else 2)
    cell = width / per_row
    cells = []
    for figure in item.figures:
        value = st.para(escape(figure.value), st.value, cell - 0.4 * st.size)
        label = st.para(markup(figure.label), st.small, cell - 0.4 * st.size)
        cells.append((value, label))
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    heights = [max(v[1] + lab[1] for v, lab in row) for row in rows]
    gap = 0.3 * st.size
    total = sum(heights) + gap * (len(rows) - 1)

    def paint(pen: Pen, x: float, top: float) -> None:
        y = top
        number = 0
        for row, h in zip(rows, heights, strict=True):
            for index, (value, label) in enumerate(row):
                cx = x + index * cell
                # A figure reads as one paragraph: "80 partijen in de citydeal".
                with pen.content("P", initiative_field(item.id, f"figures[{number}]")):
                    pen.text(value[0], cx, y - value[1])
                    pen.text(label[0], cx, y - value[1] - label[1])
                number += 1
            y -= h + gap

    return paint, total


def intro(document: Document, width: float, st: Styles) -> Piece | None:
    if not document.intro:
        return None
    paragraph, height = st.para(markup(document.intro), st.lead, width)

    def paint(pen: Pen, x: float, top: float) -> None:
        pen.paragraph("P", paragraph, x, top - height, overview_field("intro"))

    return Piece("intro", "intro", width, height, paint)
