"""A Document's themes and links at one font size -> the dwarsverbanden, in a column or spanning.

In a column they are a Stack (heading, matrix, links, each a unit or lines) that
may go on in the next column; over two or three columns they are one Piece,
the links beside the matrix, placed at the columns' foot.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from proeve.frozen import Frozen
from proeve.inputs.model import Document
from proeve.inputs.template import Labels
from proeve.page.boxes import Piece
from proeve.page.markup import escape, markup
from proeve.page.stack import Element, Stack, atom, text
from proeve.page.styles import FLOOR, Styles
from proeve.pdf.pen import Pen, initiative_field, overview_field

SPLIT = 20.0  # the price of continuing the dwarsverbanden in the next column
LINKS = ("L", "crosslinks:links")


def crosslinks_stack(document: Document, width: float, st: Styles, labels: Labels) -> Stack | None:
    """The dwarsverbanden in one column: heading, matrix, then the links as a list."""
    has_links = any(i.links for i in document.initiatives)
    if not document.themes and not has_links:
        return None
    s = st.size
    gap = 0.5 * s
    heading, heading_h = st.para(escape(labels.crosslinks), st.heading, width)

    def paint_heading(pen: Pen, x: float, top: float) -> None:
        pen.paragraph("H2", heading, x, top - heading_h, None)
        _rule(pen, x, top - heading_h - gap * 0.45, width, st)

    elements: list[Element] = [atom(heading_h, 0.0, paint_heading, keep_next=True)]
    if document.themes:
        paint, _, height = _matrix(document, width, st, labels)
        elements.append(atom(height, gap, paint))
    if has_links:
        label, items = _link_paragraphs(document, width, st, labels)
        elements.append(text(label, "P", None, gap, keep_next=True))
        for paragraph, field in items:
            elements.append(text(paragraph, "LI", field, 0.2 * s, "item", group=LINKS))
    mark, mark_h = st.para(f"{escape(labels.crosslinks)} ({escape(st.continued)})", st.mark, width)

    def paint_mark(pen: Pen, x: float, top: float) -> None:
        mark.drawOn(pen.canvas, x, top - mark_h)

    return Stack(
        key="crosslinks",
        kind="crosslinks",
        width=width,
        elements=tuple(elements),
        mark=mark_h + 0.2 * s,
        paint_mark=paint_mark,
        split_cost=SPLIT,
    )


def _rule(pen: Pen, x: float, y: float, width: float, st: Styles) -> None:
    with pen.artifact():
        pen.canvas.setStrokeColor(HexColor(st.colours.rule))
        pen.canvas.setLineWidth(0.6)
        pen.canvas.line(x, y, x + width, y)


def crosslinks(document: Document, width: float, st: Styles, labels: Labels) -> Piece | None:
    """Heading, then the initiative x theme matrix with the explicit links beside or below it."""
    has_links = any(i.links for i in document.initiatives)
    if not document.themes and not has_links:
        return None
    s = st.size
    heading = st.para(escape(labels.crosslinks), st.heading, width)
    matrix = _matrix(document, width, st, labels) if document.themes else None
    gutter = 1.6 * s
    beside = matrix is not None and width - matrix[1] - gutter >= 0.38 * width
    links_w = width - matrix[1] - gutter if beside and matrix else width
    links = _links(document, links_w, st, labels) if has_links else None
    matrix_h = matrix[2] if matrix else 0.0
    links_h = links[1] if links else 0.0
    gap = 0.5 * s
    body_h = (
        max(matrix_h, links_h) if beside else matrix_h + links_h + (gap if links and matrix else 0)
    )
    height = heading[1] + gap + body_h

    def paint(pen: Pen, x: float, top: float) -> None:
        with pen.element("Sect", key="crosslinks"):
            pen.paragraph("H2", heading[0], x, top - heading[1], None)
            _rule(pen, x, top - heading[1] - gap * 0.45, width, st)
            y = top - heading[1] - gap
            if matrix:
                matrix[0](pen, x, y)
            if links:
                if beside and matrix:
                    links[0](pen, x + matrix[1] + gutter, y)
                else:
                    links[0](pen, x, y - (matrix_h + gap if matrix else 0))

    return Piece("crosslinks", "crosslinks", width, height, paint)


class _Grid(Frozen):
    """The matrix's measures at one size: name column, theme columns, label and dot sizes."""

    name_w: float
    col_w: float
    label_size: float
    dot: float


def _grid(document: Document, avail: float, st: Styles, corner: str = "") -> _Grid:
    s = st.size
    widest = max(stringWidth(i.label, st.faces.regular, s) for i in document.initiatives)
    widest = max(widest, stringWidth(corner, st.faces.italic, 0.85 * s))
    natural = widest + 0.9 * s
    count = len(document.themes)
    # Theme columns narrow first, then names wrap; past that, columns and labels shrink,
    # so the matrix always stays inside its column.
    col_w = min(1.9 * s, max((avail - natural) / count, 1.35 * s))
    name_w = max(min(natural, avail - col_w * count), avail * 0.3)
    col_w = min(col_w, (avail - name_w) / count)
    # Theme labels never under the legible floor: columns keep room for them, names wrap.
    col_w = max(col_w, min(FLOOR / 0.8, (avail - avail * 0.3) / count))
    name_w = min(name_w, avail - col_w * count)
    label = max(min(0.9 * s, col_w * 0.8), min(FLOOR, col_w))
    return _Grid(name_w, col_w, label, min(0.3 * s, col_w * 0.3))


