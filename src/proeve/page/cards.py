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


def _stack(parts: list[tuple[Paragraph, float]], gap: float) -> tuple[Paint, float]:
    """Paragraphs one under the other; returns a painter and the total height."""
    height = sum(h for _, h in parts) + gap * max(len(parts) - 1, 0)

    def paint(canvas: Any, x: float, top: float) -> None:
        y = top
        for paragraph, h in parts:
            paragraph.drawOn(canvas, x, y - h)
            y -= h + gap

    return paint, height


def card(item: Initiative, width: float, st: Styles, labels: Labels) -> Piece:
    """An initiative as a card: title and status, summary, people, texts, figures, next steps."""
    s = st.size
    pad, bar = 0.7 * s, 2.4
    inner = width - 2 * pad - bar
    tag_text = labels.status(item.status)
    tag_size = 0.78 * s
    tag_w = stringWidth(tag_text, st.faces.regular, tag_size) + 0.9 * s
    title = st.para(markup(item.title), st.title, inner - tag_w - 0.5 * s)
    parts = [st.para(markup(item.summary), st.summary, inner)]
    if item.leads:
        leads = "; ".join(escape(p.text()) for p in item.leads)
        parts.append(st.para(f"{st.label(labels.leads)} {leads}", st.body, inner))
    if item.partners:
        partners = ", ".join(escape(p) for p in item.partners)
        parts.append(st.para(f"{st.label(labels.partners)} {partners}", st.body, inner))
    for label, value in ((labels.goal, item.goal), (labels.approach, item.approach)):
        if value:
            parts.append(st.para(f"{st.label(label)} {markup(value)}", st.body, inner))
    figures = _figures(item, inner, st)
    steps = []
    if item.next_steps:
        steps.append(st.para(st.label(labels.next_steps), st.body, inner))
        steps += [st.para(markup(t), st.bullet, inner, bulletText="•") for t in item.next_steps]
    gap = 0.35 * s
    body_paint, body_h = _stack(parts, gap)
    steps_paint, steps_h = _stack(steps, 0.1 * s)
    fig_paint, fig_h = figures
    sections = [(body_paint, body_h), (fig_paint, fig_h), (steps_paint, steps_h)]
    sections = [(p, h) for p, h in sections if h > 0]
    title_h = max(title[1], tag_size * 1.5)
    height = 2 * pad + title_h + gap + sum(h for _, h in sections) + gap * (len(sections) - 1)

    def background(canvas: Any, x: float, top: float, height: float) -> None:
        canvas.setFillColor(HexColor(st.colours.card))
        canvas.rect(x, top - height, width, height, stroke=0, fill=1)
        canvas.setFillColor(HexColor(st.colours.accent))
        canvas.rect(x, top - height, bar, height, stroke=0, fill=1)

    def paint(canvas: Any, x: float, top: float) -> None:
        left = x + bar + pad
        y = top - pad
        title[0].drawOn(canvas, left, y - title[1])
        _tag(canvas, tag_text, x + width - pad - tag_w, y, tag_w, tag_size, st)
        y -= title_h + gap
        for section_paint, h in sections:
            section_paint(canvas, left, y)
            y -= h + gap

    status = Anchor("status", width - pad - tag_w, pad, tag_w, tag_size * 1.5)
    return Piece(item.id, "card", width, height, paint, background, (status,))


def _tag(canvas: Any, text: str, x: float, top: float, w: float, size: float, st: Styles) -> None:
    h = size * 1.5
    canvas.setFillColor(HexColor(st.colours.accent_light))
    canvas.roundRect(x, top - h, w, h, h / 2, stroke=0, fill=1)
    canvas.setFillColor(HexColor(st.colours.accent))
    canvas.setFont(st.faces.regular, size)
    canvas.drawCentredString(x + w / 2, top - h + size * 0.42, text)


def _figures(item: Initiative, width: float, st: Styles) -> tuple[Paint, float]:
    if not item.figures:
        return (lambda canvas, x, top: None), 0.0
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

    def paint(canvas: Any, x: float, top: float) -> None:
        y = top
        for row, h in zip(rows, heights, strict=True):
            for index, (value, label) in enumerate(row):
                cx = x + index * cell
                value[0].drawOn(canvas, cx, y - value[1])
                label[0].drawOn(canvas, cx, y - value[1] - label[1])
            y -= h + gap

    return paint, total


def intro(document: Document, width: float, st: Styles) -> Piece | None:
    if not document.intro:
        return None
    paragraph, height = st.para(markup(document.intro), st.lead, width)
    return Piece(
        "intro", "intro", width, height, lambda c, x, top: paragraph.drawOn(c, x, top - height)
    )
