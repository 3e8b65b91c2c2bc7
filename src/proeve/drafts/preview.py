"""A project folder -> output/preview.pdf (and PNG); the last good one, marked out of date.

The preview is the one output file that is replaced each time. A page that does
not fit is still written, marked where it runs over. When the inputs break
while the editor watches, the page they last saw comes back with a red box over
its header: out of date, and the problems, so they see it where they look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from proeve.chain import Built, Fitted, Warm, fit, gather, make_pdf, overflow_pdf, render
from proeve.errors import FitError, ProeveError, WriteError
from proeve.frozen import Frozen
from proeve.fsio import writing

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
    warm: Warm | None = None,
) -> Preview:
    """Build the unversioned preview and replace output/preview.pdf (and .png) with it.

    A page that does not fit is still written, marked where it runs over, and
    the FitError is raised on, saying where it is. `start`: the font size to
    try first (see proeve.chain.fit). `positions=False` leaves out the map of
    where each field lies (only `proeve comments` reads it, on drafts), and
    `durable=False` does not wait for the disk (see proeve.fsio): the watch
    loop's previews are made for the screen and made again on the next save.
    `warm` keeps what the fit measured for the next time (proeve.chain.Warm).
    """
    sources, name = gather(project, template)
    try:
        built = make_pdf(sources, name, start=start, positions=positions, warm=warm)
    except FitError as error:
        if error.page is None:
            raise
        out, _ = _write(project, overflow_pdf(sources, name, error), png, durable)
        raise error.shown_in(str(out)) from None
    out, image = _write(project, built.pdf, png, durable)
    return Preview(built, out, image)


def write_stale(project: Path, last: Built, problem: ProeveError, png: bool = False) -> Preview:
    """The last good preview again, marked out of date, with the problems listed on it."""
    fitted = last.fitted
    lines = str(problem).splitlines() or [type(problem).__name__]

    def mark(canvas: Any) -> None:
        _paint_mark(canvas, fitted, lines)

    built = render(fitted, positions=False, overlay=mark)
    out, image = _write(project, built.pdf, png, durable=False)
    return Preview(built, out, image)


def _write(project: Path, pdf: bytes, png: bool, durable: bool) -> tuple[Path, Path | None]:
    from proeve.drafts.folder import PREVIEW, output_folder, put_preview

    folder = output_folder(project)
    out = folder / PREVIEW
    image = out.with_suffix(".png") if png else None
    try:
        with writing("write the preview", "an earlier preview is as it was", out):
            put_preview(folder, PREVIEW, pdf, durable)
        if image is not None:
            from proeve.pdf.raster import page_png

            with writing("write the preview's image", f"{out} was written, not the image", image):
                put_preview(folder, image.name, page_png(pdf, 100), durable)
    except WriteError as exc:
        if not isinstance(exc.__cause__, PermissionError):
            raise
        raise WriteError(
            f"{exc}; is it open in another program, such as a PDF viewer that locks the "
            "file (Windows)? Close it there and save again"
        ) from exc.__cause__
    return out, image


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