def _matrix(
    document: Document, avail: float, st: Styles, labels: Labels
) -> tuple[Any, float, float]:
    s, faces, colours = st.size, st.faces, st.colours
    g = _grid(document, avail, st, labels.matrix_corner)
    names = [st.para(escape(i.label), st.name, g.name_w - 0.6 * s) for i in document.initiatives]
    corner = st.para(f"<i>{escape(labels.matrix_corner)}</i>", st.small, g.name_w - 0.3 * s)
    rows = [max(1.45 * s, h + 0.45 * s) for _, h in names]
    tallest = max(stringWidth(t.label, faces.regular, g.label_size) for t in document.themes)
    head_h = max(tallest + 0.8 * s, corner[1] + 0.6 * s)
    width = g.name_w + g.col_w * len(document.themes)
    themes = [t.id for t in document.themes]

    def paint(pen: Pen, x: float, top: float) -> None:
        canvas = pen.canvas
        with pen.element("Table", key="matrix"):
            with pen.element("TR"):
                pen.paragraph("TH", corner[0], x, top - head_h + 0.3 * s, None, scope="Both")
                canvas.setFillColor(HexColor(colours.text))
                for index, theme in enumerate(document.themes):
                    cx = x + g.name_w + (index + 0.5) * g.col_w
                    label_field = overview_field(f"themes[{index}].label")
                    with pen.content("TH", label_field, scope="Column"):
                        canvas.saveState()
                        canvas.translate(cx + g.label_size * 0.32, top - head_h + 0.4 * s)
                        canvas.rotate(90)
                        canvas.setFont(faces.regular, g.label_size)
                        canvas.drawString(0, 0, theme.label)
                        canvas.restoreState()
            y = top - head_h
            for row, (initiative, (name, name_h), row_h) in enumerate(
                zip(document.initiatives, names, rows, strict=True)
            ):
                y -= row_h
                if row % 2 == 0:
                    with pen.artifact():
                        canvas.setFillColor(HexColor(colours.card))
                        canvas.rect(x, y, width, row_h, stroke=0, fill=1)
                with pen.element("TR"):
                    name_field = initiative_field(initiative.id, "short_title")
                    pen.paragraph("TH", name, x + 0.3 * s, y + (row_h - name_h) / 2, name_field,
                                  scope="Row")  # fmt: skip
                    canvas.setFillColor(HexColor(colours.accent))
                    for index, theme_id in enumerate(themes):
                        cell = initiative_field(initiative.id, f"themes[{theme_id}]")
                        checked = theme_id in initiative.themes
                        # The dot pictures the answer; the cell says it in words too.
                        says = labels.matrix_yes if checked else labels.matrix_no
                        box = (x + g.name_w + index * g.col_w, y, g.col_w, row_h)
                        with pen.content("TD", cell, checked=checked, says=says, box=box):
                            if checked:
                                cx = x + g.name_w + (index + 0.5) * g.col_w
                                canvas.circle(cx, y + row_h / 2, g.dot, stroke=0, fill=1)
            with pen.artifact():
                canvas.setStrokeColor(HexColor(colours.rule))
                canvas.setLineWidth(0.4)
                canvas.line(x, top - head_h, x + width, top - head_h)

    return paint, width, head_h + sum(rows)


def _link_paragraphs(
    document: Document, width: float, st: Styles, labels: Labels
) -> tuple[Any, list[tuple[Any, str]]]:
    """The links' label and one bulleted paragraph per link, with the field it shows."""
    label, _ = st.para(st.label(labels.links), st.body, width)
    items = []
    for initiative in document.initiatives:
        for number, link in enumerate(initiative.links):
            other = document.initiative(link.to)
            pair = f"<b>{escape(initiative.label)} → {escape(other.label)}</b>"
            paragraph, _ = st.para(f"{pair} {markup(link.note)}", st.bullet, width, "•")
            items.append((paragraph, initiative_field(initiative.id, f"links[{number}]")))
    return label, items


def _links(document: Document, width: float, st: Styles, labels: Labels) -> tuple[Any, float]:
    label, items = _link_paragraphs(document, width, st, labels)
    gap = 0.2 * st.size

    def paint(pen: Pen, x: float, top: float) -> None:
        pen.paragraph("P", label, x, top - label.height, None)
        y = top - label.height - gap
        with pen.element(*LINKS):
            for paragraph, field in items:
                pen.paragraph("LI", paragraph, x, y - paragraph.height, field)
                y -= paragraph.height + gap

    height = label.height + sum(p.height + gap for p, _ in items)
    return paint, height
