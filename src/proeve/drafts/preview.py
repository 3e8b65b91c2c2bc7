"""A project folder -> output/preview.pdf (and PNG); the last good one, marked out of date.

The preview is the one output file that is replaced each time. When the inputs
break while the editor watches, the page they last saw comes back with a red
box over its header: out of date, and the problems, so they see it where they
look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from proeve.chain import Built, Fitted, fit, gather, make_pdf
from proeve.errors import ProeveError
from proeve.frozen import Frozen
from proeve.fsio import replace_atomically

MARK = {
    "nl": ("Verouderd", "{n} in de invoer; hieronder de laatste goede versie."),
    "en": ("Out of date", "{n} in the inputs; below is the last good version."),
}
PROBLEMS = {"nl": ("probleem", "problemen"), "en": ("problem", "problems")}
MAX_LINES = 8


class Preview(Frozen):
    built: Built
    pdf: Path
    png: Path | None


def check(project: Path, template: str = "default") -> Fitted:
    """Validate and fit, without rendering or writing anything."""
    return fit(*gather(project, template))


def write_preview(
    project: Path,
    template: str = "default",
    png: bool = False,
    start: float | None = None,
    positions: bool = True,
    durable: bool = True,
) -> Preview:
    """Build the unversioned preview and replace output/preview.pdf (and .png) with it.

    `start`: the font size to try first (see proeve.chain.fit). `positions=False`
    leaves out the map of where each field lies (only `proeve comments` reads it,
    on drafts): the watch loop's previews are made for the screen, and written
    without waiting for the disk (`durable=False`; see proeve.fsio).
    """
    sources, name = gather(project, template)
    built = make_pdf(sources, name, start=start, positions=positions)
    return _write(project, built, png, durable)


def write_stale(project: Path, last: Built, problem: ProeveError, png: bool = False) -> Preview:
    """The last good preview again, marked out of date, with the problems listed on it."""
    fitted = last.fitted
    lines = str(problem).splitlines() or [type(problem).__name__]

    def mark(canvas: Any) -> None:
        _paint_mark(canvas, fitted, lines)

    size = fitted.layout.font_size
    built = make_pdf(
        fitted.sources, fitted.template_name, overlay=mark, start=size, positions=False
    )
    return _write(project, built, png, durable=False)


def _write(project: Path, built: Built, png: bool, durable: bool = True) -> Preview:
    from proeve.drafts.folder import PREVIEW, output_folder

    out = output_folder(project) / PREVIEW
    image = out.with_suffix(".png") if png else None
    try:
        replace_atomically(out, built.pdf, durable)
        if image is not None:
            from proeve.pdf.raster import page_png

            replace_atomically(image, page_png(built.pdf, 100), durable)
    except PermissionError as exc:
        where = exc.filename or out
        raise ProeveError(
            f"{where}: cannot replace it ({exc.strerror}); is it open in another program, "
            "such as a PDF viewer that locks the file? Close it and save again"
        ) from None
    return Preview(built, out, image)


def _paint_mark(canvas: Any, fitted: Fitted, problems: list[str]) -> None:
    """A red-framed box across the top of the page: out of date, and why."""
    from reportlab.lib.colors import HexColor, white
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from proeve.page.fonts import register

    faces = register(fitted.template.font)
    language = fitted.document.language
    title, said = MARK[language]
    one, many = PROBLEMS[language]
    count = f"{len(problems)} {one if len(problems) == 1 else many}"
    shown = problems[:MAX_LINES]
    if len(problems) > MAX_LINES:
        shown.append(f"… +{len(problems) - MAX_LINES}")
    frame = fitted.layout.frame
    size, lead, pad = 8.0, 10.0, 6.0
    height = pad * 2 + 14 + lead * len(shown)
    top = frame.y + frame.height
    red = HexColor("#B00020")
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.setStrokeColor(red)
    canvas.setLineWidth(2)
    canvas.rect(frame.x, top - height, frame.width, height, stroke=1, fill=1)
    canvas.setFillColor(red)
    canvas.setFont(faces.bold, 11)
    canvas.drawString(frame.x + pad, top - pad - 10, title)
    width = stringWidth(title + "  ", faces.bold, 11)
    canvas.setFont(faces.regular, size)
    canvas.drawString(frame.x + pad + width, top - pad - 10, said.format(n=count))
    room = frame.width - 2 * pad
    for index, line in enumerate(shown):
        while line and stringWidth(line, faces.regular, size) > room:
            line = line[:-2] + "…"
        canvas.drawString(frame.x + pad, top - pad - 14 - lead * (index + 1) + 2, line)
    canvas.restoreState()
