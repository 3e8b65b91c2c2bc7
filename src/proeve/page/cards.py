"""A Document at one font size -> the intro and a card per initiative, as Stacks of units.

A card is a title row (title and status tag), then its fields, each a
paragraph whose lines the flow may break between, a row per figures line, and
the next steps as a list. Measuring never draws.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from proeve.inputs.model import Document, Initiative
from proeve.inputs.template import Labels
from proeve.page.boxes import Anchor
from proeve.page.markup import escape, markup
from proeve.page.stack import Element, Stack, atom, text
from proeve.page.styles import FLOOR, HYPHENATION, Styles, balanced
from proeve.pdf.pen import Pen, initiative_field, overview_field

__all__ = ["HYPHENATION", "Styles", "card", "intro"]

SPLIT_CARD = 50.0  # the price of continuing a card in the next column
SPLIT_INTRO = 30.0
BAR = 2.4  # the card's accent bar, pt


def card(item: Initiative, width: float, st: Styles, labels: Labels) -> Stack:
    """An initiative as a card: title and status, summary, people, texts, figures, next steps."""
    s = st.size
    pad = 0.7 * s
    left = BAR + pad
    inner = width - 2 * pad - BAR
    tag_text = labels.status(item.status)
    tag_size = max(0.78 * s, FLOOR)
    tag_w = stringWidth(tag_text, st.faces.regular, tag_size) + 0.9 * s
    tag_h = tag_size * 1.5
    # The status tag sits beside the title's first line, the lines below have the
    # width; where that leaves a word alone on a line, the tag goes above the title.
    title, title_p = balanced(markup(item.title), st.title, inner, st.para, inner - tag_w - 0.5 * s)
    above = 0.0
    if _lonely(title):
        wide, wide_p = balanced(markup(item.title), st.title, inner, st.para)
        if not _lonely(wide):
            title, title_p, above = wide, wide_p, tag_h + 0.25 * s
    title_h = max(above + title_p, tag_h)
    gap = 0.35 * s

    def field(name: str) -> str:
        return initiative_field(item.id, name)

    def paint_title(pen: Pen, x: float, top: float) -> None:
        pen.paragraph("H2", title, x + left, top - above - title_p, field("title"))
        _tag(pen, tag_text, x + width - pad - tag_w, top, tag_w, tag_size, st, field("status"))

    elements = [atom(title_h, 0.0, paint_title, keep_next=True)]

    def add(name: str, markup_text: str, style: ParagraphStyle, cut: bool = True) -> None:
        paragraph, _ = st.para(markup_text, style, inner)
        cuttable = f"{item.id}:{name}" if cut else ""
        elements.append(text(paragraph, "P", field(name), gap, indent=left, cuttable=cuttable))

    add("summary", markup(item.summary), st.summary)
    if item.leads:
        leads = "; ".join(escape(p.text()) for p in item.leads)
        add("leads", f"{st.label(labels.leads)} {leads}", st.body, cut=False)
    if item.partners:
        partners = ", ".join(escape(p) for p in item.partners)
        add("partners", f"{st.label(labels.partners)} {partners}", st.body, cut=False)
    for name, label, value in (("goal", labels.goal, item.goal),
                               ("approach", labels.approach, item.approach)):  # fmt: skip
        if value:
            add(name, f"{st.label(label)} {markup(value)}", st.body)
    elements += _figures(item, inner, left, st)
    if item.next_steps:
        label, _ = st.para(st.label(labels.next_steps), st.body, inner)
        elements.append(text(label, "P", field("next_steps"), gap, indent=left, keep_next=True))
        group = ("L", f"{item.id}:next_steps")
        for i, step in enumerate(item.next_steps):
            paragraph, _ = st.para(markup(step), st.bullet, inner, bulletText="•")
            cut = f"{item.id}:next_steps"
            elements.append(text(paragraph, "LI", field(f"next_steps[{i}]"), 0.1 * s, "item",
                                 indent=left, cuttable=cut, group=group))  # fmt: skip

    def background(pen: Pen, x: float, top: float, height: float) -> None:
        canvas = pen.canvas
        canvas.setFillColor(HexColor(st.colours.card))
        canvas.rect(x, top - height, width, height, stroke=0, fill=1)
        canvas.setFillColor(HexColor(st.colours.accent))
        canvas.rect(x, top - height, BAR, height, stroke=0, fill=1)

    mark, mark_h = st.para(f"{markup(item.title)} ({escape(st.continued)})", st.mark, inner)

    def paint_mark(pen: Pen, x: float, top: float) -> None:
        mark.drawOn(pen.canvas, x + left, top - mark_h)

    def paint_more(pen: Pen, x: float, top: float, height: float) -> None:
        _more(pen, x + width - pad, top - height + 0.25 * s, st)

    status = Anchor("status", width - pad - tag_w, pad, tag_w, tag_size * 1.5)
    return Stack(
        key=item.id,
        kind="card",
        width=width,
        elements=tuple(elements),
        pad=pad,
        cont_pad=0.45 * s,
        mark=mark_h + 0.2 * s,
        paint_mark=paint_mark,
        paint_more=paint_more,
        background=background,
        anchors=(status,),
        split_cost=SPLIT_CARD,
    )


def _lonely(title: Any) -> bool:
    """Whether a title of three or more words leaves one of them alone on a line."""
    lines = title.blPara.lines
    counts = [line.wordCount for line in lines]
    return len(lines) > 1 and sum(counts) >= 3 and min(counts) == 1


def _more(pen: Pen, right: float, baseline: float, st: Styles) -> None:
    """A small arrow in the foot padding of a card that goes on in the next column."""
    canvas = pen.canvas
    canvas.setFillColor(HexColor(st.colours.accent))
    canvas.setFont(st.faces.bold, max(0.9 * st.size, FLOOR))
    canvas.drawRightString(right, baseline, "→")


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


def _figures(item: Initiative, width: float, left: float, st: Styles) -> list[Element]:
    """The key figures, a row of up to three (two in a narrow card) per unit."""
    if not item.figures:
        return []
    per_row = min(len(item.figures), 3 if width > 12 * st.size * 1.2 else 2)
    cell = width / per_row
    cells = []
    for figure in item.figures:
        value = st.para(escape(figure.value), st.value, cell - 0.4 * st.size)
        label = st.para(markup(figure.label), st.small, cell - 0.4 * st.size)
        cells.append((value, label))
    out = []
    for first in range(0, len(cells), per_row):
        row = cells[first : first + per_row]
        height = max(v[1] + lab[1] for v, lab in row)

        def paint(pen: Pen, x: float, top: float, row: list = row, first: int = first) -> None:  # type: ignore[type-arg]
            for index, (value, label) in enumerate(row):
                cx = x + left + index * cell
                # A figure reads as one paragraph: "80 partijen in de citydeal".
                with pen.content("P", initiative_field(item.id, f"figures[{first + index}]")):
                    pen.text(value[0], cx, top - value[1])
                    pen.text(label[0], cx, top - value[1] - label[1])

        glue, before = (0.35 * st.size, "field") if not first else (0.3 * st.size, "item")
        # A card's key figures stay together: no column break between their rows.
        together = first + per_row < len(cells)
        out.append(atom(height, glue, paint, before, keep_next=together))
    return out


def intro(document: Document, width: float, st: Styles) -> Stack | None:
    """The intro as a lead paragraph over the column's width; its lines may break."""
    if not document.intro:
        return None
    paragraph, _ = st.para(markup(document.intro), st.lead, width)
    lines = text(paragraph, "P", overview_field("intro"), 0.0)
    # Running text: no mark when it goes on at the top of the next column, and no
    # element around it (the page's intro is one P; its parts say they go on).
    return Stack("intro", "intro", width, (lines,), role=None, split_cost=SPLIT_INTRO)
