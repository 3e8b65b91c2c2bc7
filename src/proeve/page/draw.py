"""Layout -> PDF bytes: paint the placed blocks with ReportLab, then metadata and attachments."""

from __future__ import annotations

import io
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from proeve.inputs.template import Template
from proeve.page.fonts import register
from proeve.page.layout import Layout
from proeve.pdf import write as pdfa


def render_pdf(
    layout: Layout,
    template: Template,
    meta: pdfa.Metadata,
    attachments: list[pdfa.Attachment],
    watermark: str | None = None,
) -> bytes:
    """Paint backgrounds, the watermark (under the text, never over it), then all text."""
    faces = register(template.font)
    rl_config.invariant = 1
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(layout.page.width, layout.page.height),
        invariant=1,
        pdfVersion=(1, 7),
        lang=meta.language,
        initialFontName=faces.regular,
        pageCompression=1,
    )
    for block in layout.blocks:
        if block.piece.background:
            block.piece.background(canvas, block.box.x, block.box.top, block.fill_height)
    if watermark:
        _watermark(canvas, layout, watermark, faces.bold, template.colours.watermark)
    for block in layout.blocks:
        block.piece.paint(canvas, block.box.x, block.box.top)
    canvas.showPage()
    pdfa.apply(canvas, meta, attachments)
    pdfa.save(canvas)
    return buffer.getvalue()


def _watermark(canvas: Any, layout: Layout, text: str, font: str, colour: str) -> None:
    size = min(130.0, layout.page.width * 1.05 / max(len(text) * 0.62, 1))
    canvas.saveState()
    canvas.setFillColor(HexColor(colour))
    canvas.translate(layout.page.width / 2, layout.page.height / 2)
    canvas.rotate(54)
    canvas.setFont(font, size)
    canvas.drawCentredString(0, -size * 0.35, text)
    canvas.restoreState()
