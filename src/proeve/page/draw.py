"""A Layout -> paint on a ReportLab canvas: backgrounds, the draft watermark, then every block.

The one way a page is drawn: drafts (through proeve.pdf.write) and the review
page both call paint_page, so a change to how a block looks shows on both.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor

from proeve.inputs.template import Template
from proeve.page.boxes import Layout
from proeve.page.fonts import register
from proeve.pdf.pen import Pen


def paint_page(pen: Pen, layout: Layout, template: Template, watermark: str | None = None) -> None:
    """Paint backgrounds, the watermark (under the text, never over it), then all text.

    A page that does not fit (`layout.overflow`) shows what runs past the room on
    a red band, below a red line, drawn smaller when it would run off the sheet.
    """
    canvas = pen.canvas
    mark = layout.overflow
    if mark is not None:  # only a page that does not fit needs the marks
        from proeve.page.overflow import paint_marks
    if mark is not None and mark.scale < 1:
        canvas.saveState()
        middle, top = layout.page.width / 2, layout.page.height
        canvas.translate(middle * (1 - mark.scale), top * (1 - mark.scale))
        canvas.scale(mark.scale, mark.scale)
    if mark is not None:
        paint_marks(pen, layout, under=True)
    with pen.artifact():
        for block in layout.blocks:
            if block.piece.background:
                block.piece.background(pen, block.box.x, block.box.top, block.box.height)
    if watermark:
        faces = register(template.font)
        with pen.artifact("Watermark"):
            _watermark(canvas, layout, watermark, faces.bold, template.colours.watermark)
    for block in layout.blocks:
        block.piece.paint(pen, block.box.x, block.box.top)
    if mark is not None:
        paint_marks(pen, layout, under=False)
        if mark.scale < 1:
            canvas.restoreState()


def _watermark(canvas: Any, layout: Layout, text: str, font: str, colour: str) -> None:
    size = min(130.0, layout.page.width * 1.05 / max(len(text) * 0.62, 1))
    canvas.saveState()
    canvas.setFillColor(HexColor(colour))
    canvas.translate(layout.page.width / 2, layout.page.height / 2)
    canvas.rotate(54)
    canvas.setFont(font, size)
    canvas.drawCentredString(0, -size * 0.35, text)
    canvas.restoreState()
